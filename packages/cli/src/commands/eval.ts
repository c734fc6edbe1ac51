/** `nnll eval --model M --data D`: full-data loss and accuracy. */
import type { CommonOptions } from '../args.js';
import { backendFor, emit, fmt, header, openModelAndData, provenanceOf, type LossFlag } from '../context.js';

export interface EvalOptions extends CommonOptions {
  model: string;
  data: string;
  loss?: LossFlag;
}

export async function evaluate(o: EvalOptions): Promise<void> {
  const { model, modelName, data } = await openModelAndData({ loss: o.loss }, o, o);
  const backend = await backendFor(model, data, o);
  try {
    const r = await backend.loss();
    const result = {
      ...header('eval', o, model, modelName, data),
      loss: r.loss,
      accuracy: r.accuracy,
      provenance: provenanceOf(model, data, o, { loss: model.program.loss }, { forwardPasses: 1 }),
    };
    await emit(o, result, `${modelName} on ${data.name} (${data.n} samples): loss ${fmt(r.loss)}${r.accuracy === null ? '' : `, accuracy ${fmt(r.accuracy, 4)}`}`);
  } finally {
    await backend.close();
  }
}
