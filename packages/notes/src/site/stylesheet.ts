/**
 * `assets/notes.css`: one readable column on phones and desktops (fluid type, wide content such as
 * tables, display math and figures scrolls inside its box instead of widening the page), colours from
 * the theme's custom properties, a small syntax-highlighting palette for highlight.js classes.
 */
import { type Theme, themeCustomProperties } from '../theme.js';

const BASE = String.raw`
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--color-background);
  color: var(--color-text);
  font-family: var(--font-body);
  font-size: clamp(1rem, 0.95rem + 0.25vw, 1.125rem);
  line-height: 1.65;
  overflow-wrap: break-word;
}
a { color: var(--color-accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
.site-header, main, .site-footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
.site-header {
  display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; justify-content: space-between;
  padding-top: 1rem; padding-bottom: 0.75rem; border-bottom: 1px solid var(--color-border);
}
.site-title { font-weight: 700; font-size: 1.15rem; color: var(--color-text); text-decoration: none; }
.site-header nav { display: flex; gap: 1rem; }
.site-footer { margin-top: 3rem; padding-bottom: 2rem; color: var(--color-muted); font-size: 0.85rem; border-top: 1px solid var(--color-border); }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.8em 0 0.6em; }
h1 { font-size: clamp(1.6rem, 1.3rem + 1.4vw, 2.2rem); }
.page-title, .post-header h1 { margin-top: 1.2em; }
.heading-anchor { margin-left: 0.4em; font-weight: 400; color: var(--color-muted); text-decoration: none; opacity: 0; }
h1:hover .heading-anchor, h2:hover .heading-anchor, h3:hover .heading-anchor, h4:hover .heading-anchor,
h5:hover .heading-anchor, h6:hover .heading-anchor, .heading-anchor:focus { opacity: 1; }
@media (hover: none) { .heading-anchor { opacity: 0.5; } }
.post-meta { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: center; color: var(--color-muted); font-size: 0.9rem; }
.tags { display: flex; flex-wrap: wrap; gap: 0.35rem; list-style: none; margin: 0; padding: 0; }
.tag {
  display: inline-block; padding: 0 0.5em; border-radius: 999px; font-size: 0.8rem;
  background: var(--color-accent-light); color: var(--color-accent); text-decoration: none;
}
.post-list { list-style: none; padding: 0; margin: 0; }
.post-summary { padding: 1.25rem 0; border-bottom: 1px solid var(--color-border); }
.post-summary h2 { margin: 0 0 0.3rem; font-size: 1.3rem; }
.post-summary h2 a { color: var(--color-text); text-decoration: none; }
.post-summary h2 a:hover { color: var(--color-accent); }
.excerpt { margin: 0.5rem 0 0; color: var(--color-muted); }
.tag-index { columns: 14rem; padding-left: 1.2rem; }
.toc { margin: 1.5rem 0; padding: 0.75rem 1rem; background: var(--color-accent-light); border-radius: 6px; font-size: 0.92rem; }
.toc summary { cursor: pointer; font-weight: 600; }
.toc ol { list-style: none; margin: 0.5rem 0 0; padding: 0; }
.toc .toc-depth-2 { padding-left: 1rem; }
.toc .toc-depth-3 { padding-left: 2rem; }
.post-body ul, .post-body ol { padding-left: 1.4rem; }
.post-body li > ul, .post-body li > ol { margin: 0.15rem 0; }
.post-body img { max-width: 100%; height: auto; }
.post-body blockquote { margin: 1rem 0; padding: 0 1rem; border-left: 3px solid var(--color-border); color: var(--color-muted); }
.post-body table { display: block; overflow-x: auto; border-collapse: collapse; max-width: 100%; }
.post-body th, .post-body td { padding: 0.3rem 0.6rem; border: 1px solid var(--color-border); }
code, pre { font-family: var(--font-mono); font-size: 0.88em; }
:not(pre) > code { padding: 0.1em 0.3em; border-radius: 4px; background: var(--color-code-background); }
pre { overflow-x: auto; padding: 0.8rem 1rem; border-radius: 6px; background: var(--color-code-background); line-height: 1.45; }
.katex-display { overflow-x: auto; overflow-y: hidden; padding: 0.25rem 0; }
.left-off {
  padding: 0.4rem 0.8rem; border-left: 4px solid var(--color-warning); background: var(--color-accent-light);
  font-style: italic; color: var(--color-warning);
}
.missing-image { display: inline-block; padding: 0.2rem 0.5rem; border: 1px dashed var(--color-border); color: var(--color-muted); font-size: 0.9rem; }
.nnll-figure { margin: 1.5rem 0; overflow-x: auto; }
.nnll-figure svg { max-width: 100%; height: auto; }
.nnll-figure figure { margin: 0; }
.nnll-figure figcaption { color: var(--color-muted); font-size: 0.88rem; margin-top: 0.4rem; }
.nnll-placeholder, .nnll-figure--error > pre {
  padding: 1rem; border: 2px dashed var(--color-border); border-radius: 6px; background: var(--color-code-background);
}
.nnll-placeholder-label { margin: 0 0 0.5rem; font-weight: 600; color: var(--color-warning); }
.nnll-placeholder pre { margin: 0; padding: 0; white-space: pre-wrap; }
.nnll-figure--error figcaption { color: var(--color-warning); }
.post-nav { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1rem; margin-top: 3rem; }
.hljs-comment, .hljs-quote { color: #6a737d; font-style: italic; }
.hljs-keyword, .hljs-selector-tag, .hljs-built_in, .hljs-type { color: #cf222e; }
.hljs-string, .hljs-regexp, .hljs-attr, .hljs-symbol { color: #0a3069; }
.hljs-number, .hljs-literal, .hljs-variable, .hljs-template-variable { color: #0550ae; }
.hljs-title, .hljs-section, .hljs-function .hljs-title { color: #8250df; }
.hljs-meta, .hljs-tag, .hljs-name { color: #116329; }
@media (min-width: 64rem) {
  .post-body .nnll-figure { margin-left: -4rem; margin-right: -4rem; }
}
@media print {
  .site-header nav, .heading-anchor, .post-nav, .toc { display: none; }
}
`;

export function siteStylesheet(theme: Theme): string {
  return `${themeCustomProperties(theme)}${BASE.trimStart()}`;
}
