/**
 * The runs of a study, by design:
 *   optimizers   each optimizer over its learning-rate grid (Wilson et al. 2017), one batch size;
 *   batch-size   one optimizer over batch sizes, the learning rate scaled with B (constant, linear
 *                as Goyal et al. 2017, or sqrt as Hoffer et al. 2017) from the first batch size
 *                (Keskar et al. 2017 compare small and large batches);
 *   temperature  a grid of learning rate × batch size (Jastrzębski et al. 2017: lr/B decides);
 * each for every seed, the seed choosing the initialisation and the data order.
 */
import { NnllInputError } from '../errors.js';
import { OPTIMIZERS, type OptimizerName } from '../training/optimizers.js';

export const DESIGNS = ['optimizers', 'batch-size', 'temperature'] as const;
export type StudyDesign = (typeof DESIGNS)[number];

export class StudyError extends NnllInputError {
  override name = 'StudyError';
}

/** Small learning-rate grids per optimizer, as in the literature for MLPs and small CNNs. */
export const LITERATURE_LRS: Record<OptimizerName, number[]> = {
  sgd: [0.1, 0.03],
  momentum: [0.03, 0.01],
  nesterov: [0.03, 0.01],
  adam: [1e-3, 3e-4],
  adamw: [1e-3, 3e-4],
};

export interface StudyRun {
  /** File-name-safe id: `adam-lr0.001-b128-s0`. */
  id: string;
  optimizer: OptimizerName;
  lr: number;
  batch_size: number;
  seed: number;
}

export interface DesignOptions {
  design: StudyDesign;
  seeds: readonly number[];
  /** optimizers: which. */
  optimizers: readonly OptimizerName[];
  /** Learning rates per optimizer (optimizers), or the grid (temperature), or the base [lr] (batch-size). */
  lrs: Partial<Record<OptimizerName, number[]>>;
  /** batch-size and temperature. */
  optimizer: OptimizerName;
  batchSize: number;
  batchSizes: readonly number[];
  lrScaling: 'constant' | 'linear' | 'sqrt';
}

export const runId = (r: Omit<StudyRun, 'id'>): string => `${r.optimizer}-lr${r.lr}-b${r.batch_size}-s${r.seed}`;

/**
 * `--lrs`: `0.1,0.03` (every optimizer) or `sgd=0.1/0.03,adam=0.001/0.0003` (per optimizer);
 * in JSON also a list of numbers or `{sgd: [0.1, 0.03], …}`.
 */
export function parseLrs(value: string | number[] | Record<string, number[]>, flag = 'lrs'): { all?: number[]; per: Partial<Record<OptimizerName, number[]>> } {
  const bad = (why: string): never => {
    throw new StudyError(`invalid ${flag}: ${JSON.stringify(value)} (${why})`);
  };
  const check = (v: number[]) => {
    if (!v.length || v.some((x) => !(typeof x === 'number' && x > 0 && Number.isFinite(x)))) bad('learning rates are positive numbers');
    return v;
  };
  if (Array.isArray(value)) return { all: check(value), per: {} };
  if (typeof value === 'object') {
    const per: Partial<Record<OptimizerName, number[]>> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!OPTIMIZERS.includes(k as OptimizerName)) bad(`unknown optimizer ${k}; ${OPTIMIZERS.join(', ')}`);
      per[k as OptimizerName] = check(Array.isArray(v) ? v : bad('a list per optimizer'));
    }
    return { per };
  }
  const text = value.trim();
  if (!text.includes('=')) return { all: check(text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)))), per: {} };
  const per: Partial<Record<OptimizerName, number[]>> = {};
  for (const part of text.split(',')) {
    const [name, list] = part.split('=');
    if (list === undefined || !OPTIMIZERS.includes(name.trim() as OptimizerName)) bad(`expected NAME=LR/LR/…, NAME one of ${OPTIMIZERS.join(', ')}`);
    per[name.trim() as OptimizerName] = check(list.split('/').map((s) => (s.trim() === '' ? NaN : Number(s))));
  }
  return { per };
}

export function studyRuns(o: DesignOptions): StudyRun[] {
  const runs: Omit<StudyRun, 'id'>[] = [];
  switch (o.design) {
    case 'optimizers':
      for (const optimizer of o.optimizers) for (const lr of o.lrs[optimizer] ?? LITERATURE_LRS[optimizer]) for (const seed of o.seeds) runs.push({ optimizer, lr, batch_size: o.batchSize, seed });
      break;
    case 'batch-size': {
      const lr0 = (o.lrs[o.optimizer] ?? LITERATURE_LRS[o.optimizer])[0];
      const b0 = o.batchSizes[0];
      for (const B of o.batchSizes) {
        const f = o.lrScaling === 'linear' ? B / b0 : o.lrScaling === 'sqrt' ? Math.sqrt(B / b0) : 1;
        for (const seed of o.seeds) runs.push({ optimizer: o.optimizer, lr: Number((lr0 * f).toPrecision(12)), batch_size: B, seed });
      }
      break;
    }
    case 'temperature':
      for (const lr of o.lrs[o.optimizer] ?? LITERATURE_LRS[o.optimizer]) for (const B of o.batchSizes) for (const seed of o.seeds) runs.push({ optimizer: o.optimizer, lr, batch_size: B, seed });
      break;
  }
  const withIds = runs.map((r) => ({ id: runId(r), ...r }));
  const seen = new Set<string>();
  for (const r of withIds) {
    if (seen.has(r.id)) throw new StudyError(`the study has run ${r.id} twice (repeated values in --lrs, --batch-sizes or --seeds)`);
    seen.add(r.id);
  }
  return withIds;
}
