// node summarize.mjs a|b|c|d RESULTS_DIR: the numbers of a reproduction as summary.md, from the
// JSON the nnll commands wrote there (and the wall-clock the script recorded).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [which, dir] = process.argv.slice(2);
const json = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const g = (v, d = 4) => (typeof v === 'number' && Number.isFinite(v) ? (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(d - 1) : v.toPrecision(d)) : '—');
const ms = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const s = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : NaN;
  return `${g(m)} ± ${g(s, 2)}`;
};
const lines = [];
const clock = existsSync(join(dir, 'wall-clock.txt')) ? readFileSync(join(dir, 'wall-clock.txt'), 'utf8').trim().split('\n') : [];

if (which === 'a') {
  const r = json('reparam-alpha10.json');
  const a = r.alphas[0];
  lines.push(`# (a) Dinh et al.: ${r.layer} × α, ${r.next} × 1/α (through ${r.chain.join(', ')}), α = ${a.alpha}`, '');
  lines.push(`Model ${r.model.path} (${r.model.param_count} parameters) on ${r.data.path} (${r.n} samples).`, '');
  lines.push(`- loss ${r.loss_before} → ${a.loss_after} (|Δ| = ${g(Math.abs(a.loss_after - r.loss_before), 2)}); max |Δlogits| ${g(a.max_logit_change, 2)} over ${r.checked_samples} samples (logits up to ${g(a.max_logit, 3)})`);
  lines.push(`- 1-D curve along a fixed raw direction: max |Δloss| ${g(a.curve_change.raw, 3)}; along a filter-normalised direction: ${g(a.curve_change.filter, 3)}`, '');
  lines.push('| measure | before | after | after/before | noise (before, after) | invariant |', '|---|---|---|---|---|---|');
  for (const m of a.measures) lines.push(`| ${m.name} | ${g(m.before)} | ${g(m.after)} | ${g(m.ratio)} | ${g(m.noise_before, 2)}, ${g(m.noise_after, 2)} | ${m.invariant ? 'yes' : 'no'} |`);
  const s = json('reparam-alphas.json');
  const names = s.alphas[0].measures.map((m) => m.name);
  lines.push('', 'After/before over α:', '', `| α | ${names.join(' | ')} |`, `|---|${names.map(() => '---').join('|')}|`);
  for (const x of s.alphas) lines.push(`| ${x.alpha} | ${x.measures.map((m) => g(m.ratio)).join(' | ')} |`);
}

if (which === 'b') {
  const r = json('study.json');
  lines.push(`# (b) Keskar et al.: ${r.model.path} on ${r.data.path}, Adam, batch ${[...new Set(r.runs.map((x) => x.batch_size))].join(' vs ')}, ${r.runs[0].epochs} epochs, seeds ${[...new Set(r.runs.map((x) => x.seed))].join(', ')}`, '');
  const eps = Object.keys(r.runs[0].eps_sharpness ?? {});
  lines.push(`| batch | runs | train acc | test acc | gap (train − test acc) | test − train loss | λmax | ${eps.map((e) => `ε-sharpness ${e}`).join(' | ')} |`, `|---|---|---|---|---|---|---|${eps.map(() => '---').join('|')}|`);
  for (const B of [...new Set(r.runs.map((x) => x.batch_size))]) {
    const rs = r.runs.filter((x) => x.batch_size === B);
    lines.push(`| ${B} | ${rs.length} | ${ms(rs.map((x) => x.train_accuracy))} | ${ms(rs.map((x) => x.test_accuracy))} | ${ms(rs.map((x) => x.gap))} | ${ms(rs.map((x) => x.loss_gap))} | ${ms(rs.map((x) => x.lambda_max))} | ${eps.map((e) => ms(rs.map((x) => x.eps_sharpness?.[e]))).join(' | ')} |`);
  }
  const sizes = [...new Set(r.runs.map((x) => x.batch_size))].sort((a, b) => a - b);
  if (sizes.length >= 2) {
    const mean = (B, f) => {
      const v = r.runs.filter((x) => x.batch_size === B).map(f).filter((x) => typeof x === 'number');
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    const [sb, lb] = [sizes[0], sizes[sizes.length - 1]];
    lines.push('', `Batch ${lb} against batch ${sb} (means over seeds): λmax ×${g(mean(lb, (x) => x.lambda_max) / mean(sb, (x) => x.lambda_max), 3)}, ${eps.map((e) => `ε-sharpness(${e}) ×${g(mean(lb, (x) => x.eps_sharpness?.[e]) / mean(sb, (x) => x.eps_sharpness?.[e]), 3)}`).join(', ')}; gap ${g(mean(lb, (x) => x.gap), 3)} vs ${g(mean(sb, (x) => x.gap), 3)}; test accuracy ${g(mean(lb, (x) => x.test_accuracy))} vs ${g(mean(sb, (x) => x.test_accuracy))}; train accuracy ${g(mean(lb, (x) => x.train_accuracy))} vs ${g(mean(sb, (x) => x.train_accuracy))}.`);
  }
  lines.push('', 'Every run:', '', '| run | train acc | test acc | gap | λmax | ε-sharpness |', '|---|---|---|---|---|---|');
  for (const x of r.runs) lines.push(`| ${x.id} | ${g(x.train_accuracy)} | ${g(x.test_accuracy)} | ${g(x.gap)} | ${g(x.lambda_max)} | ${eps.map((e) => g(x.eps_sharpness?.[e])).join(', ')} |`);
  if (r.keskar) {
    const k = r.keskar.interpolation;
    lines.push('', `Keskar's line ${r.keskar.small} → ${r.keskar.large}: train loss at α = 0, 1: ${g(k.loss_a)}, ${g(k.loss_b)}; barrier ${g(k.barrier)} at α = ${g(k.barrier_t, 3)}.`);
  }
}

if (which === 'c') {
  const r = json('study.json');
  lines.push(`# (c) Temperature: ${r.model.path} on ${r.data.path} (test ${r.test?.path}), SGD, lr × B grid, ${r.runs[0].epochs} epochs`, '');
  lines.push('Kendall τ of each quantity with the generalization gap (train − test accuracy), over the runs:', '', '| quantity | τ | runs |', '|---|---|---|');
  for (const c of r.correlations) lines.push(`| ${c.measure} | ${c.tau === null ? '—' : c.tau.toFixed(3)} | ${c.n} |`);
  // Jastrzębski et al.: does the temperature lr/B decide the flatness (and the test accuracy)?
  const { kendallTau } = await import(new URL('../packages/landscape/dist/index.js', import.meta.url).href);
  const temperature = r.runs.map((x) => x.lr_over_b);
  const against = [...r.correlations.map((c) => c.measure).filter((m) => !['lr_over_b', 'lr', 'batch_size'].includes(m)), 'train_accuracy', 'test_accuracy', 'gap'];
  const valueOf = (x, m) => (m.startsWith('eps_sharpness(') ? x.eps_sharpness?.[m.slice(14, -1)] : x[m]);
  lines.push('', 'Kendall τ of each quantity with the temperature lr/B, over the runs:', '', '| quantity | τ |', '|---|---|');
  for (const m of against) {
    const tau = kendallTau(temperature, r.runs.map((x) => valueOf(x, m))).tau;
    lines.push(`| ${m} | ${tau === null ? '—' : tau.toFixed(3)} |`);
  }
  lines.push('', '| run | lr/B | train acc | test acc | gap | λmax | trace | λmax filter | adaptive worst | adaptive avg | PAC σ | PAC σ mag | ε-sharpness |', '|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const x of r.runs) lines.push(`| ${x.id} | ${g(x.lr_over_b, 3)} | ${g(x.train_accuracy)} | ${g(x.test_accuracy)} | ${g(x.gap)} | ${g(x.lambda_max)} | ${g(x.trace)} | ${g(x.lambda_max_filter)} | ${g(x.adaptive_worst)} | ${g(x.adaptive_average)} | ${g(x.pac_bayes_sigma)} | ${g(x.pac_bayes_sigma_mag)} | ${Object.values(x.eps_sharpness ?? {}).map((v) => g(v)).join(', ')} |`);
}

if (which === 'd') {
  lines.push('# (d) Edge of stability: full-batch gradient descent, λmax against 2/η', '');
  lines.push('| η | 2/η | λmax at step 0 | first step with λmax ≥ 0.95·2/η | largest λmax | mean λmax after that step (min–max) | train loss: first → last | tracked loss increases after that step |', '|---|---|---|---|---|---|---|---|');
  for (const lr of ['0.2', '0.4']) {
    const f = `eos-lr${lr}.json`;
    if (!existsSync(join(dir, f))) continue;
    const r = json(f);
    const t = r.tracked;
    const thr = 2 / r.lr;
    const k = t.findIndex((x) => x.lambda_max >= 0.95 * thr);
    const after = k >= 0 ? t.slice(k) : [];
    const lam = after.map((x) => x.lambda_max);
    let ups = 0;
    for (let i = 1; i < after.length; i++) if (after[i].loss > after[i - 1].loss) ups++;
    lines.push(`| ${r.lr} | ${g(thr)} | ${g(t[0].lambda_max)} | ${k >= 0 ? t[k].step : 'never'} | ${g(Math.max(...t.map((x) => x.lambda_max)))} | ${lam.length ? `${g(lam.reduce((a, b) => a + b, 0) / lam.length)} (${g(Math.min(...lam))}–${g(Math.max(...lam))})` : '—'} | ${g(t[0].loss)} → ${g(t[t.length - 1].loss)} | ${after.length ? `${ups} of ${after.length - 1}` : '—'} |`);
  }
}

lines.push('', 'Wall-clock:', '', ...clock.map((l) => `- ${l}`));
writeFileSync(join(dir, 'summary.md'), lines.join('\n') + '\n');
