/** A data set in memory: inputs row-major, one sample per row; labels (classification) or targets (regression). */
export interface Dataset {
  /** Built-in name or file path. */
  name: string;
  /** Per-sample input shape. */
  shape: number[];
  x: Float32Array;
  labels?: Int32Array;
  /** Regression targets, n × targetSize. */
  targets?: Float32Array;
  n: number;
  /** Number of classes (classification). */
  classes?: number;
  /** sha256 of the source file(s) or of the generated arrays. */
  sha256?: string;
}
