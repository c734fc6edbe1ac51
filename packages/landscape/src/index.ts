export { builtinModel, defaultInit, SpecError, type BuiltinModel } from './models/builtin.js';
export type { Dataset } from './data/dataset.js';
export { lanczos, type LanczosOptions, type LanczosResult, type Which } from './hessian/lanczos.js';
export { symmetricEigen, type SymmetricEigen } from './hessian/symmetric-eigen.js';
export type { Backend } from './backend/backend.js';
export { uniform, normal } from './random.js';
