/**
 * Finds and compiles the kernel's WebAssembly: `wasm/nnll.<flavor>[.debug].wasm` beside this
 * package's dist. In Node the bytes are read from disk; in browsers they are fetched relative to
 * this module's URL. Compiled modules are cached per flavor and build.
 */
export type SimdFlavor = 'relaxed' | 'plain';
export type BuildKind = 'release' | 'debug';

const cache = new Map<string, Promise<WebAssembly.Module>>();
let relaxedSupport: Promise<boolean> | undefined;

/** URL of a build inside the package. */
export function wasmUrl(flavor: SimdFlavor, build: BuildKind = 'release'): URL {
  return new URL(`../wasm/nnll.${flavor}${build === 'debug' ? '.debug' : ''}.wasm`, import.meta.url);
}

const isNode = (): boolean => typeof process !== 'undefined' && !!process.versions?.node;

async function readBytes(url: URL): Promise<ArrayBuffer> {
  if (isNode() && url.protocol === 'file:') {
    // A computed specifier keeps bundlers from pulling node:fs into browser builds.
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
    const b = await fs.readFile(url);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot load ${url.href}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/** Whether this engine validates the relaxed-SIMD build (Node 22+, current browsers; Node 20 with --experimental-wasm-relaxed-simd). */
export function hasRelaxedSimd(): Promise<boolean> {
  relaxedSupport ??= readBytes(wasmUrl('relaxed')).then((b) => WebAssembly.validate(b), () => false);
  return relaxedSupport;
}

function compile(flavor: SimdFlavor, build: BuildKind): Promise<WebAssembly.Module> {
  const key = `${flavor}:${build}`;
  let m = cache.get(key);
  if (!m) {
    m = readBytes(wasmUrl(flavor, build)).then((b) => WebAssembly.compile(b));
    cache.set(key, m);
  }
  return m;
}

/** Resolves the requested flavor ('auto' prefers relaxed) and returns the compiled module. */
export async function loadWasmModule(simd: 'auto' | SimdFlavor, build: BuildKind): Promise<{ module: WebAssembly.Module; flavor: SimdFlavor }> {
  if (simd !== 'auto' && simd !== 'relaxed' && simd !== 'plain') throw new Error(`invalid simd: ${String(simd)}`);
  let flavor: SimdFlavor = simd === 'plain' ? 'plain' : 'relaxed';
  if (flavor === 'relaxed' && !(await hasRelaxedSimd())) {
    if (simd === 'relaxed') throw new Error('this engine has no relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd); use simd: "plain" or "auto"');
    flavor = 'plain';
  }
  return { module: await compile(flavor, build), flavor };
}
