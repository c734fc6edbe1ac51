/**
 * A study folder's index.html: what was run, the table of runs (end state, gap, measures), the
 * mean ± std over seeds of each configuration, Kendall's τ of every measure with the gap, and every
 * figure. A string of HTML, written by the frontends (the CLI into the study folder). Browser-safe.
 */
import type { ReportFigure } from './demo-report.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: unknown, d = 4) => (typeof v === 'number' && Number.isFinite(v) ? (Math.abs(v) !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : v.toPrecision(d)) : '—');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function studyReportHtml(r: Record<string, any>, figures: readonly ReportFigure[], options: { links?: boolean } = {}): string {
  const links = options.links ?? true;
  const eps = [...new Set((r.runs as { eps_sharpness: Record<string, number> | null }[]).flatMap((x) => Object.keys(x.eps_sharpness ?? {})))];
  const cols = ['lambda_max', 'trace', 'lambda_max_filter', 'trace_filter', 'adaptive_worst', 'adaptive_average', 'pac_bayes_sigma', 'pac_bayes_sigma_mag'].filter((c) => r.runs.some((x: Record<string, unknown>) => x[c] !== null && x[c] !== undefined));
  const head = ['run', 'train loss', 'train acc', 'test loss', 'test acc', 'gap', ...cols, ...eps.map((e) => `ε-sharpness ${e}`)];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const rows = r.runs.map((x: any) => `<tr><td>${esc(x.id)}</td>${x.diverged ? `<td colspan="${head.length - 1}">diverged: ${esc(x.diverged)}</td>` : [x.train_loss, x.train_accuracy, x.test_loss, x.test_accuracy, x.gap, ...cols.map((c) => x[c]), ...eps.map((e) => x.eps_sharpness?.[e])].map((v) => `<td>${num(v)}</td>`).join('')}</tr>`).join('\n');
  const gcols = ['test_accuracy', 'gap', 'lambda_max', ...eps.map((e) => `eps_sharpness(${e})`)];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const groups = r.groups.filter((g: any) => g.runs > 1).map((g: any) => `<tr><td>${esc(`${g.optimizer}, lr ${g.lr}, batch ${g.batch_size}`)}</td><td>${g.runs}</td>${gcols.map((c) => `<td>${num(g.mean[c])} ± ${num(g.std[c], 2)}</td>`).join('')}</tr>`).join('\n');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const taus = r.correlations.map((c: any) => `<tr><td>${esc(c.measure)}</td><td>${c.tau === null ? '—' : c.tau.toFixed(3)}</td><td>${c.n}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>nnll study — ${esc(r.design)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:1200px;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:1.5rem}
figure{margin:0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#555}
table{border-collapse:collapse;font-size:.85rem}td,th{padding:.2rem .5rem;border-bottom:1px solid #ddd;text-align:right}td:first-child{text-align:left}
code{background:#f4f4f4;padding:0 .2rem}
</style></head><body>
<h1>nnll study: ${esc(r.design)}</h1>
<p><code>${esc(r.model.path)}</code> on ${esc(r.data.path)}${r.test ? `, tested on ${esc(r.test.path)}` : ''}: ${r.runs_done} of ${r.runs_total} runs${r.complete ? '' : ' (interrupted: run the same command to resume)'}.
The gap is train accuracy − test accuracy (classification) or test loss − train loss (regression).</p>
<h2>Runs</h2>
<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>
${groups ? `<h2>Over seeds (mean ± std)</h2>
<table><thead><tr><th>configuration</th><th>runs</th>${gcols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>
${groups}
</tbody></table>` : ''}
${taus ? `<h2>Kendall τ with the gap</h2>
<table><thead><tr><th>measure</th><th>τ</th><th>runs</th></tr></thead><tbody>
${taus}
</tbody></table>` : ''}
<div class="grid">
${figures.map((x) => `<figure id="${x.name}">${x.svg}<figcaption>${esc(x.title)}${links ? ` — <a href="${x.name}.png">PNG</a>, <a href="${x.name}.svg">SVG</a>` : ''}</figcaption></figure>`).join('\n')}
</div>
<p>All numbers are in <a href="study.json">study.json</a>; every run's model and results in <code>runs/</code>. nnll ${esc(r.version)}.</p>
</body></html>
`;
}
