/** The hook through which a caller (the `nnll` CLI, once @nnll/landscape exists) computes command blocks. */

export interface FigureRequest {
  /** The command word, e.g. `surface`. */
  command: string;
  /** Words after the command, e.g. `['--model', './models/digits.onnx', …]`; paths are relative to `baseDir`. */
  args: string[];
  /** The whole block, normalized to single spaces. */
  text: string;
  /** Folder of the post that holds the block. */
  baseDir: string;
  /** Post file, relative to the posts folder. */
  post: string;
  /** sha256 of the block's words: the cache key. */
  hash: string;
}

/**
 * Returns a result JSON object (the same shape `nnll COMMAND --json` prints), or `undefined` when the
 * command cannot be computed, in which case the page shows the command as a placeholder.
 */
export type ComputeFigure = (request: FigureRequest) => Promise<unknown | undefined>;
