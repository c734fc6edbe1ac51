/**
 * What a study reports about its runs: each run's end state (losses, accuracies, the
 * generalization gap, every sharpness measure), the mean and spread over seeds of each
 * configuration, and Kendall's τ of each measure with the gap (Jiang et al. 2020).
 *   gap      = train accuracy − test accuracy (classification; the error gap), or
 *              test loss − train loss (regression)
 *   loss_gap = test loss − train loss
 */
import { kendallTau } from '../stats/kendall.js';

export interface RunRecordValues {
  train_accuracy: number | null;
  test_accuracy: number | null;
  train_loss: number | null;
  test_loss: number | null;
}

export function gapOf(r: RunRecordValues): { gap: number | null; loss_gap: number | null } {
  const lossGap = r.test_loss !== null && r.train_loss !== null ? r.test_loss - r.train_loss : null;
  if (r.train_accuracy !== null && r.test_accuracy !== null) return { gap: r.train_accuracy - r.test_accuracy, loss_gap: lossGap };
  return { gap: lossGap, loss_gap: lossGap };
}

/** The scalar columns of a run: its end state and measures, ε-sharpness one column per ε. */
export function runColumns(run: Record<string, unknown>): Record<string, number | null> {
  const cols: Record<string, number | null> = {};
  for (const key of ['lr', 'batch_size', 'lr_over_b', 'train_loss', 'train_accuracy', 'test_loss', 'test_accuracy', 'gap', 'loss_gap', 'lambda_max', 'trace', 'lambda_max_filter', 'trace_filter', 'adaptive_worst', 'adaptive_average', 'pac_bayes_sigma', 'pac_bayes_sigma_mag']) {
    const v = run[key];
    cols[key] = typeof v === 'number' ? v : null;
  }
  const eps = run.eps_sharpness as Record<string, number | null> | null;
  if (eps) for (const [e, v] of Object.entries(eps)) cols[`eps_sharpness(${e})`] = v;
  return cols;
}

/** Columns correlated with the gap: the measures, lr/B, and the learning rate and batch size. */
export const CORRELATED = ['lr_over_b', 'lr', 'batch_size', 'lambda_max', 'trace', 'lambda_max_filter', 'trace_filter', 'adaptive_worst', 'adaptive_average', 'pac_bayes_sigma', 'pac_bayes_sigma_mag'];

export interface Correlation {
  measure: string;
  /** Kendall's τ-b with the gap; null when undefined. */
  tau: number | null;
  /** Runs with both values. */
  n: number;
}

/** τ of every measure (and lr/B, lr, B) with the gap, over the runs; ε-sharpness per ε. */
export function correlations(runs: readonly Record<string, unknown>[]): Correlation[] {
  const rows = runs.map(runColumns);
  const names = [...CORRELATED, ...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k.startsWith('eps_sharpness('))))];
  const gap = rows.map((r) => r.gap);
  return names
    .filter((m) => rows.some((r) => r[m] !== null && r[m] !== undefined))
    .map((m) => {
      const k = kendallTau(rows.map((r) => r[m] ?? null), gap);
      return { measure: m, tau: k.tau, n: k.n };
    });
}

export interface Group {
  optimizer: string;
  lr: number;
  batch_size: number;
  runs: number;
  /** Mean and sample standard deviation over the seeds of each column (null when no run has it). */
  mean: Record<string, number | null>;
  std: Record<string, number | null>;
}

/** Runs of the same optimizer, learning rate and batch size (different seeds), summarised. */
export function groups(runs: readonly (Record<string, unknown> & { optimizer: string; lr: number; batch_size: number })[]): Group[] {
  const by = new Map<string, typeof runs[number][]>();
  for (const r of runs) {
    const k = `${r.optimizer}|${r.lr}|${r.batch_size}`;
    by.set(k, [...(by.get(k) ?? []), r]);
  }
  return [...by.values()].map((rs) => {
    const cols = rs.map(runColumns);
    const names = [...new Set(cols.flatMap((c) => Object.keys(c)))].filter((n) => !['lr', 'batch_size', 'lr_over_b'].includes(n));
    const mean: Record<string, number | null> = {}, std: Record<string, number | null> = {};
    for (const n of names) {
      const v = cols.map((c) => c[n]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      const m = v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
      mean[n] = m;
      std[n] = v.length > 1 && m !== null ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : null;
    }
    return { optimizer: rs[0].optimizer, lr: rs[0].lr, batch_size: rs[0].batch_size, runs: rs.length, mean, std };
  });
}
