/**
 * ONNX → Model. Reads a ModelProto (opsets 9–21, float32) and translates its graph into the
 * kernel's program: one pass over the nodes in file order (ONNX requires topological order),
 * folding constant subgraphs, fusing MatMul + Add into dense layers, Pad into the following Conv /
 * AveragePool, and the erf form of GELU into one activation. A trailing Softmax / LogSoftmax is
 * dropped: the loss is taken on the logits.
 *
 * Parameters (CONTRACT.md): the float initializers except BatchNormalization running statistics,
 * named by initializer name, in initializer order, each row-major in its ONNX layout. Initializers
 * that only serve as constant operands (Sub / Mul / Div / Add shifts, shapes, GELU constants)
 * become program constants instead, since they enter no differentiable op.
 */
import { resolveProgram, ProgramError, type LossKind, type Op, type Program, type TensorSpec } from '@nnll/core-wasm';
import { ModelError, type Model } from './model.js';
import { decodeModel, tensorValues, dtypeName, DTYPE } from './onnx-proto.js';
import { foldNode, type Const } from './onnx-fold.js';
import { findGelus } from './onnx-patterns.js';
import { translateNode, same, type Entry, type OpInput, type Translation, type ValueEntry } from './onnx-nodes.js';
import { sha256Hex } from '../data/sha256.js';

export interface OnnxImportOptions {
  /** File path: named in error messages and recorded as the model's source. */
  path?: string;
  /** Loss on the output: 'cross-entropy' (default, the output is logits) or 'mse'. */
  loss?: LossKind;
}


export function importOnnx(bytes: Uint8Array, opts: OnnxImportOptions = {}): Model {
  const where = opts.path ?? 'ONNX model';
  const loss = opts.loss ?? 'cross-entropy';
  if (loss !== 'cross-entropy' && loss !== 'mse') throw new ModelError(`invalid loss: ${String(loss)}`);
  const model = decodeModel(bytes, where);
  const graph = model.graph!;
  const nodes = graph.node ?? [];
  const opsetEntry = (model.opset_import ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const opset = Number(opsetEntry?.version ?? 0);
  if (opset < 9 || opset > 21) throw new ModelError(`${where}: opset ${opset || '(none)'} is not supported (9 to 21)`);

  // --- initializers, consumers, producers -------------------------------------------------
  const inits = new Map<string, Const>();
  (graph.initializer ?? []).forEach((t) => {
    const v = tensorValues(t, `${where}: initializer ${t.name}`);
    inits.set(t.name ?? '', { dims: v.dims, data: v.data, dtype: v.dtype });
  });
  const consumerMap = new Map<string, number[]>();
  const producerMap = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const name of n.input ?? []) if (name) consumerMap.set(name, [...(consumerMap.get(name) ?? []), i]);
    for (const name of n.output ?? []) if (name) producerMap.set(name, i);
  });
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  for (const name of outputs) consumerMap.set(name, [...(consumerMap.get(name) ?? []), -1]);
  const consumers = (name: string): number[] => consumerMap.get(name) ?? [];
  const bnStats = new Set<string>();
  for (const n of nodes) if (n.op_type === 'BatchNormalization') for (const s of (n.input ?? []).slice(3, 5)) bnStats.add(s);

  const scalarOf = (name: string): number | undefined => {
    const init = inits.get(name);
    if (init) return init.data.length === 1 ? Number(init.data[0]) : undefined;
    const p = producerMap.get(name);
    if (p === undefined || nodes[p].op_type !== 'Constant') return undefined;
    const c = foldNode(nodes[p], [], opset, where)?.[0];
    return c && c.data.length === 1 ? Number(c.data[0]) : undefined;
  };
  const gelus = findGelus(nodes, scalarOf, consumers, (n) => producerMap.get(n));
  const geluAt = new Map(gelus.map((g) => [g.at, g]));
  const skipped = new Set(gelus.flatMap((g) => g.skip));
  const constUse = new Set<string>(gelus.flatMap((g) => g.constants).filter((n) => inits.has(n)));

  // --- graph input ----------------------------------------------------------------------
  const inputs = (graph.input ?? []).filter((i) => !inits.has(i.name ?? ''));
  if (inputs.length !== 1) throw new ModelError(`${where}: expected one graph input, found ${inputs.length} (${inputs.map((i) => i.name).join(', ')})`);
  const inputName = inputs[0].name ?? '';
  const tt = inputs[0].type?.tensor_type;
  if (tt?.elem_type !== DTYPE.FLOAT) throw new ModelError(`${where}: input ${inputName} is ${dtypeName(tt?.elem_type)}, expected FLOAT`);
  const dims = tt.shape?.dim ?? [];
  if (dims.length < 2) throw new ModelError(`${where}: input ${inputName} needs a batch dimension and at least one more, has rank ${dims.length}`);
  const inputShape = dims.slice(1).map((d, i) => {
    const v = Number(d.dim_value ?? 0);
    if (!(v > 0)) throw new ModelError(`${where}: input ${inputName} has an unresolved dimension ${i + 1} (${d.dim_param ?? '?'}); only the batch dimension may be dynamic`);
    return v;
  });
  if (outputs.length !== 1) throw new ModelError(`${where}: expected one graph output, found ${outputs.length}`);

  // --- translation state ------------------------------------------------------------------
  const env = new Map<string, Entry>();
  for (const [name, c] of inits) env.set(name, { kind: 'const', c, init: name });
  env.set(inputName, { kind: 'value', v: 0, shape: inputShape });
  const ops: Op[] = [];
  const paramUse = new Set<string>();
  const consts: { spec: TensorSpec; data: ArrayLike<number> }[] = [];
  const valueShapes: number[][] = [inputShape];
  const emit = (op: OpInput, shape: number[]): ValueEntry => {
    const y = ops.length + 1;
    ops.push({ ...op, y } as Op);
    valueShapes.push(shape);
    return { kind: 'value', v: y, shape };
  };
  const addConst = (name: string, shape: number[], data: ArrayLike<number>): string => {
    for (let k = 0; ; k++) {
      const unique = k ? `${name}#${k}` : name;
      const have = consts.find((c) => c.spec.name === unique);
      if (!have) {
        consts.push({ spec: { name: unique, shape }, data });
        return unique;
      }
      if (same(have.spec.shape, shape) && Array.from(have.data).every((v, i) => v === data[i])) return unique;
    }
  };

  const t: Translation = { where, opset, inits, bnStats, consumers, geluAt, env, ops, valueShapes, consts, paramUse, constUse, emit, addConst };
  nodes.forEach((node, index) => {
    if (!skipped.has(index)) translateNode(t, node, index);
  });

  // --- output, parameters, program -----------------------------------------------------
  const outName = outputs[0];
  const out = env.get(outName);
  if (!out || out.kind !== 'value') throw new ModelError(`${where}: output ${outName} is ${out ? 'a constant' : 'not produced by any node'}`);
  const specs: TensorSpec[] = [];
  const chunks: ArrayLike<number>[] = [];
  for (const t of graph.initializer ?? []) {
    const name = t.name ?? '';
    const c = inits.get(name)!;
    if (c.dtype !== DTYPE.FLOAT || bnStats.has(name) || c.data.length === 0) continue;
    if (constUse.has(name) && paramUse.has(name)) throw new ModelError(`${where}: initializer ${name} is used both as a parameter and as a constant operand`);
    if (constUse.has(name) && !paramUse.has(name)) continue;
    specs.push({ name, shape: [...c.dims] });
    chunks.push(c.data);
  }
  const program: Program = { input: inputShape, params: specs, consts: consts.map((c) => c.spec), ops, output: out.v, loss };
  try {
    resolveProgram(program);
  } catch (e) {
    if (e instanceof ProgramError) throw new ModelError(`${where}: ${e.message}`);
    throw e;
  }
  return {
    program,
    params: concat(chunks),
    consts: concat(consts.map((c) => c.data)),
    source: { kind: 'onnx', ...(opts.path ? { path: opts.path } : {}), sha256: sha256Hex(bytes) },
    io: { input: inputName, output: outName },
    graphOps: nodes.map((n) => n.op_type ?? ''),
  };
}

function concat(parts: ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
