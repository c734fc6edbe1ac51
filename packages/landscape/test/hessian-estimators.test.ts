// Lanczos, Hutchinson, Hutch++ and SLQ against planted spectra (n = 400) whose eigenvalues are
// known exactly. Each tolerance is stated where it is used, with the reason.
import { describe, expect, it } from 'vitest';
import { lanczos } from '../src/hessian/lanczos.js';
import { hutchinson } from '../src/hessian/hutchinson.js';
import { hutchpp } from '../src/hessian/hutchpp.js';
import { slq } from '../src/hessian/slq.js';
import { exactSpectrum } from '../src/hessian/exact.js';
import { compareEstimators } from '../src/hessian/compare.js';
import { plantedOperator } from '../src/hessian/planted.js';
import { countingOperator } from '../src/hessian/operator.js';
import { densityGrid, smoothDensity, upperTail } from '../src/hessian/density.js';

const n = 400;
// Like a network's Hessian: a few large outliers over a bulk straddling zero (quasi-random,
// uniform on [−0.5, 1.5), so a quarter of the bulk is negative).
const lambda = Array.from({ length: n }, (_, i) => (i < 5 ? [50, 30, 20, 12, 8][i] : 2 * ((i * 0.6180339887) % 1) - 0.5));
const A = plantedOperator(lambda, { seed: 1 });
const trueTrace = lambda.reduce((a, b) => a + b, 0);

describe('lanczos on a planted spectrum', () => {
  it('finds the top-5 to 1e-6 relative and reports its HVPs', async () => {
    // Residual tolerance 1e-8 bounds each eigenvalue error by 1e-8·|λ| (and by residual²/gap), so
    // 1e-6 is met with room; the outliers are well separated, so far fewer than n steps are needed.
    const op = countingOperator(A.hvp, n);
    const r = await lanczos(op.hvp, n, { k: 5, tol: 1e-8, maxIter: n, seed: 1 });
    expect(r.converged).toBe(true);
    expect(r.which).toBe('largest');
    r.eigenvalues.forEach((e, i) => expect(Math.abs(e - A.eigenvalues[i]) / Math.abs(A.eigenvalues[i])).toBeLessThan(1e-6));
    expect(r.hvp_count).toBe(op.hvp_count);
    expect(r.hvp_count).toBeLessThan(60);
  });

  it('finds eig_min in the bulk with a residual relative to ‖H‖', async () => {
    // eig_min ≈ −0.5 sits at the edge of a dense bulk, so it converges slowly: a residual of 1e-6·‖H‖
    // bounds its error by 5e-5 (error ≤ residual), and we check 1e-4 absolute.
    const r = await lanczos(A.hvp, n, { k: 1, which: 'smallest', relativeTo: 'norm', tol: 1e-6, maxIter: n, seed: 2 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.eigenvalues[0] - A.eigenvalues[n - 1])).toBeLessThan(1e-4);
    expect(r.residuals[0]).toBeLessThanOrEqual(1e-6 * 50 * (1 + 1e-9));
    await expect(lanczos(A.hvp, n, { relativeTo: 'max' as never })).rejects.toThrow(/invalid relativeTo: max/);
  });
});

describe('trace estimators', () => {
  it('Hutchinson lands within 3 standard errors of the true trace for every seed', async () => {
    // |error| ≤ 3·stderr holds with probability ≈ 0.997 per seed for a mean of 99 i.i.d. samples;
    // the seeds are fixed, so this is a reproducible check that stderr is an honest error bar.
    for (let seed = 0; seed < 8; seed++) {
      const r = await hutchinson(A.hvp, n, { maxProbes: 99, tol: 0, seed });
      expect(r.probes).toBe(99);
      expect(r.hvp_count).toBe(99);
      expect(r.converged).toBe(false);
      expect(Math.abs(r.trace - trueTrace)).toBeLessThan(3 * r.stderr);
    }
  });

  it('Hutchinson stops once stderr ≤ tol·|trace|', async () => {
    const r = await hutchinson(A.hvp, n, { maxProbes: 1000, tol: 0.02, seed: 3 });
    expect(r.converged).toBe(true);
    expect(r.stderr).toBeLessThanOrEqual(0.02 * Math.abs(r.trace));
    expect(r.probes).toBeGreaterThanOrEqual(10);
    expect(r.probes).toBeLessThan(1000);
    // The estimate is the mean of the samples and the stderr their std / √m.
    const mean = r.samples.reduce((a, b) => a + b, 0) / r.probes;
    const sd = Math.sqrt(r.samples.reduce((a, s) => a + (s - mean) ** 2, 0) / (r.probes - 1));
    expect(r.trace).toBeCloseTo(mean, 9);
    expect(r.stderr).toBeCloseTo(sd / Math.sqrt(r.probes), 9);
    await expect(hutchinson(A.hvp, n, { maxProbes: 0 })).rejects.toThrow(/invalid maxProbes: 0/);
  });

  it('Hutch++ lands within 3 standard errors and uses exactly its budget', async () => {
    for (let seed = 0; seed < 8; seed++) {
      const op = countingOperator(A.hvp, n);
      const r = await hutchpp(op.hvp, n, { hvps: 99, seed });
      expect(r.hvp_count).toBe(99);
      expect(op.hvp_count).toBe(99);
      expect(r.rank).toBe(33);
      expect(r.probes).toBe(33);
      expect(Math.abs(r.trace - trueTrace)).toBeLessThan(3 * r.stderr);
    }
    await expect(hutchpp(A.hvp, n, { hvps: 2 })).rejects.toThrow(/invalid hvps: 2/);
  });

  it('Hutch++ has far lower variance than Hutchinson on a low-rank-plus-noise matrix, same budget', async () => {
    // 10 eigenvalues of 100 over a noise bulk of ±1: Hutchinson's variance 2·Σ_{i≠j} Hᵢⱼ² is
    // dominated by the low-rank part, which Hutch++'s sketch removes. Over 12 seeds the mean
    // squared error must drop by at least 10× (measured ≈ 280×), and so must the reported stderr.
    const m = 300;
    const spectrum = Array.from({ length: m }, (_, i) => (i < 10 ? 100 : Math.sin(2.1 * i)));
    const B = plantedOperator(spectrum, { seed: 5 });
    const truth = spectrum.reduce((a, b) => a + b, 0);
    let mseH = 0, msePP = 0, seH = 0, sePP = 0;
    const seeds = 12;
    for (let seed = 0; seed < seeds; seed++) {
      const h = await hutchinson(B.hvp, m, { maxProbes: 99, tol: 0, seed });
      const p = await hutchpp(B.hvp, m, { hvps: 99, seed });
      mseH += (h.trace - truth) ** 2 / seeds;
      msePP += (p.trace - truth) ** 2 / seeds;
      seH += h.stderr / seeds;
      sePP += p.stderr / seeds;
    }
    console.log(`low-rank + noise: RMSE Hutchinson ${Math.sqrt(mseH).toFixed(3)}, Hutch++ ${Math.sqrt(msePP).toFixed(3)}; mean stderr ${seH.toFixed(3)} vs ${sePP.toFixed(3)}`);
    expect(msePP * 10).toBeLessThan(mseH);
    expect(sePP * Math.sqrt(10)).toBeLessThan(seH);
  });

  it('Hutch++ is exact when its sketch spans the whole space', async () => {
    const small = plantedOperator([3, 2, 1, -1], { seed: 2 });
    const r = await hutchpp(small.hvp, 4, { hvps: 15 });
    expect(r.rank).toBe(4);
    expect(r.stderr).toBe(0);
    expect(r.trace).toBeCloseTo(5, 12);
  });
});

describe('stochastic Lanczos quadrature', () => {
  it('gives a density integrating to 1 whose negative mass matches the true fraction', async () => {
    const op = countingOperator(A.hvp, n);
    const r = await slq(op.hvp, n, { seed: 0 });
    expect(r.hvp_count).toBe(5 * 90);
    expect(op.hvp_count).toBe(r.hvp_count);
    expect(r.runs).toHaveLength(5);
    for (const run of r.runs) {
      expect(run.nodes).toHaveLength(90);
      expect(Math.abs(run.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(run.nodes.every((t, k) => k === 0 || t >= run.nodes[k - 1])).toBe(true);
      // Converged outliers appear as nodes.
      expect(Math.abs(run.nodes[run.nodes.length - 1] - 50)).toBeLessThan(1e-8);
    }
    const { x, y } = r.density;
    const dx = x[1] - x[0];
    expect(x).toHaveLength(1000);
    // The grid covers all nodes ± 5σ: the mass outside is 2·Q(5) ≈ 6e-7.
    expect(Math.abs(y.reduce((a, b) => a + b, 0) * dx - 1)).toBeLessThan(1e-6);
    // PyHessian's kernel: σ² = 1e-5·(θmax − θmin).
    const nodes = r.runs.flatMap((run) => run.nodes);
    const [lo, hi] = [Math.min(...nodes), Math.max(...nodes)];
    expect(r.variance).toBeCloseTo(1e-5 * (hi - lo), 12);
    expect(x[0] - dx / 2).toBeCloseTo(lo - 5 * Math.sqrt(r.variance), 9);
    // Negative fraction below −τ: the stochastic error of one run's weight on a set of n·p
    // eigenvalues has std ≤ √(2p/n) ≈ 0.035, so ≈ 0.016 over 5 runs; Gauss quadrature adds at most
    // the weight of a node next to −τ (≈ 1/85 here). 0.06 is about 3σ plus that bound.
    const negAt = lambda.filter((l) => l < -r.neg_threshold).length / n;
    expect(Math.abs(r.neg_fraction - negAt)).toBeLessThan(0.06);
    expect(r.neg_fraction_bounds![0]).toBeLessThanOrEqual(negAt);
    expect(r.neg_fraction_bounds![1]).toBeGreaterThanOrEqual(negAt);
    // A uniform bulk of width 2 over 85 nodes: τ is 1.5 node gaps, a few hundredths, not 0.
    expect(r.neg_threshold).toBeGreaterThan(0.01);
    expect(r.neg_threshold).toBeLessThan(0.2);
  });

  it('matches the exact spectrum smoothed with the same kernel (compareEstimators)', async () => {
    const exact = await exactSpectrum(A.hvp, n);
    const s = await slq(A.hvp, n, { seed: 1 });
    const top = await lanczos(A.hvp, n, { k: 5, tol: 1e-8, maxIter: n });
    const hutch = await hutchinson(A.hvp, n, { maxProbes: 99, tol: 0, seed: 1 });
    const pp = await hutchpp(A.hvp, n, { hvps: 99, seed: 1 });
    const c = compareEstimators(exact, { lanczos: top, hutchinson: hutch, hutchpp: pp, slq: s }, { variance: 0.05 ** 2 });
    expect(c.lanczos!.max_relative_error).toBeLessThan(1e-10);
    expect(c.lanczos!.truth).toEqual(Array.from(exact.eigenvalues.slice(0, 5)));
    expect(c.hutchinson!.standard_errors).toBeLessThan(3);
    expect(c.hutchpp!.standard_errors).toBeLessThan(3);
    // With σ = 0.05 (2.5% of the bulk's width) the L1 distance between the two smoothed densities is
    // the quadrature's sampling noise: measured 0.07–0.10 over seeds; 0.2 flags a real discrepancy
    // (a density in the wrong place or with the wrong mass scores ≥ 1).
    console.log(`SLQ vs exact: L1 = ${c.slq!.l1.toFixed(3)} (σ = 0.05), neg fraction ${c.slq!.neg_fraction.estimate.toFixed(4)} vs ${c.slq!.neg_fraction.truth}`);
    expect(c.slq!.l1).toBeLessThan(0.2);
    expect(c.slq!.neg_fraction.truth).toBe(lambda.filter((l) => l < -s.neg_threshold).length / n);
    expect(c.slq!.near_zero_fraction.truth).toBe(lambda.filter((l) => Math.abs(l) <= s.neg_threshold).length / n);
    expect(c.slq!.neg_fraction.within_bounds).toBe(true);
    // The smallest-end comparison lines up with the bottom of the spectrum.
    const low = await lanczos(A.hvp, n, { k: 1, which: 'smallest', relativeTo: 'norm', tol: 1e-6, maxIter: n });
    expect(compareEstimators(exact, { lanczos: low }).lanczos!.truth).toEqual([exact.eig_min]);
  });

  it('validates its options and does not depend on the grid resolving the kernel', async () => {
    await expect(slq(A.hvp, n, { runs: 0 })).rejects.toThrow(/invalid runs: 0/);
    await expect(slq(A.hvp, n, { sigmaSquared: 0 })).rejects.toThrow(/invalid sigmaSquared: 0/);
    // 50 cells of width ≈ 1 against σ ≈ 0.02: cell means still integrate to 1.
    const r = await slq(A.hvp, n, { runs: 1, steps: 30, gridSize: 50 });
    const dx = r.density.x[1] - r.density.x[0];
    expect(Math.abs(r.density.y.reduce((a, b) => a + b, 0) * dx - 1)).toBeLessThan(1e-6);
  });
});

describe('density kernel', () => {
  it('has accurate normal tails and reduces to the point density when the grid resolves σ', () => {
    // Reference values of Q(z) = P(X > z) (Abramowitz & Stegun table 26.1; erfc(10/√2)/2).
    expect(upperTail(0)).toBe(0.5);
    expect(Math.abs(upperTail(1.96) / 0.024997895148220435 - 1)).toBeLessThan(1e-13);
    expect(Math.abs(upperTail(-1) / 0.8413447460685429 - 1)).toBeLessThan(1e-14);
    expect(Math.abs(upperTail(5) / 2.866515718791939e-7 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(upperTail(10) / 7.619853024160527e-24 - 1)).toBeLessThan(1e-12);
    // One unit mass at 0.3 with σ = 0.1 on cells of width 0.002: cell means ≈ the normal pdf
    // (midpoint rule error ≈ h²/24·|φ''| ≈ 1e-4 relative at most).
    const variance = 0.01;
    const { edges, x } = densityGrid(0.3, 0.3, variance, 500);
    const y = smoothDensity([0.3], [1], variance, edges);
    x.forEach((xi, i) => {
      const pdf = Math.exp(-((xi - 0.3) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
      expect(Math.abs(y[i] - pdf)).toBeLessThan(2e-4 * 4);
    });
  });
});
