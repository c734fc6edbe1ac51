import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFigureCache } from '../src/figures/figure-cache.js';
import type { PostSource } from '../src/post-source.js';
import { renderPost } from '../src/render-post.js';
import { postsDir } from './snapshot.js';

async function render(markdown: string, extra: Partial<PostSource> = {}) {
  const warnings: string[] = [];
  const source: PostSource = { file: path.join(postsDir, 'virtual.md'), relPath: 'virtual.md', format: 'markdown', index: 0, markdown, tags: [], ...extra };
  const post = await renderPost(source, { rootDir: postsDir, cache: createFigureCache(path.join(postsDir, '.no-cache')), warn: (m) => warnings.push(m) });
  return { ...post, warnings };
}

describe('renderPost', () => {
  it('title: front matter, then the first # heading (removed), then any heading, then a short first line', async () => {
    expect((await render('---\ntitle: From YAML\n---\n# Heading\ntext')).title).toBe('From YAML');
    const h1 = await render('intro\n\n# The Title\n\n## Section\n');
    expect(h1.title).toBe('The Title');
    expect(h1.html).not.toContain('The Title');
    expect((await render('### Only a section\ntext')).title).toBe('Only a section');
    expect((await render('A short first line\nand more text\n\n    code')).title).toBe('A short first line');
    expect((await render('https://example.org/only-a-link\n')).title).toBe('virtual');
  });

  it('date: front matter, then a Date: line near the top', async () => {
    expect((await render('---\ndate: 2021-05-06\n---\nx')).date).toBe('2021-05-06');
    expect((await render('Title\n       Date   : 2022-07-17 20:55 UTC (2 hours ago)\n')).date).toBe('2022-07-17');
    expect((await render('no date here')).date).toBeUndefined();
  });

  it('reports bad front matter without failing', async () => {
    const post = await render('---\ntitle: [unclosed\n---\nbody');
    expect(post.warnings[0]).toMatch(/^front matter is not valid YAML: /);
    const dated = await render('---\ndate: someday\ntags: 3\n---\nbody');
    expect(dated.warnings).toEqual(['front matter date is not a date: "someday"', 'front matter tags must be a list, got 3']);
  });

  it('tags from front matter and a Tags section, deduplicated case-insensitively', async () => {
    const post = await render('---\ntags: "Hessian, sharpness"\n---\n# T\n\nbody\n\n### Tags\n- hessian\n- #flatness, SGD\n');
    expect(post.tags).toEqual(['Hessian', 'sharpness', 'flatness', 'SGD']);
    expect(post.html).not.toContain('Tags');
  });

  it('excerpt skips headings, math, code and link-only lines, and stops at a word', async () => {
    const post = await render(`# T\n\nhttps://example.org\n\n$$x$$\n\n\`\`\`\ncode\n\`\`\`\n\n${'word '.repeat(80)}`);
    expect(post.excerpt.startsWith('word word')).toBe(true);
    expect(post.excerpt.endsWith('word…')).toBe(true);
    expect(post.excerpt.length).toBeLessThanOrEqual(201);
  });

  it('footnotes and hand-written anchors keep working after id prefixing', async () => {
    const post = await render('# T\n\nA note.[^1] <a href="#spot">jump</a>\n\n<span id="spot">here</span>\n\n[^1]: The note.\n');
    expect(post.html).toContain('href="#user-content-fn-1"');
    expect(post.html).toContain('id="user-content-fn-1"');
    expect(post.html).toContain('<a href="#user-content-spot">jump</a>');
    expect(post.html).toContain('<span id="user-content-spot">here</span>');
  });

  it('left-off markers in their usual spellings', async () => {
    for (const text of ['LEFT OFF AT: chapter 3', '__left off at chapter 3_', '_Left off here_']) {
      expect((await render(`# T\n\n${text}\n`)).html, text).toMatch(/<p class="left-off">left off (at|here)/i);
    }
    expect((await render('# T\n\nwe left off the bias\n')).html).not.toContain('left-off');
  });

  it('quoted link and image URLs are unquoted; unknown code languages stay plain', async () => {
    const post = await render(`# T\n\n[a]('https://example.org/a') ![b]("./figures/basin.png")\n\n\`\`\`klingon\nqapla'\n\`\`\`\n`);
    expect(post.html).toContain('<a href="https://example.org/a">a</a>');
    expect(post.html).toMatch(/<img src="media\/[0-9a-f]{8}-basin\.png" alt="b"/);
    expect(post.html).toContain('<code class="hljs language-klingon">qapla\'\n</code>');
    expect(post.warnings).toEqual([]);
  });

  it('math errors become warnings and are shown, not thrown', async () => {
    const post = await render('# T\n\n$\\frac{1}{$\n');
    expect(post.html).toContain('katex-error');
    expect(post.warnings.length).toBe(1);
  });

  it('a broken nnll block is a warning and a visible error figure', async () => {
    const post = await render('# T\n\n```nnll\nresult ./results/missing.json\n```\n\n```nnll\nresult ./results/surface.json extra\n```\n');
    expect(post.warnings).toEqual([
      'result file ./results/missing.json not found',
      'nnll block: expected `result PATH`, got "result ./results/surface.json extra"',
    ]);
    expect((post.html.match(/nnll-figure--error/g) ?? []).length).toBe(2);
  });
});
