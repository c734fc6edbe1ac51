/**
 * A figure as a self-contained HTML page: the SVG inline, a title, and optionally the result data
 * embedded as JSON (`<script type="application/json" id="nnll-data">`) with a link that saves it.
 * No external script, style sheet or font.
 */
import { escapeText } from './render-svg.js';

export interface RenderHtmlOptions {
  /** Page title and heading. Default 'nnll figure'. */
  title?: string;
  /** Result to embed (JSON-serialisable); NaN and ±Infinity become null. Default: none. */
  data?: unknown;
}

/** JSON safe inside `<script>`: `<`, `>`, `&` and the JS line separators escaped. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value, null, 0)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function renderHtml(svg: string, options: RenderHtmlOptions = {}): string {
  const title = escapeText(options.title ?? 'nnll figure');
  const body = svg.replace(/^<\?xml[^>]*>\s*/, '').trim();
  const data = options.data === undefined ? '' : [
    `<p><a id="nnll-download" href="#" download="data.json">Download the data (JSON)</a></p>`,
    `<script type="application/json" id="nnll-data">${scriptJson(options.data)}</script>`,
    `<script>{const d=document.getElementById('nnll-data').textContent;document.getElementById('nnll-download').href=URL.createObjectURL(new Blob([d],{type:'application/json'}));}</script>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}svg{max-width:100%;height:auto}</style>
</head>
<body>
<h1>${title}</h1>
<figure>
${body}
</figure>
${data}
</body>
</html>
`;
}
