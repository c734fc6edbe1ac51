/**
 * The default `computeFigure` of `buildSite`: computes `surface`, `interpolate` and `hessian`
 * blocks with @nnll/landscape in Node. Model and data paths are relative to the post and must lie
 * inside the posts folder (the development server serves them from there for the in-page
 * recompute); models may also be built-in specs (`mlp:2-16-3:tanh`), data built-in names
 * (`mnist`, `spirals:n=300`). Errors become a build warning and an error box (rehype-figures).
 */
import path from 'node:path';
import { syntheticNames, type Backend, type Dataset, type Model } from '@nnll/landscape';
import { loadData, loadModel, nodeBackendWith } from '@nnll/landscape/node';
import type { ComputeFigure, FigureRequest } from '../figures/compute-figure.js';
import { locateInside } from '../inside-root.js';
import { isBuiltinData, isBuiltinModel, type LiveJob, LiveJobError, lossKind, parseLiveJob } from './job.js';
import { type LiveResult, runJob, toJson } from './run.js';

export interface LiveComputeOptions {
  /**
   * Worker threads per figure (default: 1 for small jobs, where starting workers costs more than it
   * saves; all cores from 2,048 samples on).
   */
  threads?: number;
  /** Called before each computation (not for cached figures). */
  onCompute?: (request: FigureRequest, job: LiveJob) => void;
}

/** The posts folder: `baseDir` less the post's own folders. */
export function postsRootOf(request: Pick<FigureRequest, 'baseDir' | 'post'>): string {
  const depth = path.posix.dirname(request.post.split(path.sep).join('/')).split('/').filter((s) => s && s !== '.').length;
  return path.resolve(request.baseDir, ...Array<string>(depth).fill('..'));
}

async function fileOf(request: FigureRequest, flag: string, given: string): Promise<string> {
  const file = path.resolve(request.baseDir, given);
  const where = await locateInside(postsRootOf(request), file);
  if (where === 'outside') throw new LiveJobError(`${flag} ${given} is outside the posts folder`);
  if (where === 'missing') {
    const builtin = flag === '--data' ? `mnist, ${syntheticNames.join(', ')}` : flag === '--model' || flag === '--to' ? 'a spec such as mlp:2-16-3:tanh' : '';
    const bare = !/[\\/.]/.test(given);
    throw new LiveJobError(`${flag} ${given}: no such file${bare && builtin ? ` (nor a built-in: ${builtin})` : ''}`);
  }
  return file;
}

/** Opens the job's model(s) and data as `nnll` would, relative to the post; files are checked before anything is read. */
export async function openJobInputs(request: FigureRequest, job: LiveJob): Promise<{ model: Model; to?: Model; data: Dataset }> {
  const modelSource = isBuiltinModel(job.model) ? job.model : await fileOf(request, '--model', job.model);
  const toSource = job.command !== 'interpolate' ? undefined : isBuiltinModel(job.to) ? job.to : await fileOf(request, '--to', job.to);
  const dataSource = isBuiltinData(job.data) ? job.data : await fileOf(request, '--data', job.data);
  const data: Dataset = { ...(await loadData(dataSource, { seed: job.seed })), name: job.data };
  const loss = lossKind(job, data);
  const open = async (source: string, given: string): Promise<Model> => {
    const model = await loadModel(source, { seed: job.seed, loss });
    return model.source.path ? { ...model, source: { ...model.source, path: given } } : model; // the path as the post gives it
  };
  const model = await open(modelSource, job.model);
  const to = toSource !== undefined && job.command === 'interpolate' ? await open(toSource, job.to) : undefined;
  return { model, to, data };
}

export function createLiveCompute(options: LiveComputeOptions = {}): ComputeFigure {
  return async (request): Promise<LiveResult> => {
    const job = parseLiveJob(request.command, request.args);
    options.onCompute?.(request, job);
    const inputs = await openJobInputs(request, job);
    const openBackend = (model: Model, data: Dataset): Promise<Backend> =>
      nodeBackendWith(model, data, { threads: options.threads ?? (data.n >= 2048 ? undefined : 1) });
    return toJson(await runJob(job, { ...inputs, openBackend }));
  };
}

/** What `buildSite` uses when it is given no `computeFigure`. */
export const computeLiveFigure: ComputeFigure = createLiveCompute();
