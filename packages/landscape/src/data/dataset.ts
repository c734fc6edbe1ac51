/** A labelled data set in memory: inputs row-major, one sample per row. */
export interface Dataset {
  name: string;
  /** Per-sample input shape. */
  shape: number[];
  x: Float32Array;
  labels?: Int32Array;
  targets?: Float32Array;
  n: number;
  classes?: number;
}
