// Node-only entry: file-system data sets and the worker-thread backend.
export * from './index.js';
export { loadMnistDigits } from './data/mnist.js';
export { nodeBackend, nodeBackendWith } from './backend/wasm-node.js';
