/**
 * The demo's report page: the summary numbers, every figure (inline SVG with PNG and SVG links) and
 * the table of how well the PCA plane holds the path. A string of HTML, written by the frontends
 * (the CLI into its report folder). Browser-safe.
 */

export interface ReportFigure {
  name: string;
  title: string;
  svg: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(100 * v).toFixed(1)}%`);
const dec = (v: number | null | undefined, d = 4) => (v === null || v === undefined ? '—' : v.toFixed(d));

export function demoReportHtml(r: Record<string, any>, figures: readonly ReportFigure[], options: { links?: boolean } = {}): string {
  const f = r.train.final;
  const cps = r.pca.checkpoints as { step: number; a: number; b: number; distance: number; true_loss: number; projected_loss: number }[];
  const rows = cps.filter((_, i, a) => i % Math.max(1, Math.ceil(a.length / 8)) === 0 || i === a.length - 1)
    .map((c) => `<tr><td>${c.step}</td><td>${c.a.toFixed(3)}</td><td>${c.b.toFixed(3)}</td><td>${c.distance.toFixed(3)}</td><td>${c.true_loss.toFixed(4)}</td><td>${c.projected_loss.toFixed(4)}</td></tr>`).join('');
  const links = options.links ?? true;
  const barrier = r.interpolation.barrier;
  const barrierText = barrier === null ? '—' : barrier <= 0 || r.interpolation.barrier_t === 0 || r.interpolation.barrier_t === 1 ? 'none (the path stays below the chord)' : `${barrier.toFixed(4)} at t = ${r.interpolation.barrier_t.toFixed(3)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>nnll demo — ${esc(r.model.path)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:1.5rem}
figure{margin:0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#555}
table{border-collapse:collapse;font-size:.9rem}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:right}
code{background:#f4f4f4;padding:0 .2rem}
</style></head><body>
<h1>nnll demo: <code>${esc(r.model.path)}</code> on ${esc(r.data.path)}</h1>
<p>${r.model.param_count.toLocaleString('en-US')} parameters, ${r.split.train.toLocaleString('en-US')} training and ${r.split.test.toLocaleString('en-US')} test samples, seed ${r.seed}.
After ${r.train.epochs} epochs of SGD (lr ${r.train.lr}, momentum ${r.train.momentum}, batch ${r.train.batch_size}): train loss ${dec(f.train_loss)}, accuracy ${pct(f.train_accuracy)};
test loss ${dec(f.test_loss)}, accuracy ${pct(f.test_accuracy)}.</p>
<p>Top Hessian eigenvalues: ${r.hessian.eigenvalues.map((e: number) => e.toFixed(4)).join(', ')} (${r.hessian.hvp_count} exact Hessian-vector products);
estimated negative-eigenvalue fraction ${pct(r.hessian.neg_fraction)}. Interpolation barrier from the initialisation: ${barrierText}.</p>
<div class="grid">
${figures.map((x) => `<figure id="${x.name}">${x.svg}<figcaption>${esc(x.title)}${links ? ` — <a href="${x.name}.png">PNG</a>, <a href="${x.name}.svg">SVG</a>` : ''}</figcaption></figure>`).join('\n')}
</div>
<h2>How well the PCA plane holds the path</h2>
<p>The plane keeps ${pct(r.pca.explained_variance[0])} + ${pct(r.pca.explained_variance[1])} of the variance of the checkpoints' offsets from the final weights.
Where a checkpoint leaves the plane (distance), the surface shows the loss at its projection, not its own.</p>
<table><thead><tr><th>step</th><th>a</th><th>b</th><th>distance</th><th>true loss</th><th>loss at projection</th></tr></thead><tbody>${rows}</tbody></table>
<p>All numbers are in <a href="demo.json">demo.json</a>. nnll ${esc(r.version)}, ${esc(r.backend.name)}, ${r.backend.threads} thread${r.backend.threads > 1 ? 's' : ''}.</p>
</body></html>
`;
}
