// The entry a bundler builds into `worker.js` beside a page's bundle: the kernel pool's Web Worker.
import '@nnll/core-wasm/browser/worker';
