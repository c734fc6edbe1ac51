/** Messages between the server and its job runners (worker threads). */
import type { JobProgress } from '@nnll/landscape';

export interface RunnerData {
  /** The workspace (a real path): every file a job reads or writes lies inside it. */
  root: string;
  /** Kernel threads per job. */
  threads: number;
}

/** What a file is inspected as. */
export type InspectAs = 'model' | 'data' | 'arrays' | 'idx' | 'tfjs';

export interface InspectRequest {
  type: 'inspect';
  id: string;
  path: string;
  as: InspectAs;
}

export type RunnerRequest =
  | { type: 'run'; id: string; spec: unknown; resume?: Record<string, unknown> }
  | { type: 'cancel'; id: string }
  | InspectRequest
  | { type: 'close' };

export interface ModelInfo {
  format: string;
  param_count: number;
  tensors: number;
  inputs: { name: string; shape: (number | 'N')[] }[];
  outputs: { name: string; shape: (number | 'N')[] }[];
  ops: Record<string, number>;
  loss: string;
}

export interface DataInfo {
  n: number;
  shape: number[];
  task: 'classification' | 'regression';
  classes: number | null;
}

export type Inspection =
  | { as: 'model'; info: ModelInfo }
  | { as: 'data'; info: DataInfo }
  | { as: 'arrays'; info: { arrays: { name: string; shape: number[]; dtype: string }[] } }
  | { as: 'idx'; info: { shape: number[] } }
  | { as: 'tfjs'; info: { shards: string[] } };

/** The sha256 of what a job opened, by flag (`--model`, `--data`, `--test`). */
export type OpenedInputs = Record<string, string | null>;

export type RunnerReply =
  | { type: 'progress'; id: string; progress: JobProgress }
  | { type: 'inputs'; id: string; inputs: OpenedInputs }
  | { type: 'done'; id: string; result: Record<string, unknown> }
  | { type: 'failed'; id: string; error: string; input: boolean }
  | { type: 'inspected'; id: string; inspection: Inspection; error?: undefined }
  | { type: 'inspected'; id: string; error: string; input: boolean; inspection?: undefined };
