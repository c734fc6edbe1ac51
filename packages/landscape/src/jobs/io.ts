/**
 * What a job reads and writes, whatever holds the files: models (ONNX, TF.js model.json, built-in
 * specs), data sets (.npz, .safetensors, .csv, IDX folders, built-in names), named arrays
 * (directions, vectors) and outputs. One implementation of the formats over a small FileSource —
 * the file system in Node (confined to a folder for servers and posts), fetched or dropped files in
 * a page — so every frontend opens inputs the same way. Browser-safe.
 */
import type { LossKind } from '@nnll/core-wasm';
import type { Dataset } from '../data/dataset.js';
import { DataError } from '../data/errors.js';
import { datasetFromArrays, datasetFromIdx, type Task } from '../data/from-arrays.js';
import { isSyntheticName, syntheticData, syntheticNames } from '../data/builtin-data.js';
import type { NdArray } from '../data/ndarray.js';
import { parseNpz } from '../data/npz.js';
import { parseNpy } from '../data/npy.js';
import { parseSafetensors } from '../data/safetensors.js';
import { parseCsv } from '../data/csv.js';
import { parseIdx } from '../data/idx.js';
import { sha256Hex } from '../data/sha256.js';
import { builtinModel, defaultInit, SpecError } from '../models/builtin.js';
import { ModelError, type Model } from '../models/model.js';
import { importOnnx } from '../models/onnx-import.js';
import { importTfjs, tfjsShardPaths, type TfjsModelJson } from '../models/tfjs-import.js';

/** Files as a job sees them: paths exactly as the user wrote them; the source resolves (and confines) them. */
export interface FileSource {
  /** The bytes of a file; a one-line error naming `what` and the path when it cannot be read. */
  read(path: string, what: string): Promise<Uint8Array>;
  /** 'file', 'dir', or null when nothing is there (or it may not be used); `what` names it in errors. */
  kind(path: string, what: string): Promise<'file' | 'dir' | null>;
  /** Names in a folder. */
  list(path: string, what: string): Promise<string[]>;
  /** Writes a whole file (atomically where the platform can). */
  write?(path: string, bytes: Uint8Array, what: string): Promise<void>;
  /** Checks that a file can be written there (before any work): the folder exists, it is not a folder. */
  checkWritable?(path: string, what: string): Promise<void>;
  /** Makes a folder (and its parents) if it is not there. */
  mkdir?(path: string, what: string): Promise<void>;
  /** The built-in `mnist` digits. */
  mnist(): Promise<Dataset>;
  /** Hex sha256 (a faster native one where there is one). Default: the library's own. */
  sha256?(...parts: Uint8Array[]): string;
}

export interface JobIO {
  loadModel(ref: string, o: { seed: number; loss?: LossKind; flag: string }): Promise<Model>;
  loadData(ref: string, o: { seed: number; split?: 'train' | 'test'; flag: string; task?: Task }): Promise<Dataset>;
  /** Named arrays of a .npz, .safetensors or .npy file, and the file's sha256. */
  readArrays(path: string, flag: string): Promise<{ arrays: Record<string, NdArray>; sha256: string }>;
  write(path: string, bytes: Uint8Array, flag: string): Promise<void>;
  checkWritable(path: string, flag: string): Promise<void>;
  /** A folder for outputs (a study's), made with its parents when missing. */
  makeFolder(path: string, flag: string): Promise<void>;
  /** A file's bytes, or null when there is none (a study's finished runs). */
  readFile(path: string, flag: string): Promise<Uint8Array | null>;
  sha256(...parts: Uint8Array[]): string;
}

const lower = (p: string) => p.toLowerCase();
const ext = (p: string): string => /\.[^./\\]+$/.exec(lower(p))?.[0] ?? '';
const dirOf = (p: string): string => (/[\\/]/.test(p) ? p.replace(/[\\/][^\\/]*$/, '') : '.');
const join = (dir: string, name: string): string => (dir === '.' ? name : `${dir}/${name}`);

/** Whether `ref` names a built-in data set (`mnist`, `spirals:n=300`, …) rather than a file. */
export function isBuiltinData(ref: string): boolean {
  const name = ref.split(':')[0];
  return !/[\\/]/.test(ref) && (name === 'mnist' || isSyntheticName(name));
}

/** Whether `ref` looks like a built-in architecture spec (`mlp:2-16-3:tanh`) rather than a file. */
export function isBuiltinModel(ref: string): boolean {
  return /^[a-z]+:/.test(ref) && !/[\\/]/.test(ref) && !/\.(onnx|json)$/i.test(ref);
}

const builtinDataHelp = `a .npz, .safetensors or .csv file, an MNIST-style IDX folder, or one of mnist, ${syntheticNames.join(', ')}`;

export function createJobIO(source: FileSource): JobIO {
  const hash = (...parts: Uint8Array[]): string => (source.sha256 ? source.sha256(...parts) : sha256Hex(...parts));

  async function loadModel(ref: string, o: { seed: number; loss?: LossKind; flag: string }): Promise<Model> {
    const where = o.flag ? `${o.flag} ${ref}` : ref;
    let path = ref;
    const kind = isBuiltinModel(ref) ? null : await source.kind(ref, where);
    if (kind === 'dir') {
      if ((await source.kind(join(ref, 'model.json'), where)) !== 'file') throw new ModelError(`${where}: a folder without model.json`);
      path = join(ref, 'model.json');
    }
    let model: Model;
    if (kind !== null && ext(path) === '.onnx') model = importOnnx(await source.read(path, where), { path: ref, loss: o.loss });
    else if (kind !== null && ext(path) === '.json') {
      let json: TfjsModelJson;
      try {
        json = JSON.parse(new TextDecoder().decode(await source.read(path, where))) as TfjsModelJson;
      } catch (e) {
        if (e instanceof ModelError || e instanceof DataError) throw e;
        throw new ModelError(`${where}: not valid JSON (${(e as Error).message})`);
      }
      if (!json || !Array.isArray(json.weightsManifest)) throw new ModelError(`${where}: not a TF.js layers model (no weightsManifest)`);
      const shards = await Promise.all(tfjsShardPaths(json).map((p) => source.read(join(dirOf(path), p), `${where}: weight shard ${p}`)));
      model = importTfjs(json, shards, { path: ref, loss: o.loss });
    } else if (kind === null && /^[a-z]+:/.test(ref) && !/[\\/]/.test(ref)) {
      let built;
      try {
        built = builtinModel(ref);
      } catch (e) {
        if (e instanceof SpecError) throw new ModelError(o.flag ? `${o.flag}: ${e.message}` : e.message);
        throw e;
      }
      const program = o.loss ? { ...built.program, loss: o.loss } : built.program;
      const params = defaultInit(program, o.seed);
      // batch-norm running statistics come with the spec (mean 0, variance 1) where it has any
      const consts = (built as Partial<{ consts: Float32Array }>).consts ?? new Float32Array(0);
      model = { program, params, consts, source: { kind: 'builtin', spec: ref, sha256: sha256Hex(new Uint8Array(params.buffer)) } };
    } else if (kind === null && (ext(path) === '.onnx' || ext(path) === '.json' || !ext(path))) {
      throw new ModelError(`${where}: no such file${/[\\/.]/.test(ref) ? '' : ' (nor a built-in spec such as mlp:784-256-10:relu)'}`);
    } else {
      throw new ModelError(`${where}: unknown model format (expected .onnx, a TF.js model.json or a spec such as mlp:784-256-10:relu)`);
    }
    checkFinite(model, where);
    return model;
  }

  async function loadData(ref: string, o: { seed: number; split?: 'train' | 'test'; flag: string; task?: Task }): Promise<Dataset> {
    const split = o.split ?? 'train';
    const where = o.flag ? `${o.flag} ${ref}` : ref;
    if (isBuiltinData(ref)) {
      if (!ref.startsWith('mnist')) return syntheticData(ref, { seed: o.seed });
      if (ref !== 'mnist') throw new DataError(`${where}: the built-in mnist data set takes no options`);
      return source.mnist();
    }
    const kind = await source.kind(ref, where);
    if (kind === null) throw new DataError(`${where}: no such data file or folder (expected ${builtinDataHelp})`);
    if (kind === 'dir') return loadIdxFolder(ref, split, where);
    const e = ext(ref);
    if (e !== '.csv' && e !== '.npz' && e !== '.safetensors') throw new DataError(`${where}: unsupported data file (expected ${builtinDataHelp})`);
    const bytes = await source.read(ref, where);
    const sha256 = hash(bytes);
    if (e === '.csv') return { ...parseCsv(bytes, ref, { task: o.task }), sha256 };
    const arrays = e === '.npz' ? parseNpz(bytes, ref) : parseSafetensors(bytes, ref).tensors;
    const { x, y } = arrays;
    if (!x || !y) throw new DataError(`${where}: expected arrays x and y, found ${Object.keys(arrays).join(', ') || 'none'}`);
    return { ...datasetFromArrays(ref, x, y, { task: o.task }), sha256 };
  }

  async function loadIdxFolder(dir: string, split: 'train' | 'test', where: string): Promise<Dataset> {
    const prefix = split === 'train' ? 'train' : 't10k';
    const files = await source.list(dir, where);
    const find = (kind: 'images-idx3' | 'labels-idx1'): string => {
      const stem = `${prefix}-${kind}-ubyte`, dotted = `${prefix}-${kind.replace('-', '.')}-ubyte`; // MNIST's own mirrors use both
      const hit = [stem, `${stem}.gz`, dotted, `${dotted}.gz`].find((f) => files.includes(f));
      if (!hit) throw new DataError(`${where}: no ${stem}[.gz] in this folder (an MNIST-style IDX folder holds ${prefix}-images-idx3-ubyte and ${prefix}-labels-idx1-ubyte, optionally gzipped)`);
      return join(dir, hit);
    };
    const imagesPath = find('images-idx3'), labelsPath = find('labels-idx1');
    const [images, labels] = await Promise.all([source.read(imagesPath, where), source.read(labelsPath, where)]);
    const ds = datasetFromIdx(dir, parseIdx(images, imagesPath), parseIdx(labels, labelsPath));
    return { ...ds, sha256: hash(images, labels) };
  }

  async function readArrays(path: string, flag: string): Promise<{ arrays: Record<string, NdArray>; sha256: string }> {
    const where = flag ? `${flag} ${path}` : path;
    const e = ext(path);
    if (e !== '.npz' && e !== '.safetensors' && e !== '.npy') throw new DataError(`${where}: unsupported array file (expected .npz, .safetensors or .npy)`);
    if ((await source.kind(path, where)) !== 'file') throw new DataError(`${where}: no such file`);
    const bytes = await source.read(path, where);
    const name = path.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
    const arrays = e === '.npz' ? parseNpz(bytes, path) : e === '.safetensors' ? parseSafetensors(bytes, path).tensors : { [name]: parseNpy(bytes, path) };
    return { arrays, sha256: hash(bytes) };
  }

  return {
    loadModel,
    loadData,
    readArrays,
    async write(path, bytes, flag) {
      if (!source.write) throw new DataError(`${flag} ${path}: this host cannot write files`);
      await source.write(path, bytes, `${flag} ${path}`);
    },
    async checkWritable(path, flag) {
      if (!source.write) throw new DataError(`${flag} ${path}: this host cannot write files`);
      await source.checkWritable?.(path, `${flag} ${path}`);
    },
    async makeFolder(path, flag) {
      const kind = await source.kind(path, `${flag} ${path}`);
      if (kind === 'dir') return;
      if (kind === 'file') throw new DataError(`${flag} ${path}: a file, expected a folder`);
      if (!source.write || !source.mkdir) throw new DataError(`${flag} ${path}: this host cannot make folders`);
      await source.mkdir(path, `${flag} ${path}`);
    },
    async readFile(path, flag) {
      return (await source.kind(path, `${flag} ${path}`)) === 'file' ? source.read(path, `${flag} ${path}`) : null;
    },
    sha256: hash,
  };
}

/** A model whose parameters are all finite, or a one-line error naming the first that is not. */
function checkFinite(model: Model, where: string): void {
  let offset = 0;
  for (const p of model.program.params) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    for (let i = 0; i < size; i++) {
      const v = model.params[offset + i];
      if (!Number.isFinite(v)) throw new ModelError(`${where}: parameter ${p.name} holds ${v} at index ${i}`);
    }
    offset += size;
  }
}

export interface Overlay {
  /** Models by reference (`demo:final`). */
  models?: Map<string, Model>;
  /** Data sets by reference (`demo:train`). */
  data?: Map<string, Dataset>;
  /** Named-array files by path (directions `demo:pc1.npz`). */
  arrays?: Map<string, Record<string, NdArray>>;
  /** What jobs wrote, by path, when `captureWrites` is set. */
  written?: Map<string, Uint8Array>;
}

/**
 * `io` with in-memory entries in front: composed jobs hand one job's model, data and directions to
 * the next by reference, without files. With `written`, writes are kept in memory instead.
 */
export function overlayIO(io: JobIO, overlay: Overlay): JobIO {
  return {
    async loadModel(ref, o) {
      const m = overlay.models?.get(ref);
      return m ? { ...m, params: Float32Array.from(m.params) } : io.loadModel(ref, o);
    },
    async loadData(ref, o) {
      return overlay.data?.get(ref) ?? io.loadData(ref, o);
    },
    async readArrays(path, flag) {
      const arrays = overlay.arrays?.get(path);
      if (!arrays) return io.readArrays(path, flag);
      return { arrays, sha256: io.sha256(...Object.values(arrays).map((a) => new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength))) };
    },
    async write(path, bytes, flag) {
      if (overlay.written) overlay.written.set(path, bytes);
      else await io.write(path, bytes, flag);
    },
    async checkWritable(path, flag) {
      if (!overlay.written) await io.checkWritable(path, flag);
    },
    async makeFolder(path, flag) {
      if (!overlay.written) await io.makeFolder(path, flag);
    },
    async readFile(path, flag) {
      return overlay.written?.get(path) ?? io.readFile(path, flag);
    },
    sha256: io.sha256,
  };
}
