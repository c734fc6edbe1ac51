/**
 * Uploads into the workspace: the body is streamed to a hidden temporary file under
 * `.nnll/uploads/` (cut off past `maxBytes`: 413), checked by the inspector as what its name says it
 * is (a truncated ONNX, a .npz that is not a zip, NaN weights: 400), and only then moved to its name
 * — never over an existing file unless `replace` — so the workspace never holds half a file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HTTPException } from 'hono/http-exception';
import { NnllInputError } from '@nnll/landscape';
import { locateInside, OutsideRootError } from '@nnll/landscape/node';
import { InspectError, type RunnerPool } from '../jobs/runner-pool.js';
import type { InspectAs, Inspection } from '../jobs/runner-protocol.js';
import { RESERVED } from './paths.js';

export interface UploadOptions {
  /** Where it goes, relative to the workspace (from `uploadName`). */
  name: string;
  /** Replace an existing file. */
  replace: boolean;
  maxBytes: number;
}

export interface Uploaded {
  path: string;
  size: number;
  sha256: string;
  replaced: boolean;
  info: Inspection['info'] | null;
}

class TooLarge extends Error {}

/** What a file of this name is checked as (TF.js weight shards are not checked on their own). */
function checkAs(name: string): InspectAs | null {
  const n = name.toLowerCase();
  if (n.endsWith('.onnx')) return 'model';
  if (n.endsWith('.json')) return 'tfjs';
  if (n.endsWith('.csv')) return 'data';
  if (n.endsWith('.npz') || n.endsWith('.npy') || n.endsWith('.safetensors')) return 'arrays';
  if (n.endsWith('-ubyte') || n.endsWith('-ubyte.gz')) return 'idx';
  return null;
}

const mb = (n: number): string => `${(n / 2 ** 20).toFixed(n < 2 ** 20 ? 2 : 0)} MB`;

export async function saveUpload(root: string, body: ReadableStream<Uint8Array> | null, declared: number | undefined, o: UploadOptions, runners: RunnerPool): Promise<Uploaded> {
  const target = path.join(root, ...o.name.split('/'));
  if ((await locateInside(root, target)) === 'outside') throw new OutsideRootError(`name ${JSON.stringify(o.name)}: outside the workspace`);
  if (declared !== undefined && declared > o.maxBytes) throw new HTTPException(413, { message: `upload too large: ${mb(declared)} (at most ${mb(o.maxBytes)}; see --max-upload)` });
  if (!body) throw new NnllInputError('empty upload (send the file as the request body)');
  const existing = await stat(target).catch(() => null);
  if (existing && !o.replace) throw new HTTPException(409, { message: `${o.name} exists in the workspace (upload with ?replace=1 to replace it)` });
  if (existing && !existing.isFile()) throw new NnllInputError(`${o.name}: a folder in the workspace`);

  const dir = path.join(root, RESERVED, 'uploads');
  await mkdir(dir, { recursive: true });
  const base = path.basename(target);
  const tmp = path.join(dir, `${randomBytes(6).toString('hex')}-${base}`);
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > o.maxBytes) return done(new TooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    try {
      await pipeline(Readable.fromWeb(body as never), counter, createWriteStream(tmp, { flags: 'wx' }));
    } catch (e) {
      if (e instanceof TooLarge) throw new HTTPException(413, { message: `upload too large: more than ${mb(o.maxBytes)} (see --max-upload)` });
      throw new NnllInputError(`upload of ${o.name} did not finish (${(e as Error).message.split('\n')[0]})`);
    }
    if (size === 0) throw new NnllInputError(`empty upload: ${o.name}`);
    const as = checkAs(base);
    let info: Inspection['info'] | null = null;
    if (as) {
      try {
        info = (await runners.inspect(path.relative(root, tmp).split(path.sep).join('/'), as)).info;
      } catch (e) {
        if (e instanceof InspectError && e.input) throw new NnllInputError(e.message.replace(path.relative(root, tmp).split(path.sep).join('/'), o.name).replace(/^--model /, ''));
        throw e;
      }
    }
    await mkdir(path.dirname(target), { recursive: true });
    if ((await locateInside(root, path.dirname(target))) !== 'inside') throw new OutsideRootError(`name ${JSON.stringify(o.name)}: outside the workspace`);
    if (o.replace) await rename(tmp, target);
    else {
      try {
        await link(tmp, target); // fails when the name was taken meanwhile: never overwrites
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new HTTPException(409, { message: `${o.name} exists in the workspace (upload with ?replace=1 to replace it)` });
        throw e;
      }
    }
    return { path: o.name, size, sha256: hash.digest('hex'), replaced: Boolean(existing), info };
  } finally {
    await rm(tmp, { force: true }); // after a link or a failure; gone already after a rename
  }
}
