/**
 * Subgraphs the ONNX importer reads as one op. GELU before opset 20 is exported as its erf form
 * x·0.5·(1 + erf(x/√2)); torch writes the three factors in several orders:
 *   Div(x, √2) → Erf → Add(1) → Mul(x, ·) → Mul(·, 0.5)
 *   Div(x, √2) → Erf → Add(1) → Mul(0.5, ·) → Mul(x, ·)
 *   Mul(x, 0.5) = h;  Div(x, √2) → Erf → Add(1) → Mul(h, ·)
 * (x/√2 may also be Mul(x, 1/√2); every Add and Mul in either operand order.)
 */
import type { OnnxNode } from './onnx-proto.js';

export interface GeluMatch {
  /** The node whose output is the GELU output: it becomes the GELU; the others are skipped. */
  at: number;
  x: string;
  y: string;
  /** Node indices absorbed into the match. */
  skip: number[];
  /** Names of the constant operands used (so that initializers among them are not parameters). */
  constants: string[];
}

const near = (v: number | undefined, want: number): boolean => v !== undefined && Math.abs(v - want) <= 1e-6 * Math.abs(want);

/**
 * Finds erf-form GELUs. `scalar` resolves a constant operand to its value (one element), `consumers`
 * lists the nodes reading a tensor (-1 for a graph output), `producer` the node writing it.
 */
export function findGelus(
  nodes: readonly OnnxNode[],
  scalar: (name: string) => number | undefined,
  consumers: (name: string) => number[],
  producer: (name: string) => number | undefined,
): GeluMatch[] {
  const only = (name: string): number | undefined => {
    const c = consumers(name);
    return c.length === 1 && c[0] >= 0 ? c[0] : undefined;
  };
  /** For a binary node, the operand other than `name`, when the node is `op`. */
  const other = (i: number | undefined, op: string, name: string): string | undefined => {
    if (i === undefined || nodes[i].op_type !== op) return undefined;
    const [a, b] = nodes[i].input ?? [];
    return a === name ? b : b === name ? a : undefined;
  };
  /** x when node i is Mul(x, c) or Mul(c, x) with c ≈ want. */
  const mulBy = (i: number | undefined, want: number): { x: string; c: string } | undefined => {
    if (i === undefined || nodes[i].op_type !== 'Mul') return undefined;
    const [a, b] = nodes[i].input ?? [];
    if (near(scalar(b), want)) return { x: a, c: b };
    if (near(scalar(a), want)) return { x: b, c: a };
    return undefined;
  };
  const out: GeluMatch[] = [];
  nodes.forEach((erf, ie) => {
    if (erf.op_type !== 'Erf') return;
    const din = erf.input?.[0] ?? '';
    const pd = producer(din);
    if (pd === undefined || only(din) !== ie) return;
    let x: string | undefined, cs: string | undefined;
    const d = nodes[pd];
    if (d.op_type === 'Div' && near(scalar(d.input?.[1] ?? ''), Math.SQRT2)) [x, cs] = d.input!;
    else {
      const m = mulBy(pd, Math.SQRT1_2);
      if (m) ({ x, c: cs } = m);
    }
    if (x === undefined || cs === undefined) return;
    const eo = erf.output?.[0] ?? '';
    const ia = only(eo);
    const one = other(ia, 'Add', eo);
    if (ia === undefined || one === undefined || !near(scalar(one), 1)) return;
    const ao = nodes[ia].output?.[0] ?? '';
    const im1 = only(ao);
    const o1 = other(im1, 'Mul', ao);
    if (im1 === undefined || o1 === undefined) return;
    const m1o = nodes[im1].output?.[0] ?? '';
    const base = [pd, ie, ia, im1];
    const consts = [cs, one];
    if (o1 === x || near(scalar(o1), 0.5)) {
      // the third factor comes in the next Mul
      const im2 = only(m1o);
      const o2 = other(im2, 'Mul', m1o);
      if (im2 === undefined || o2 === undefined) return;
      if (o1 === x ? !near(scalar(o2), 0.5) : o2 !== x) return;
      out.push({ at: im2, x, y: nodes[im2].output?.[0] ?? '', skip: base, constants: [...consts, o1 === x ? o2 : o1] });
      return;
    }
    const ph = producer(o1);
    const h = mulBy(ph, 0.5);
    if (ph === undefined || !h || h.x !== x) return;
    // h = x·0.5 stays as its own node when something else reads it
    const skip = only(o1) === im1 ? [...base, ph] : base;
    out.push({ at: im1, x, y: m1o, skip: skip.filter((i) => i !== im1), constants: [...consts, h.c] });
  });
  return out;
}
