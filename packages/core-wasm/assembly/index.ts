// @nnll/core-wasm kernel exports. The host lays out linear memory and passes pointers; nothing
// here allocates. See src/kernel.ts for the layout.
export { setGemmScratch, gemmScratchBytes, peak, peakFlopsPerRep, gemm } from "./gemm";
export { setConvScratch } from "./ops/conv";
export { setParamBuffers } from "./state";
export {
  setProgram, setData, resetAccumulators, lossTotal, correctTotal, evaluate, differentiate, multiEvaluate,
} from "./interpreter";
export { erf } from "./ops/activation";

export function heapBase(): usize { return __heap_base; }
