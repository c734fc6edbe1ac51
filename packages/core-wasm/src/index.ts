export * from './program.js';
export { NnllInputError } from './errors.js';
export { Kernel, KernelError, KernelFault, type KernelOptions, type DataSet, type LossSums } from './kernel.js';
export { hasRelaxedSimd, wasmUrl, type SimdFlavor, type BuildKind } from './wasm.js';
export { ReferenceNetwork, type ReferenceData, type ReferenceResult } from './reference/network.js';
export { erf } from './reference/activation.js';
export { ProgramBuilder } from './builder.js';
