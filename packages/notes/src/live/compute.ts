/**
 * The default `computeFigure` of `buildSite`: a command block is a job — its words are parsed by the
 * job layer's command-line parser into a spec and run by `runJob`, exactly as `nnll` runs them.
 * Model and data paths are relative to the post and must lie inside the posts folder (the
 * development server serves them from there for the in-page recompute); models may also be
 * built-in specs (`mlp:2-16-3:tanh`), data built-in names (`mnist`, `spirals:n=300`). Blocks write
 * no files. Errors become a build warning and an error box (rehype-figures).
 */
import path from 'node:path';
import { FIGURE_COMMANDS, JobSpecError, parseCommandLine, type JobSpec } from '@nnll/landscape';
import { nodeBackends, nodeFileSource, runJob } from '@nnll/landscape/node';
import { createJobIO } from '@nnll/landscape';
import type { ComputeFigure, FigureRequest } from '../figures/compute-figure.js';

export interface LiveComputeOptions {
  /**
   * Worker threads per figure (default: 1 for small jobs, where starting workers costs more than it
   * saves; all cores from 2,048 samples on).
   */
  threads?: number;
  /** Called before each computation (not for cached figures). */
  onCompute?: (request: FigureRequest, spec: JobSpec) => void;
}

/** Kinds a block can draw: those with one figure. */
export const LIVE_COMMANDS = FIGURE_COMMANDS.filter((c) => c !== 'demo');

/** A block's words as a job spec (the `nnll` command line without its `nnll`). */
export function parseLiveBlock(command: string, args: readonly string[]): JobSpec {
  if (!LIVE_COMMANDS.includes(command)) throw new JobSpecError(`command ${JSON.stringify(command)} cannot be drawn as a live figure (expected ${LIVE_COMMANDS.join(', ')}, or result PATH)`);
  return parseCommandLine([command, ...args]).spec!;
}

/** The posts folder: `baseDir` less the post's own folders. */
export function postsRootOf(request: Pick<FigureRequest, 'baseDir' | 'post'>): string {
  const depth = path.posix.dirname(request.post.split(path.sep).join('/')).split('/').filter((s) => s && s !== '.').length;
  return path.resolve(request.baseDir, ...Array<string>(depth).fill('..'));
}

export function createLiveCompute(options: LiveComputeOptions = {}): ComputeFigure {
  return async (request) => {
    const spec = parseLiveBlock(request.command, request.args);
    options.onCompute?.(request, spec);
    const { write: _write, checkWritable: _check, ...readOnly } = nodeFileSource({ base: request.baseDir, root: postsRootOf(request), rootName: 'the posts folder' });
    return runJob(spec, {
      io: createJobIO(readOnly),
      backends: (model, data) => nodeBackends({ threads: options.threads ?? (data && data.n >= 2048 ? undefined : 1) })(model, data),
    });
  };
}

/** What `buildSite` uses when it is given no `computeFigure`. */
export const computeLiveFigure: ComputeFigure = createLiveCompute();
