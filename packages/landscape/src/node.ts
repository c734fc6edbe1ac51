// Node-only entry: file-system data and models, and the worker-thread backend.
export * from './index.js';
export { loadMnistDigits } from './data/mnist.js';
export { loadData, loadArrays, saveArrays, type LoadDataOptions, type SaveArraysOptions } from './data/load-node.js';
export { nodeBackend, nodeBackendWith } from './backend/wasm-node.js';
export { loadModel, type LoadModelOptions } from './models/load-model.js';
export { runJob, nodeJobIO, nodeBackends, type NodeRunJobOptions, type NodeBackendOptions } from './jobs/node.js';
export { nodeFileSource, locateInside, writeFileAtomic, tempPathFor, OutsideRootError, type NodeFilesOptions } from './jobs/node-files.js';
export { kernelWasmDir } from './backend/kernel-files.js';
