/** What the library asks of a compute backend: loss, gradient and exact HVP over resident data. */
export interface Backend {
  readonly paramCount: number;
  /** 'wasm-relaxed', 'wasm-plain', … */
  readonly name: string;
  readonly threads: number;
  setParams(theta: ArrayLike<number>): Promise<void>;
  loss(): Promise<{ loss: number; accuracy: number | null; n: number }>;
  gradient(): Promise<{ loss: number; accuracy: number | null; gradient: Float64Array }>;
  hvp(v: ArrayLike<number>): Promise<{ loss: number; hv: Float64Array }>;
  close(): Promise<void>;
}
