/**
 * The bad-input base class of every nnll package (defined in the kernel package, the leaf all
 * others build on): loaders, importers, the job-spec validator and `runJob` throw subclasses of it
 * for input they cannot use; frontends map it once (CLI exit status 2, HTTP 400).
 */
export { NnllInputError } from '@nnll/core-wasm';
