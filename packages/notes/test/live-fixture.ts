/**
 * Posts with live command blocks, written into a temporary folder: small enough that computing
 * every figure takes well under a second (an 8-unit MLP on 200 spiral points, 11×11 grids).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtinModel, defaultInit, exportOnnx, type Model } from '@nnll/landscape';

export const SPEC = 'mlp:2-8-3:tanh';
export const DATA = 'spirals:n=200';

export const SURFACE_BLOCK = `surface --model ${SPEC} --data ${DATA} --x -1:1:11 --y -1:1:11`;
export const INTERPOLATE_BLOCK = `interpolate --model ../models/a.onnx --to ../models/b.onnx --data ${DATA} --t -0.5:1.5:9`;
export const HESSIAN_BLOCK = `hessian --model ../models/a.onnx --data ${DATA} --top-k 3 --density`;

function onnxOf(seed: number): Uint8Array {
  const built = builtinModel(SPEC);
  const model: Model = { program: built.program, params: defaultInit(built.program, seed), consts: new Float32Array(0), source: { kind: 'builtin', spec: SPEC, sha256: '' } };
  return exportOnnx(model);
}

const post = (title: string, blocks: string[]) =>
  [`---`, `title: ${title}`, `date: 2024-05-01`, `---`, '', 'Figures computed from the blocks below.', '', ...blocks.flatMap((b) => ['```nnll', b, '```', ''])].join('\n');

/** `<dir>/notes/small.md` (surface, interpolate between two ONNX files, hessian), `<dir>/models/{a,b}.onnx`. */
export function writeLivePosts(dir: string): void {
  mkdirSync(path.join(dir, 'notes'), { recursive: true });
  mkdirSync(path.join(dir, 'models'), { recursive: true });
  writeFileSync(path.join(dir, 'models', 'a.onnx'), onnxOf(1));
  writeFileSync(path.join(dir, 'models', 'b.onnx'), onnxOf(2));
  writeFileSync(path.join(dir, 'notes', 'small.md'), post('Small landscapes', [`${SURFACE_BLOCK} --title "Small MLP"`, INTERPOLATE_BLOCK, HESSIAN_BLOCK]));
}

/** Result JSON as cached; each test narrows it to the fields it reads. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type CachedResult = any;

/** Cached results of a build, in no particular order. */
export function cachedList(cacheDir: string): CachedResult[] {
  const dir = path.join(cacheDir, 'figures');
  return readdirSync(dir).map((name) => (JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { result: CachedResult }).result);
}

/** Cached results of a build of {@link writeLivePosts}' posts, by command. */
export function cachedResults(cacheDir: string): Record<string, CachedResult> {
  return Object.fromEntries(cachedList(cacheDir).filter((r) => r.data.path === DATA).map((r) => [r.command, r]));
}
