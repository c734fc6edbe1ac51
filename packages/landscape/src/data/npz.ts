/** NumPy .npz archives: a ZIP of .npy members, stored or deflated (read), stored (written). Browser-safe. */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { DataError, oneLine, printable } from './errors.js';
import type { NdArray, TypedArray, DType } from './ndarray.js';
import { encodeNpy, parseNpy } from './npy.js';

/** Reads every `.npy` member of a .npz archive, keyed by member name without `.npy`, in archive order. */
export function parseNpz(bytes: Uint8Array, source = '.npz'): Record<string, NdArray> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new DataError(`${source}: not a .npz file (bad magic: not a ZIP archive)`);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new DataError(`${source}: damaged ZIP archive (${oneLine(e)})`);
  }
  const out: [string, NdArray][] = [];
  for (const [member, data] of Object.entries(files)) {
    if (!member.endsWith('.npy')) continue;
    out.push([member.slice(0, -4), parseNpy(data, `${source}:${printable(member)}`)]);
  }
  return Object.fromEntries(out);
}

/** Writes a .npz archive with stored (uncompressed) members `KEY.npy`, like numpy.savez; byte-for-byte reproducible. */
export function encodeNpz(arrays: Record<string, { shape: readonly number[]; data: TypedArray; dtype?: DType }>): Uint8Array {
  const files: Zippable = {};
  for (const [key, a] of Object.entries(arrays)) files[`${key}.npy`] = [encodeNpy(a), { level: 0 }];
  return zipSync(files, { level: 0, mtime: new Date(1980, 0, 1) });
}
