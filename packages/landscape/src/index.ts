// Browser-safe entry of @nnll/landscape.
export { VERSION } from './version.js';
export { NnllInputError } from './errors.js';
export { uniform, normal } from './random.js';

// models
export { builtinModel, defaultInit, SpecError, type BuiltinModel } from './models/builtin.js';
export { unitAxes, checkModel, ModelError, type Model, type ModelSource } from './models/model.js';
export { importOnnx, type OnnxImportOptions } from './models/onnx-import.js';
export { exportOnnx, type OnnxExportOptions } from './models/onnx-export.js';
export { importTfjs, tfjsShardPaths, type TfjsImportOptions, type TfjsModelJson } from './models/tfjs-import.js';

// data
export type { Dataset } from './data/dataset.js';
export { DataError } from './data/errors.js';
export type { DType, NdArray, TypedArray } from './data/ndarray.js';
export { parseNpy, encodeNpy } from './data/npy.js';
export { parseNpz, encodeNpz } from './data/npz.js';
export { parseSafetensors, encodeSafetensors, type SafetensorsFile } from './data/safetensors.js';
export { parseIdx, encodeIdx } from './data/idx.js';
export { parseCsv, type CsvOptions } from './data/csv.js';
export { datasetFromArrays, datasetFromIdx, type FromArraysOptions, type Task } from './data/from-arrays.js';
export { spirals, spiralsDefaults, type SpiralsOptions } from './data/spirals.js';
export { moons, moonsDefaults, type MoonsOptions } from './data/moons.js';
export { blobs, blobCenters, blobsDefaults, type BlobsOptions } from './data/blobs.js';
export { teacher, teacherNetwork, teacherDefaults, type TeacherOptions, type TeacherNetwork } from './data/teacher.js';
export { syntheticData, parseDataSpec, isSyntheticName, syntheticNames, type DataSpec, type SyntheticName, type SyntheticOptions } from './data/builtin-data.js';
export { trainTestSplit, subset, takeSamples, permutation, type SplitOptions } from './data/split.js';
export { batches } from './data/batches.js';
export { reshapeTo } from './data/reshape.js';
export { checkData, type CheckDataOptions } from './data/check-data.js';
export { sha256Hex } from './data/sha256.js';
export { digitsDataset } from './data/digits.js';
export { fitData, outputSize } from './data/fit-data.js';

// compute
export type { Backend, BackendOptions, LossResult } from './backend/backend.js';
export { localBackend } from './backend/wasm-local.js';
export { yielding } from './backend/yielding.js';
export { poolBackend } from './backend/pool-backend.js';
export { browserBackends, type BrowserBackendOptions } from './backend/wasm-browser.js';
export { hasRelaxedSimd } from '@nnll/core-wasm';

// directions, surfaces, interpolation
export { normalizeDirection, NORMS, DirectionError, type Norm, type Ignore, type NormalizeOptions } from './directions/normalize.js';
export { randomDirection, dot, cosine, orthogonalize } from './directions/random.js';
export { trajectoryPca, type TrajectoryPca } from './directions/pca.js';
export { parseRange, linspace, RangeSpecError, type Range } from './surface/range.js';
export { coarseToFine } from './surface/order.js';
export { computeSurface, type SurfaceOptions, type SurfaceResult, type SurfacePoint } from './surface/surface.js';
export { interpolate, type InterpolationOptions, type InterpolationResult } from './surface/interpolate.js';

// training
export type { Optimizer } from './training/optimizer.js';
export { OptimizerError } from './training/optimizer.js';
export { sgd, type SgdOptions } from './training/sgd.js';
export { adam, adamw, type AdamOptions } from './training/adam.js';
export { schedule, parseSchedule, ScheduleError, type Schedule, type ScheduleSpec } from './training/schedule.js';
export { optimizerByName, defaultLr, OPTIMIZERS, type OptimizerName, type NamedOptimizerOptions } from './training/optimizers.js';
export { train, gather, type TrainOptions, type TrainResult, type TrainBackends, type EpochRecord } from './training/train.js';

// Hessian
export { lanczos, lanczosTridiagonal, type LanczosOptions, type LanczosResult, type LanczosTridiagonal, type Which } from './hessian/lanczos.js';
export { symmetricEigen, symmetricEigenvalues, type SymmetricEigen, type SymmetricEigenOptions } from './hessian/symmetric-eigen.js';
export { householderTridiagonal, tridiagonalEigen, type Tridiagonal, type TridiagonalEigen, type TridiagonalEigenOptions } from './hessian/tridiagonal.js';
export { hessianOf, countingOperator, denseHvp, type Hvp, type HessianOperator } from './hessian/operator.js';
export { hutchinson, type HutchinsonOptions, type HutchinsonResult } from './hessian/hutchinson.js';
export { hutchpp, type HutchppOptions, type HutchppResult } from './hessian/hutchpp.js';
export { slq, slqDensity, type SlqOptions, type SlqResult, type SlqRun } from './hessian/slq.js';
export { type DensityGrid } from './hessian/density.js';
export { exactHessian, exactSpectrum, spectrumSummary, type ExactHessian, type ExactHessianOptions, type ExactSpectrumOptions, type ExactSpectrumResult, type NegativeThresholdOptions } from './hessian/exact.js';
export { negativeFractions, negThresholdOf, straddleGap, uniformGaussRule, zeroGap, NEG_GAPS, NEG_SPREAD, type NegativeFractions, type QuadratureRule } from './hessian/negative.js';
export { compareEstimators, type CompareEstimatorsOptions, type EstimatorComparison, type TraceComparison } from './hessian/compare.js';
export { parameterBlocks, blockHvp, type ParameterBlock, type ParameterBlocksOptions, type ParameterRange } from './hessian/blocks.js';

// provenance and direction helpers
export { provenance, type Provenance } from './provenance.js';
export { hessianDirections, type HessianDirectionsOptions } from './directions/hessian-directions.js';
export { planeLosses, type PlaneLoss } from './directions/plane-losses.js';
export { directionFromArrays, arraysFromVector } from './directions/read-direction.js';

// sharpness and the reparametrisation lab
export { sharpness, measureValues, epsKey, SHARPNESS_MEASURES, SharpnessError, type SharpnessMeasure, type SharpnessOptions, type SharpnessResult, type MeasureDetail } from './sharpness/sharpness.js';
export { objective, MeasureAborted, type Objective, type Counts } from './sharpness/objective.js';
export { projectedAscent, boxProjection, ballProjection, type AscentOptions, type AscentResult, type ValueGradient } from './sharpness/ascent.js';
export { lambdaMax, type LambdaMaxOptions, type LambdaMaxResult } from './sharpness/lambda-max.js';
export { hessianTrace, type TraceOptions, type TraceResult } from './sharpness/trace.js';
export { filterScales, filterHvp, lambdaMaxFilter, traceFilter, type TraceFilterOptions, type TraceFilterResult } from './sharpness/filter-curvature.js';
export { epsSharpness, type EpsSharpnessOptions, type EpsSharpnessResult } from './sharpness/eps-sharpness.js';
export { adaptiveWorst, type AdaptiveWorstOptions, type AdaptiveWorstResult } from './sharpness/adaptive-worst.js';
export { adaptiveAverage, type AdaptiveAverageOptions, type AdaptiveAverageResult } from './sharpness/adaptive-average.js';
export { pacBayesSigma, type PacBayesOptions, type PacBayesResult } from './sharpness/pac-bayes.js';
export { reparametrize, weightedLayers, ReparamError, type ReparametrizeOptions, type Reparametrized } from './reparam/reparametrize.js';
export { maxLogitChange, type LogitChange } from './reparam/logit-change.js';
export { sharpnessTracker, TRACKED_MEASURES, type TrackedMeasure, type TrackedRecord, type SharpnessTrackerOptions } from './sharpness/tracker.js';
export { kendallTau, type KendallResult } from './stats/kendall.js';
export { DESIGNS, LITERATURE_LRS, studyRuns, parseLrs, runId, StudyError, type StudyDesign, type StudyRun, type DesignOptions } from './study/designs.js';
export { gapOf, correlations, groups, type Correlation, type Group } from './study/summaries.js';
export { runStudy, type StudySpec, type StudyResult } from './study/run-study.js';

// jobs: one spec, one runner, one result schema per kind
export * from './jobs/index.js';
