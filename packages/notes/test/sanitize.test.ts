import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type BuildSiteResult } from '../src/index.js';
import { scopePostStyle } from '../src/post-style.js';
import { defaultTheme } from '../src/theme.js';

const HOSTILE_MARKDOWN = `---
title: "<script>alert('title')</script> Hostile"
tags: ["<img src=x onerror=alert(1)>", "ok"]
---

<script>alert('inline')</script>
<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>
<img src="x.png" onerror="alert('img')">
<img src="javascript:alert('src')">
<a href="javascript:alert('link')">click</a>
<a href="JaVaScRiPt:alert('case')">case</a>
<a href="&#106;avascript:alert('entity')">entity</a>
<a href=" javascript:alert('space')">space</a>
[md link](javascript:alert('md'))
[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
<iframe src="https://evil.example/"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<form action="https://evil.example/"><input name="q"></form>
<div style="background:url(javascript:alert('style'))" onclick="alert('div')">styled</div>
<style>body { display: none }</style>
<svg onload="alert('svg')"><script>alert('svg-script')</script></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<details open ontoggle="alert('toggle')">x</details>

Inline math with a link: $\\href{javascript:alert('katex')}{x}$ and $\\htmlId{pwn}{y}$.

\`\`\`nnll
result ../../../../etc/passwd
\`\`\`

\`\`\`nnll
result ./evil.json
\`\`\`

![x](../outside.png)
`;

const HOSTILE_EXPORT = `# Title
Evil Export
# Style
@import url("https://evil.example/x.css");
body { background: url(javascript:alert('css')); color: {color_text}; }
.x { behavior: url(x.htc); width: expression(alert('ie')); }
p { color: {no_such_variable}; }
a::after { content: "</style><script>alert('style-break')</script>"; }
# HTML
## <img src=x onerror=alert('export-title')>
### Monday, July 18 2022
<script>alert('export')</script>
[x](javascript:alert('export-link'))

---
`;

let work: string;
let out: string;
let result: BuildSiteResult;
let pages: string;
let documents: Document[];

function elements(): Element[] {
  return documents.flatMap((doc) => [...doc.querySelectorAll('*')]);
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'notes-hostile-'));
  const posts = path.join(work, 'posts');
  mkdirSync(posts);
  writeFileSync(path.join(posts, 'hostile.md'), HOSTILE_MARKDOWN);
  writeFileSync(path.join(posts, 'hostile-export.txt'), HOSTILE_EXPORT);
  writeFileSync(path.join(posts, 'evil.json'), JSON.stringify({ command: 'train', history: [{ epoch: 1, train_loss: 1, '<script>': 2 }] }));
  writeFileSync(path.join(work, 'outside.png'), 'not really');
  out = path.join(work, 'site');
  result = await buildSite(posts, { out });
  pages = result.posts.map((post) => readFileSync(path.join(out, post.url, 'index.html'), 'utf8')).join('\n');
  pages += readFileSync(path.join(out, 'index.html'), 'utf8') + readFileSync(path.join(out, 'feed.xml'), 'utf8');
  for (const tag of ['ok']) pages += readFileSync(path.join(out, 'tags', tag, 'index.html'), 'utf8');
  const files = result.posts.map((post) => path.join(out, post.url, 'index.html'));
  files.push(path.join(out, 'index.html'), path.join(out, 'tags', 'ok', 'index.html'));
  documents = files.map((file) => parseHTML(readFileSync(file, 'utf8')).document as unknown as Document);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hostile posts', () => {
  it('leave no script elements', () => {
    expect(pages).not.toMatch(/<script/i);
    expect(elements().filter((el) => el.localName === 'script')).toEqual([]);
  });

  it('leave no event handler attributes', () => {
    const handlers = elements().flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.localName} ${a.name}`));
    expect(handlers).toEqual([]);
    expect(elements().length).toBeGreaterThan(100); // the pages did parse
  });

  it('leave no javascript:, vbscript: or data:text URLs in attributes', () => {
    const bad = elements().flatMap((el) =>
      [...el.attributes].filter((a) => /^\s*(?:javascript|vbscript|data:text)/i.test(a.value)).map((a) => `${el.localName} ${a.name}=${a.value}`));
    expect(bad).toEqual([]);
    expect(pages).not.toContain('&#106;avascript');
  });

  it('drop frames, objects, forms, base, meta refresh and body styles', () => {
    const names = new Set(elements().map((el) => el.localName));
    for (const tag of ['iframe', 'object', 'embed', 'form', 'base', 'mglyph']) expect(names.has(tag), tag).toBe(false);
    // GitHub's schema keeps <input> only as a disabled checkbox (task lists)
    for (const input of elements().filter((el) => el.localName === 'input')) {
      expect(input.getAttribute('type')).toBe('checkbox');
      expect(input.hasAttribute('disabled')).toBe(true);
    }
    expect(elements().filter((el) => el.localName === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? ''))).toEqual([]);
    expect(elements().filter((el) => el.localName === 'style' && /display:\s*none/.test(el.textContent ?? ''))).toEqual([]);
    // style attributes only come from KaTeX's layout and Plot's charts, never from the post
    const styled = elements().filter((el) => el.hasAttribute('style') && !el.closest('.katex, .katex-error, .nnll-chart'));
    expect(styled.map((el) => el.outerHTML)).toEqual([]);
    expect(elements().filter((el) => /url\(|expression/i.test(el.getAttribute('style') ?? ''))).toEqual([]);
    expect(elements().find((el) => el.localName === 'div' && el.textContent === 'styled')?.hasAttribute('style')).toBe(false);
  });

  it('escape hostile titles and tags as text', () => {
    expect(pages).toContain('&#x3C;script>alert(\'title\')&#x3C;/script> Hostile');
    expect(result.tags).toContain('<img src=x onerror=alert(1)>');
    expect(pages).not.toContain('<img src=x onerror');
  });

  it('keeps harmless content', () => {
    expect(pages).toContain('styled</div>');
    expect(pages).toContain('<a>click</a>');
  });

  it('KaTeX does not honour \\href or \\htmlId', () => {
    expect(pages).not.toMatch(/href="javascript/i);
    expect(pages).not.toContain('id="pwn"');
  });

  it('refuses files outside the posts folder, with warnings naming the post', () => {
    const messages = result.warnings.map((w) => `${w.file}: ${w.message}`);
    expect(messages).toContain('hostile.md: result file ../../../../etc/passwd is outside the posts folder');
    expect(messages).toContain('hostile.md: image ../outside.png not found (outside the posts folder)');
    expect(pages).not.toContain('root:');
  });

  it('post styles are scoped, stripped of imports and script URLs, and cannot close their element', () => {
    expect(pages).not.toContain('@import');
    expect(pages).not.toContain('expression(');
    expect(pages).not.toContain('behavior');
    expect(pages).not.toMatch(/url\(javascript/i);
    expect(pages).not.toMatch(/<\/style><script/i);
    expect(pages).toContain('\\3c /style>\\3c script>');
    expect(result.warnings.map((w) => w.message)).toContain('style uses unknown theme variable {no_such_variable}');
  });
});

describe('scopePostStyle', () => {
  it('scopes selectors and fills theme variables', () => {
    const { css, warnings } = scopePostStyle('img, .a > b { color: {color_accent}; }\nbody { margin: 0 }\n@media (max-width: 40rem) { p { font-size: 1rem } }', defaultTheme, '.post-body');
    expect(warnings).toEqual([]);
    expect(css).toContain(`.post-body img, .post-body .a > b { color: ${defaultTheme.color_accent}; }`);
    expect(css).toContain('.post-body { margin: 0 }');
    expect(css).toContain('@media (max-width: 40rem) { .post-body p { font-size: 1rem } }');
  });

  it('reports CSS it cannot parse instead of failing the build', () => {
    const { css, warnings } = scopePostStyle('img { color: red', defaultTheme, '.post-body');
    expect(css).toBe('');
    expect(warnings[0]).toMatch(/style section is not valid CSS, ignored/);
  });
});
