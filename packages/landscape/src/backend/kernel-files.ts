/** Where the kernel's WebAssembly files are on disk (Node): servers that run pages serve them. */
import { createRequire } from 'node:module';
import path from 'node:path';

export function kernelWasmDir(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('@nnll/core-wasm/package.json')), 'wasm');
}
