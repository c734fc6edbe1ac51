/**
 * The WebAssembly kernel: one instance owns one linear memory holding the program, the
 * parameters, the resident data set and every activation buffer. Arrays cross into it once
 * (parameters, data, directions), are read back once (sums), and every call passes pointers.
 */
import { type Program, type ResolvedProgram, resolveProgram, sizeOf, ProgramError } from './program.js';
import { encodeOp, mergeRanges, type EncodedOp } from './encode.js';
import { NnllInputError } from './errors.js';
import { loadWasmModule, type SimdFlavor, type BuildKind } from './wasm.js';

export interface KernelOptions {
  /** 'auto' (default): fused multiply-add where the engine has relaxed SIMD, else plain SIMD. 'plain' forces bit-identical results across engines. */
  simd?: 'auto' | 'relaxed' | 'plain';
  /** 'release' (default) or 'debug' (unoptimised, with assertions). */
  build?: BuildKind;
  /** Samples per internal batch; memory for activations scales with it. Default 256. */
  batchSize?: number;
  /** Most points one multi-point call evaluates. Default 128. */
  maxPoints?: number;
}

export interface LossSums {
  /** Sum of per-sample losses (cross-entropy) or of squared errors (mse). */
  lossSum: number;
  /** Samples whose argmax equals the label (0 for mse). */
  correct: number;
}

export interface DataSet {
  /** Inputs, N × (input size), float32. */
  x: Float32Array;
  /** Integer labels (cross-entropy). */
  labels?: Int32Array;
  /** Targets, N × (output size) (mse). */
  targets?: Float32Array;
}

/** Data or arguments the kernel cannot take (lengths, labels, sizes). */
export class KernelError extends NnllInputError {
  override name = 'KernelError';
}

/** The kernel broke an internal invariant (a failed assertion in the debug build): a bug, not bad input. */
export class KernelFault extends Error {
  override name = 'KernelFault';
}

const PAGE = 65536;
/** Batches per span of multi-point evaluation, and the most memory its cached terms may take. */
const SPAN_BATCHES = 16;
const SPAN_BYTES = 32 * 2 ** 20;
/**
 * Most memory the first op's terms over the whole resident data may take. Within it they are kept
 * after a multi-point call and reused by the next one with the same θ, d₁, d₂ and data, so a
 * surface computed in small chunks (for progress and cancellation) shares them across chunks.
 */
const CACHE_BYTES = 256 * 2 ** 20;
const align = (n: number, a = 64): number => Math.ceil(n / a) * a;

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gemmScratchBytes(): number;
  setGemmScratch(p: number): void;
  setConvScratch(p: number, floats: number): void;
  setParamBuffers(params: number, v: number, g: number, rg: number, ga: number, ha: number, consts: number, d1: number, d2: number, tk: number, count: number): void;
  setProgram(ops: number, count: number, values: number, nValues: number, output: number, loss: number, k: number, input: number, batch: number): void;
  setData(x: number, labels: number, targets: number): void;
  resetAccumulators(): void;
  lossTotal(): number;
  correctTotal(): number;
  evaluate(start: number, count: number): void;
  differentiate(start: number, count: number, grad: number, hvp: number): void;
  multiEvaluate(start: number, count: number, K: number, coefs: number, tail: number, tailCount: number, z: number, span: number, lossOut: number, correctOut: number, reuse: number): void;
  peak(reps: number, scratch: number): number;
  peakFlopsPerRep(): number;
}

/** Byte offsets of everything the host placed in linear memory. */
interface Layout {
  params: number; v: number; grad: number; rgrad: number; gradAcc: number; hvAcc: number; consts: number;
  d1: number; d2: number; thetaK: number;
  coefs: number; tail: number; tailCount: number; z: number; span: number; lossOut: number; correctOut: number;
  dataStart: number;
  /** GEMM packing scratch, free between calls: the peak measurement runs there. */
  scratch: number;
}

export class Kernel {
  readonly resolved: ResolvedProgram;
  readonly paramCount: number;
  readonly outputSize: number;
  readonly inputSize: number;
  readonly batchSize: number;
  readonly maxPoints: number;
  /** Which build runs: 'relaxed' (fused multiply-add) or 'plain' SIMD. */
  readonly flavor: SimdFlavor;
  readonly build: BuildKind;
  /** Whether multi-point evaluation can share the first op (dense or conv on the input). */
  readonly sharesFirstOp: boolean;
  #ex: Exports;
  #layout: Layout;
  #n = 0;
  /** The whole-data cache of the first op's three terms (θ, d₁, d₂), when the data fits CACHE_BYTES. */
  #zCache = 0;
  /** Whether #zCache holds the terms of the current θ, d₁, d₂ and data. */
  #zFresh = false;

  private constructor(resolved: ResolvedProgram, ex: Exports, layout: Layout, o: Required<Pick<KernelOptions, 'batchSize' | 'maxPoints'>>, flavor: SimdFlavor, build: BuildKind, shares: boolean) {
    this.resolved = resolved;
    this.paramCount = resolved.paramCount;
    this.outputSize = sizeOf(resolved.shapes[resolved.program.output]);
    this.inputSize = sizeOf(resolved.program.input);
    this.batchSize = o.batchSize;
    this.maxPoints = o.maxPoints;
    this.flavor = flavor;
    this.build = build;
    this.sharesFirstOp = shares;
    this.#ex = ex;
    this.#layout = layout;
  }

  /** Compiles (once per flavor, cached) and instantiates the kernel for a program. */
  static async create(program: Program, options: KernelOptions = {}): Promise<Kernel> {
    const batchSize = options.batchSize ?? 256;
    const maxPoints = options.maxPoints ?? 128;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new KernelError(`invalid batchSize: ${batchSize}`);
    if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new KernelError(`invalid maxPoints: ${maxPoints}`);
    const resolved = resolveProgram(program);
    const build = options.build ?? 'release';
    const { module, flavor } = await loadWasmModule(options.simd ?? 'auto', build);
    let memory: WebAssembly.Memory | undefined;
    const abort = (msg: number, file: number, line: number, col: number): never => {
      throw new KernelFault(`kernel assertion failed: ${readString(memory, msg)} at ${readString(memory, file)}:${line}:${col}`);
    };
    const instance = await WebAssembly.instantiate(module, { env: { abort } });
    const ex = instance.exports as unknown as Exports;
    memory = ex.memory;
    const { layout, shares } = plan(resolved, ex, batchSize, maxPoints);
    return new Kernel(resolved, ex, layout, { batchSize, maxPoints }, flavor, build, shares);
  }

  /** Float32 view of a region of linear memory (valid until the memory grows). */
  #f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.#ex.memory.buffer, ptr, n);
  }
  #f64(ptr: number, n: number): Float64Array {
    return new Float64Array(this.#ex.memory.buffer, ptr, n);
  }

  /** Number of samples resident in the kernel. */
  get sampleCount(): number {
    return this.#n;
  }

  setParams(theta: ArrayLike<number>): void {
    this.#checkLength('parameters', theta.length, this.paramCount);
    this.#f32(this.#layout.params, this.paramCount).set(theta);
    this.#zFresh = false;
  }

  /** A copy of the current parameters. */
  getParams(): Float32Array {
    return this.#f32(this.#layout.params, this.paramCount).slice();
  }

  setConsts(consts: ArrayLike<number>): void {
    this.#checkLength('constants', consts.length, this.resolved.constCount);
    this.#f32(this.#layout.consts, this.resolved.constCount).set(consts);
  }

  /** Copies a data set into the kernel's memory (replacing the previous one). */
  setData(data: DataSet): void {
    const n = data.x.length / this.inputSize;
    if (!Number.isInteger(n) || n < 1) {
      throw new KernelError(`data: ${data.x.length} input values do not make whole samples of ${this.inputSize}`);
    }
    const ce = this.resolved.program.loss === 'cross-entropy';
    if (ce) {
      if (!data.labels || data.labels.length !== n) throw new KernelError(`data: expected ${n} labels, got ${data.labels?.length ?? 0}`);
      for (let i = 0; i < n; i++) {
        const l = data.labels[i];
        if (!(l >= 0 && l < this.outputSize)) throw new KernelError(`data: label ${l} of sample ${i} is outside [0, ${this.outputSize})`);
      }
    } else if (!data.targets || data.targets.length !== n * this.outputSize) {
      throw new KernelError(`data: expected ${n}×${this.outputSize} targets, got ${data.targets?.length ?? 0}`);
    }
    const L = this.#layout;
    const xBytes = align(4 * n * this.inputSize);
    const yBytes = align(ce ? 4 * n : 4 * n * this.outputSize);
    const firstSize = this.sharesFirstOp ? this.#firstSize() : 0;
    const zBytes = align(3 * 4 * n * firstSize);
    const cache = this.sharesFirstOp && zBytes <= CACHE_BYTES;
    ensureMemory(this.#ex.memory, L.dataStart + xBytes + yBytes + (cache ? zBytes : 0));
    this.#f32(L.dataStart, n * this.inputSize).set(data.x);
    const yPtr = L.dataStart + xBytes;
    if (ce) new Int32Array(this.#ex.memory.buffer, yPtr, n).set(data.labels!);
    else this.#f32(yPtr, n * this.outputSize).set(data.targets!);
    this.#ex.setData(L.dataStart, ce ? yPtr : 0, ce ? 0 : yPtr);
    this.#n = n;
    this.#zCache = cache ? yPtr + yBytes : 0;
    this.#zFresh = false;
  }

  /** Clears the running loss, correct-count, gradient and HVP sums. */
  reset(): void {
    this.#ex.resetAccumulators();
  }

  #range(start = 0, count = this.#n - start): [number, number] {
    if (this.#n === 0) throw new KernelError('no data: call setData first');
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > this.#n) {
      throw new KernelError(`sample range [${start}, ${start + count}) is outside the ${this.#n} resident samples`);
    }
    return [start, count];
  }

  /** Adds the loss over samples [start, start+count) to the running sums. */
  accumulateLoss(start?: number, count?: number): void {
    this.#ex.evaluate(...this.#range(start, count));
  }

  /** Adds loss and gradient sums over a sample range. */
  accumulateGradient(start?: number, count?: number): void {
    this.#ex.differentiate(...this.#range(start, count), 1, 0);
  }

  /** Sets the HVP direction v (length P). */
  setVector(v: ArrayLike<number>): void {
    this.#checkLength('vector', v.length, this.paramCount);
    this.#f32(this.#layout.v, this.paramCount).set(v);
  }

  /** Adds loss and H·v sums (and the gradient, with `withGradient`) over a sample range. */
  accumulateHvp(start?: number, count?: number, withGradient = false): void {
    this.#ex.differentiate(...this.#range(start, count), withGradient ? 1 : 0, 1);
  }

  /** Sets the two directions of multi-point evaluation (length P each). */
  setDirections(d1: ArrayLike<number>, d2: ArrayLike<number>): void {
    this.#checkLength('direction 1', d1.length, this.paramCount);
    this.#checkLength('direction 2', d2.length, this.paramCount);
    const m1 = this.#f32(this.#layout.d1, this.paramCount);
    const m2 = this.#f32(this.#layout.d2, this.paramCount);
    if (this.#zFresh && sameFloats(m1, d1) && sameFloats(m2, d2)) return;
    m1.set(d1);
    m2.set(d2);
    this.#zFresh = false;
  }

  /** Values per sample of the first op's output. */
  #firstSize(): number {
    const r = this.resolved;
    const first = r.program.ops.find((op) => op.op !== 'reshape')!;
    return sizeOf(r.shapes[first.y]);
  }

  /**
   * Loss and correct-count sums at points θ + aₖ·d₁ + bₖ·d₂ (directions from setDirections)
   * over a sample range, added to `out` (length ≥ K each).
   */
  accumulatePoints(points: ArrayLike<readonly [number, number]>, out: { lossSum: Float64Array; correct: Float64Array }, start?: number, count?: number): void {
    const K = points.length;
    if (K > this.maxPoints) throw new KernelError(`${K} points exceed maxPoints ${this.maxPoints}`);
    const [s, c] = this.#range(start, count);
    const L = this.#layout;
    if (!this.sharesFirstOp) {
      // No affine first op to share: evaluate each point in full.
      const theta = this.getParams();
      const d1 = this.#f32(L.d1, this.paramCount).slice();
      const d2 = this.#f32(L.d2, this.paramCount).slice();
      const p = new Float32Array(this.paramCount);
      for (let k = 0; k < K; k++) {
        const [a, b] = points[k];
        for (let i = 0; i < p.length; i++) p[i] = theta[i] + a * d1[i] + b * d2[i];
        this.setParams(p);
        this.#ex.resetAccumulators();
        this.#ex.evaluate(s, c);
        out.lossSum[k] += this.#ex.lossTotal();
        out.correct[k] += this.#ex.correctTotal();
      }
      this.setParams(theta);
      this.#ex.resetAccumulators();
      return;
    }
    const coefs = this.#f32(L.coefs, 2 * K);
    for (let k = 0; k < K; k++) {
      coefs[2 * k] = points[k][0];
      coefs[2 * k + 1] = points[k][1];
    }
    const lo = this.#f64(L.lossOut, K);
    const co = this.#f64(L.correctOut, K);
    lo.fill(0);
    co.fill(0);
    // the whole range: the cached first-op terms (computed now if stale); a part: the span buffer
    const whole = this.#zCache !== 0 && s === 0 && c === this.#n;
    this.#ex.multiEvaluate(s, c, K, L.coefs, L.tail, L.tailCount, whole ? this.#zCache : L.z, whole ? c : L.span, L.lossOut, L.correctOut, whole && this.#zFresh ? 1 : 0);
    if (whole) this.#zFresh = true;
    const lo2 = this.#f64(L.lossOut, K);
    const co2 = this.#f64(L.correctOut, K);
    for (let k = 0; k < K; k++) {
      out.lossSum[k] += lo2[k];
      out.correct[k] += co2[k];
    }
  }

  /** The running loss and correct-count sums. */
  sums(): LossSums {
    return { lossSum: this.#ex.lossTotal(), correct: this.#ex.correctTotal() };
  }

  /** A copy of the running gradient sum (f64, not divided by N). */
  gradientSum(): Float64Array {
    return this.#f64(this.#layout.gradAcc, this.paramCount).slice();
  }

  /** A copy of the running H·v sum (f64, not divided by N). */
  hvpSum(): Float64Array {
    return this.#f64(this.#layout.hvAcc, this.paramCount).slice();
  }

  /** The divisor turning sums into means: N (cross-entropy) or N·K (mse). */
  divisor(n: number): number {
    return this.resolved.program.loss === 'cross-entropy' ? n : n * this.outputSize;
  }

  /** Mean loss and accuracy over the resident data. */
  loss(): { loss: number; accuracy: number | null; n: number } {
    this.reset();
    this.accumulateLoss();
    return this.#mean(this.sums());
  }

  #mean(s: LossSums): { loss: number; accuracy: number | null; n: number } {
    const ce = this.resolved.program.loss === 'cross-entropy';
    return { loss: s.lossSum / this.divisor(this.#n), accuracy: ce ? s.correct / this.#n : null, n: this.#n };
  }

  /** Mean loss and its gradient over the resident data. */
  gradient(): { loss: number; accuracy: number | null; n: number; gradient: Float64Array } {
    this.reset();
    this.accumulateGradient();
    const g = this.gradientSum();
    const d = this.divisor(this.#n);
    for (let i = 0; i < g.length; i++) g[i] /= d;
    return { ...this.#mean(this.sums()), gradient: g };
  }

  /** Exact Hessian-vector product H·v of the mean loss over the resident data. */
  hvp(v: ArrayLike<number>, withGradient = false): { loss: number; hv: Float64Array; gradient?: Float64Array } {
    this.setVector(v);
    this.reset();
    this.accumulateHvp(0, this.#n, withGradient);
    const d = this.divisor(this.#n);
    const hv = this.hvpSum();
    for (let i = 0; i < hv.length; i++) hv[i] /= d;
    const out: { loss: number; hv: Float64Array; gradient?: Float64Array } = { loss: this.sums().lossSum / d, hv };
    if (withGradient) {
      const g = this.gradientSum();
      for (let i = 0; i < g.length; i++) g[i] /= d;
      out.gradient = g;
    }
    return out;
  }

  /** Mean loss and accuracy at θ + aₖ·d₁ + bₖ·d₂ for each point, over the resident data. */
  points(d1: ArrayLike<number>, d2: ArrayLike<number>, points: readonly (readonly [number, number])[]): { loss: Float64Array; accuracy: Float64Array | null } {
    this.setDirections(d1, d2);
    const K = points.length;
    const out = { lossSum: new Float64Array(K), correct: new Float64Array(K) };
    for (let k0 = 0; k0 < K; k0 += this.maxPoints) {
      const chunk = points.slice(k0, k0 + this.maxPoints);
      const part = { lossSum: new Float64Array(chunk.length), correct: new Float64Array(chunk.length) };
      this.accumulatePoints(chunk, part);
      out.lossSum.set(part.lossSum, k0);
      out.correct.set(part.correct, k0);
    }
    const d = this.divisor(this.#n);
    const ce = this.resolved.program.loss === 'cross-entropy';
    return {
      loss: out.lossSum.map((s) => s / d),
      accuracy: ce ? out.correct.map((c) => c / this.#n) : null,
    };
  }

  /**
   * GFLOP/s of the register tile on operands in L1: this machine's SIMD peak for the build in use.
   * `seconds` bounds the measurement; the median of several runs is returned.
   */
  measurePeak(seconds = 0.5): number {
    return measurePeak(this.#ex, this.#layout.scratch, seconds);
  }

  #checkLength(what: string, got: number, want: number): void {
    if (got !== want) throw new KernelError(`${what}: expected ${want} values, got ${got}`);
  }
}

/** Whether a (float32 memory) equals b rounded to float32, element by element. */
function sameFloats(a: Float32Array, b: ArrayLike<number>): boolean {
  if (b instanceof Float32Array) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== Math.fround(b[i])) return false;
  return true;
}

function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) {
    const pages = Math.ceil((bytes - have) / PAGE);
    try {
      memory.grow(pages);
    } catch {
      throw new KernelError(`cannot grow kernel memory to ${(bytes / 2 ** 20).toFixed(0)} MiB (at most 4096 MiB)`);
    }
  }
}

function readString(memory: WebAssembly.Memory | undefined, ptr: number): string {
  if (!memory || !ptr) return '?';
  const len = new Uint32Array(memory.buffer, ptr - 4, 1)[0] >>> 1;
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, len));
}

export function measurePeak(ex: { peak(r: number, s: number): number; peakFlopsPerRep(): number }, scratch: number, seconds: number): number {
  let reps = 1000;
  for (;;) {
    const t0 = performance.now();
    ex.peak(reps, scratch);
    const dt = performance.now() - t0;
    if (dt > 20) break;
    reps *= 4;
  }
  // A fixed time window (not a fixed count), so that workers measuring at once overlap throughout.
  const rates: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (rates.length < 5 || performance.now() < end) {
    const t0 = performance.now();
    ex.peak(reps, scratch);
    rates.push((ex.peakFlopsPerRep() * reps) / ((performance.now() - t0) * 1e6));
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1];
}

/** Lays out every buffer, writes the program and value table, and hands the pointers to the kernel. */
function plan(r: ResolvedProgram, ex: Exports, B: number, maxPoints: number): { layout: Layout; shares: boolean } {
  let top = align(ex.heapBase());
  const take = (bytes: number): number => {
    const p = top;
    top = align(top + bytes);
    return p;
  };
  const encoded: EncodedOp[] = [];
  const opsWithRecords = r.program.ops.filter((op) => op.op !== 'reshape');
  for (const op of opsWithRecords) encoded.push(encodeOp(r, op as Exclude<typeof op, { op: 'reshape' }>));
  if (encoded.length === 0) throw new ProgramError('program has no ops');
  const P = r.paramCount;
  const gemm = take(ex.gemmScratchBytes());
  const colFloats = Math.max(0, ...encoded.map((e) => e.colFloats));
  const conv = take(3 * 4 * colFloats);
  const opWords = encoded.reduce((s, e) => s + e.words.length, 0);
  const ops = take(4 * opWords);
  const opTable = take(4 * encoded.length);
  const nValues = r.shapes.length;
  const values = take(4 * 6 * nValues);
  // value buffers: one set per storage owner (reshape aliases share)
  const bufs = new Map<number, [number, number, number, number]>();
  r.shapes.forEach((shape, v) => {
    if (r.storage[v] !== v || v === 0) return;
    const bytes = 4 * B * sizeOf(shape);
    const dep = r.dependent[v];
    bufs.set(v, [take(bytes), dep ? take(bytes) : 0, dep ? take(bytes) : 0, dep ? take(bytes) : 0]);
  });
  for (const e of encoded) if (e.sideBytesPerSample) e.words[e.sidePointerWord] = take(B * e.sideBytesPerSample);
  const params = take(4 * P);
  const v = take(4 * P);
  const grad = take(4 * P);
  const rgrad = take(4 * P);
  const gradAcc = take(8 * P);
  const hvAcc = take(8 * P);
  const consts = take(4 * Math.max(1, r.constCount));
  const d1 = take(4 * P);
  const d2 = take(4 * P);
  const thetaK = take(4 * P);
  // multi-point: shares the first op when it is dense/conv reading the input
  const first = opsWithRecords[0];
  const shares = (first.op === 'dense' || first.op === 'conv2d') && r.storage[first.x] === 0;
  const firstSize = sizeOf(r.shapes[first.y]);
  // The first op's terms are cached for a span of batches, so θₖ is rebuilt once per span.
  const span = B * Math.max(1, Math.min(SPAN_BATCHES, Math.floor(SPAN_BYTES / (3 * 4 * B * firstSize))));
  const z = take(shares ? 3 * 4 * span * firstSize : 0);
  const tailRanges = mergeRanges(encoded.slice(1).flatMap((e) => e.reads));
  const tail = take(8 * Math.max(1, tailRanges.length));
  const coefs = take(8 * maxPoints);
  const lossOut = take(8 * maxPoints);
  const correctOut = take(8 * maxPoints);
  const dataStart = top;
  ensureMemory(ex.memory, dataStart + PAGE);

  const mem = ex.memory.buffer;
  const words = new Int32Array(mem, ops, opWords);
  const table = new Int32Array(mem, opTable, encoded.length);
  let w = 0;
  encoded.forEach((e, i) => {
    table[i] = ops + 4 * w;
    words.set(e.words, w);
    w += e.words.length;
  });
  const vt = new Int32Array(mem, values, 6 * nValues);
  r.shapes.forEach((shape, v) => {
    const owner = r.storage[v];
    const b = owner === 0 ? [0, 0, 0, 0] : bufs.get(owner)!;
    vt.set([...b, sizeOf(shape), owner === 0 ? 1 : 0], 6 * v);
  });
  const tailView = new Int32Array(mem, tail, 2 * tailRanges.length);
  tailRanges.forEach(([o, n], i) => tailView.set([o, n], 2 * i));

  ex.setGemmScratch(gemm);
  ex.setConvScratch(conv, colFloats);
  ex.setParamBuffers(params, v, grad, rgrad, gradAcc, hvAcc, consts, d1, d2, thetaK, P);
  ex.setProgram(opTable, encoded.length, values, nValues, r.program.output, r.program.loss === 'cross-entropy' ? 0 : 1, sizeOf(r.shapes[r.program.output]), sizeOf(r.program.input), B);
  ex.resetAccumulators();
  return {
    layout: { params, v, grad, rgrad, gradAcc, hvAcc, consts, d1, d2, thetaK, coefs, tail, tailCount: tailRanges.length, z, span, lossOut, correctOut, dataStart, scratch: gemm },
    shares,
  };
}
