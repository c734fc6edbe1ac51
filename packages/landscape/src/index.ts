export { builtinModel, defaultInit, SpecError, type BuiltinModel } from './models/builtin.js';
export { unitAxes, checkModel, ModelError, type Model, type ModelSource } from './models/model.js';
export type { Dataset } from './data/dataset.js';
export { lanczos, type LanczosOptions, type LanczosResult, type Which } from './hessian/lanczos.js';
export { symmetricEigen, type SymmetricEigen } from './hessian/symmetric-eigen.js';
export type { Backend, BackendOptions, LossResult } from './backend/backend.js';
export { localBackend } from './backend/wasm-local.js';
export { uniform, normal } from './random.js';
