import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type BuildSiteResult } from '../src/index.js';
import { assertGolden, postsDir } from './snapshot.js';

let work: string;
let out: string;
let result: BuildSiteResult;
const read = (rel: string) => readFileSync(path.join(out, rel), 'utf8');

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'notes-site-'));
  out = path.join(work, 'site');
  result = await buildSite(postsDir, { out, now: new Date('2024-01-01T00:00:00Z') });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('site from test/posts', () => {
  it('finds both kinds of post and sorts them newest first, undated last', () => {
    expect(result.posts.map((p) => [p.title, p.date ?? null, p.file])).toEqual([
      ['Basin geometry and filter normalization', '2023-03-10', 'basin-geometry.md'],
      ['Notes on Sharp and Flat Minima', '2023-03-08', 'reading-log.txt'],
      ['Short Entry', '2023-03-03', 'reading-log.txt'],
      ['Mode connectivity', null, 'mode-connectivity.md'],
    ]);
    expect(result.tags).toEqual(['connectivity', 'landscape', 'Reading Log', 'visualization']);
  });

  it('warns, naming the post, for the missing image and the figure whose model is missing', () => {
    expect(result.warnings).toEqual([
      { file: 'mode-connectivity.md', post: 'Mode connectivity', message: 'figure `surface --model ./models/digits.onnx --data mnist --x -1:1:21 --y -1:1:21` failed: --model ./models/digits.onnx: no such file' },
      { file: 'mode-connectivity.md', post: 'Mode connectivity', message: 'image ./figures/missing.png not found' },
    ]);
  });

  it('matches the golden pages', () => {
    assertGolden('index.html', read('index.html'));
    for (const post of result.posts) assertGolden(`post-${post.slug}.html`, read(path.join('posts', post.slug, 'index.html')));
    assertGolden('tags-index.html', read('tags/index.html'));
    assertGolden('tag-landscape.html', read('tags/landscape/index.html'));
    assertGolden('feed.xml', read('feed.xml'));
  });

  it('blog export: nested lists, links, the quoted image URL, emphasis, left-off marker, theme style', () => {
    const html = read('posts/notes-on-sharp-and-flat-minima/index.html');
    expect(html).toMatch(/<li>the function is unchanged<\/li>/);
    expect(html).toMatch(/<ul>\s*<li>rescale layer one by 10, layer two by 1\/10\s*<ul>/); // three levels deep
    expect(html).toContain('<a href="https://example.org/papers/sharp-flat">https://example.org/papers/sharp-flat</a>');
    expect(html).toContain('<a href="https://example.org/survey">the survey</a>');
    expect(html).toContain('<a href="https://example.org/appendix.pdf">https://example.org/appendix.pdf</a>');
    expect(html).toContain('<img src="https://example.org/images/basins.png" alt="a sharp and a flat basin"');
    expect(html).not.toContain('%22');
    expect(html).toContain('<strong>flatness alone is not the whole story</strong>');
    expect(html).toContain('<p class="left-off">left off at section 4, the reparametrization argument</p>');
    expect(html).toMatch(/<style data-source="post">[^<]*\.post-body img \{\s*border: 2px solid #e8f1f8;/);
    expect(html).toContain('class="katex"');
    expect(html).toContain('<time datetime="2023-03-08">March 8, 2023</time>');
  });

  it('markdown: front matter, math, Korean, highlighting, anchors, table, local image copied', () => {
    const html = read('posts/basin-geometry-and-filter-normalization/index.html');
    expect(html).toContain('<h1>Basin geometry and filter normalization</h1>');
    expect(html).toContain('class="katex-display"');
    expect((html.match(/class="katex"/g) ?? []).length).toBe(2); // one display, one inline
    expect(html).toContain('필터 정규화를 하면');
    expect(html).toMatch(/<h2 id="한국어-메모">한국어 메모<a class="heading-anchor"/);
    expect(html).toContain('<span class="hljs-keyword">export</span>');
    expect(html).toContain('<table>');
    expect(html).toContain('<img src="media/a13740ff-basin.png" alt="basin sketch"');
    const copied = path.join(out, 'posts/basin-geometry-and-filter-normalization/media/a13740ff-basin.png');
    expect(readFileSync(copied)).toEqual(readFileSync(path.join(postsDir, 'figures/basin.png')));
    expect(html).toMatch(/<nav class="toc"[^>]*>.*<a href="#the-surface">The surface<\/a>/s);
    expect(html).toContain('<strong>Loss surface of a small MLP</strong>');
  });

  it('figures: static SVG for result files, an error box for a command whose model is missing', () => {
    const html = read('posts/mode-connectivity/index.html');
    expect((html.match(/<figure class="nnll-figure" data-nnll-block="result"/g) ?? []).length).toBe(4);
    expect(html).toContain('class="nnll-figure nnll-figure--error"');
    expect(html).toContain('<code>surface --model ./models/digits.onnx --data mnist --x -1:1:21 --y -1:1:21</code>');
    expect(html).toContain('Figure could not be drawn: figure `surface --model ./models/digits.onnx');
    expect(html).toContain('<span class="missing-image" title="./figures/missing.png">[image: a figure that was never exported]</span>');
    expect(html).not.toMatch(/<script/i);
  });

  it('Tags section becomes tags and leaves the body', () => {
    const html = read('posts/mode-connectivity/index.html');
    expect(html).not.toMatch(/<h2[^>]*>Tags/);
    expect(read('tags/connectivity/index.html')).toContain('Mode connectivity');
  });

  it('index shows excerpts, dates and tags; assets are in place', () => {
    const html = read('index.html');
    expect(html).toContain('Random directions in weight space are not comparable across layers');
    expect(html).toContain('<a href="tags/reading-log/" class="tag">Reading Log</a>');
    expect(html).toContain('<span class="undated">undated</span>');
    expect(existsSync(path.join(out, 'assets/katex/katex.min.css'))).toBe(true);
    expect(existsSync(path.join(out, 'assets/katex/fonts/KaTeX_Main-Regular.woff2'))).toBe(true);
    expect(read('assets/notes.css')).toContain('--color-accent-light: #e8f1f8;');
    expect(read('assets/notes.css')).toMatch(/@media \(min-width: 64rem\)/);
  });

  it('feed is Atom with one entry per post', () => {
    const feed = read('feed.xml');
    expect(feed.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
    expect((feed.match(/<entry>/g) ?? []).length).toBe(4);
    expect(feed).toContain('<updated>2024-01-01T00:00:00Z</updated>'); // the undated post uses `now`
  });

  it('rebuilds atomically over its own output and refuses foreign folders', async () => {
    const again = await buildSite(postsDir, { out, now: new Date('2024-01-01T00:00:00Z') });
    expect(again.posts).toHaveLength(4);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe(read('index.html'));
    const siblings = (await import('node:fs')).readdirSync(work);
    expect(siblings).toEqual(['site']); // no temporary folders left behind
    await expect(buildSite(postsDir, { out: postsDir })).rejects.toThrow(/contains the posts folder/);
    await expect(buildSite(postsDir, { out: path.join(postsDir, 'results') })).rejects.toThrow(/is a non-empty folder that is not a notes site/);
    await expect(buildSite(path.join(work, 'nope'), { out: path.join(work, 'x') })).rejects.toThrow(/posts folder not found: ".*nope"/);
    await expect(buildSite(postsDir, { out: path.join(work, 'x'), excerptLength: -1 })).rejects.toThrow('invalid excerptLength: -1');
    await expect(buildSite(postsDir, { out: path.join(work, 'x'), theme: { color_accent: 'red;}</style>' } })).rejects.toThrow(/invalid theme.color_accent/);
    await expect(buildSite(postsDir, { out: path.join(work, 'x'), outDir: 'y' } as never)).rejects.toThrow('invalid option: outDir');
  });
});
