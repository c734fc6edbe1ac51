/** Learning-rate schedules: the factor that multiplies the base rate at a (0-based) step. */
import { NnllInputError } from '../errors.js';

export type ScheduleSpec =
  | { kind: 'constant' }
  /** × gamma every `every` steps (torch StepLR, counted in steps). */
  | { kind: 'step'; every: number; gamma: number }
  /** Cosine from 1 down to `min` over `total` steps (torch CosineAnnealingLR with eta_min = min·lr). */
  | { kind: 'cosine'; total: number; min?: number }
  /** Linear warm-up from 0 over `steps`, then `then` (shifted by the warm-up). */
  | { kind: 'warmup'; steps: number; then: ScheduleSpec };

export type Schedule = (step: number) => number;

export class ScheduleError extends NnllInputError {
  override name = 'ScheduleError';
}

export function schedule(s: ScheduleSpec): Schedule {
  switch (s.kind) {
    case 'constant':
      return () => 1;
    case 'step':
      if (!(s.every >= 1) || !(s.gamma > 0)) throw new ScheduleError(`invalid step schedule: every ${s.every}, gamma ${s.gamma}`);
      return (k) => s.gamma ** Math.floor(k / s.every);
    case 'cosine': {
      if (!(s.total >= 1)) throw new ScheduleError(`invalid cosine schedule: total ${s.total}`);
      const min = s.min ?? 0;
      return (k) => min + ((1 - min) * (1 + Math.cos((Math.PI * Math.min(k, s.total)) / s.total))) / 2;
    }
    case 'warmup': {
      if (!(s.steps >= 1)) throw new ScheduleError(`invalid warm-up: ${s.steps} steps`);
      const then = schedule(s.then);
      return (k) => (k < s.steps ? (k + 1) / s.steps : then(k - s.steps));
    }
    default:
      throw new ScheduleError(`invalid schedule: ${(s as { kind: string }).kind}`);
  }
}

/** The text forms `--schedule` takes. */
export const SCHEDULE_FORMS = 'constant, cosine[:MIN], step:EVERY:GAMMA or warmup:STEPS[,SCHEDULE]';

/**
 * `constant`, `cosine[:MIN]`, `step:EVERY:GAMMA`, `warmup:STEPS[,SCHEDULE]` → a ScheduleSpec for a
 * run of `total` steps (cosine runs over the steps left after a warm-up).
 */
export function parseSchedule(text: string, total: number): ScheduleSpec {
  const bad = (): never => {
    throw new ScheduleError(`invalid schedule: ${JSON.stringify(text)} (${SCHEDULE_FORMS})`);
  };
  const [head, ...rest] = text.split(',');
  const parts = head.split(':');
  const num = (s: string | undefined): number => {
    const v = Number(s);
    if (s === undefined || s.trim() === '' || !Number.isFinite(v)) bad();
    return v;
  };
  switch (parts[0]) {
    case 'constant':
      if (parts.length !== 1 || rest.length) bad();
      return { kind: 'constant' };
    case 'cosine':
      if (parts.length > 2 || rest.length) bad();
      return { kind: 'cosine', total, ...(parts[1] !== undefined ? { min: num(parts[1]) } : {}) };
    case 'step':
      if (parts.length !== 3 || rest.length) bad();
      return { kind: 'step', every: num(parts[1]), gamma: num(parts[2]) };
    case 'warmup': {
      if (parts.length !== 2) bad();
      const steps = num(parts[1]);
      return { kind: 'warmup', steps, then: rest.length ? parseSchedule(rest.join(','), Math.max(1, total - steps)) : { kind: 'constant' } };
    }
    default:
      return bad();
  }
}
