/**
 * A model the library holds: the kernel program, its flat float32 parameters (program.params
 * order, each tensor row-major in its own layout) and constants (BatchNorm running statistics).
 */
import { NnllInputError } from '../errors.js';
import { resolveProgram, type Program } from '@nnll/core-wasm';

export interface ModelSource {
  kind: 'onnx' | 'tfjs' | 'builtin' | 'derived';
  /** File path (ONNX, TF.js model.json) or built-in spec. */
  path?: string;
  spec?: string;
  /** sha256 of the file, or of the parameters for built-in and derived models. */
  sha256: string;
}

export interface Model {
  program: Program;
  params: Float32Array;
  consts: Float32Array;
  source: ModelSource;
  /** Graph input/output names (ONNX) for export; default 'input' / 'output'. */
  io?: { input: string; output: string };
  /** Op types of the source graph's nodes, in order (ONNX), as opposed to the kernel ops they became. */
  graphOps?: string[];
}

export class ModelError extends NnllInputError {
  override name = 'ModelError';
}

/**
 * The output-unit axis of every parameter for filter normalisation (Li et al. 2018): 0 for conv
 * weights [out,in,kh,kw] and dense weights stored [out,in]; 1 for dense weights stored [in,out];
 * null for tensors of one dimension or fewer (biases, batch-norm scale and shift).
 */
export function unitAxes(program: Program): Map<string, number | null> {
  const axes = new Map<string, number | null>();
  for (const p of program.params) axes.set(p.name, p.shape.length <= 1 ? null : 0);
  for (const op of program.ops) {
    if (op.op === 'dense' && op.layout === 'in-out') axes.set(op.weight, 1);
  }
  return axes;
}

/** Checks that params and consts fit the program; names the count that does not. */
export function checkModel(m: Model): Model {
  const r = resolveProgram(m.program);
  if (m.params.length !== r.paramCount) throw new ModelError(`model has ${m.params.length} parameter values, its program needs ${r.paramCount}`);
  if (m.consts.length !== r.constCount) throw new ModelError(`model has ${m.consts.length} constant values, its program needs ${r.constCount}`);
  return m;
}
