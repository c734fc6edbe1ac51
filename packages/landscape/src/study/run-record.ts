/**
 * One run of a study as its result lists it: the run's settings, its end state and gap, every
 * sharpness measure (null when not measured), its per-epoch history and tracked sharpness, and
 * where its model is; a diverged run keeps its message and no measures.
 */
import { z } from 'zod';
import { OPTIMIZERS } from '../training/optimizers.js';
import { nnum } from '../jobs/result.js';
import { trainKind } from '../jobs/kinds/train.js';
import type { StudyRun } from './designs.js';

const measured = {
  lambda_max: nnum, trace: nnum, lambda_max_filter: nnum, trace_filter: nnum,
  eps_sharpness: z.record(z.string(), nnum).nullable(),
  adaptive_worst: nnum, adaptive_average: nnum, pac_bayes_sigma: nnum, pac_bayes_sigma_mag: nnum,
};

export const runRecord = z.object({
  id: z.string(),
  optimizer: z.enum(OPTIMIZERS),
  lr: z.number(),
  batch_size: z.number().int(),
  seed: z.number().int(),
  epochs: z.number().int(),
  lr_over_b: z.number(),
  steps: z.number().int(),
  train_loss: nnum, train_accuracy: nnum, test_loss: nnum, test_accuracy: nnum,
  gap: nnum, loss_gap: nnum,
  ...measured,
  history: trainKind.resultSchema.shape.history,
  tracked: trainKind.resultSchema.shape.tracked,
  model_file: z.string().nullable(),
  /** Why the run has no end state (training diverged), else null. */
  diverged: z.string().nullable(),
  resumed: z.boolean(),
  seconds: z.object({ train: z.number(), sharpness: z.number() }).strict(),
}).strict();

export type StudyRunRecord = z.output<typeof runRecord>;

/** A run whose training diverged: its settings and the message. */
export function emptyRecord(run: StudyRun, epochs: number, message: string, resumed: boolean): StudyRunRecord {
  return {
    id: run.id, optimizer: run.optimizer, lr: run.lr, batch_size: run.batch_size, seed: run.seed, epochs, lr_over_b: run.lr / run.batch_size, steps: 0,
    train_loss: null, train_accuracy: null, test_loss: null, test_accuracy: null, gap: null, loss_gap: null,
    lambda_max: null, trace: null, lambda_max_filter: null, trace_filter: null, eps_sharpness: null, adaptive_worst: null, adaptive_average: null, pac_bayes_sigma: null, pac_bayes_sigma_mag: null,
    history: [], tracked: null, model_file: null, diverged: message, resumed, seconds: { train: 0, sharpness: 0 },
  };
}
