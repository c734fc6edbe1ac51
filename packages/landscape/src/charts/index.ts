// Chart factories (browser-safe): each returns an Observable Plot figure built in `options.document`.
export { type ChartOptions, type Figure, type Num, formatNumber } from './chart-options.js';
export { niceLevels } from './levels.js';
export { surfaceContour, surfaceContourDefaults, surfaceGrid, surfaceScale, type SurfaceContourOptions, type SurfaceChartData, type SurfaceMetric, type SurfaceScale } from './surface-contour.js';
export { surfaceLine, surfaceLineDefaults, type SurfaceLineOptions } from './surface-line.js';
export { interpolationPath, interpolationPathDefaults, barrierMark, type InterpolationPathOptions, type InterpolationChartData, type BarrierMark } from './interpolation-path.js';
export { spectralDensity, spectralDensityDefaults, spectrumHistogram, type SpectralDensityOptions, type SpectrumChartData } from './spectral-density.js';
export { trainingCurves, trainingCurvesDefaults, type TrainingCurvesOptions, type TrainingChartData, type TrainingEpoch } from './training-curves.js';
export { roundAttributes, stableIds } from './svg-text.js';
export { measureScatter, measureScatterDefaults, runValue, type MeasureScatterOptions, type StudyChartData, type StudyRunPoint } from './measure-scatter.js';
export { runCurves, runCurvesDefaults, type RunCurvesOptions, type RunCurvesData } from './run-curves.js';
export { keskarLine, type KeskarChartData } from './keskar-line.js';
export { sharpnessVsAlpha, sharpnessVsAlphaDefaults, type SharpnessVsAlphaOptions, type ReparamChartData } from './sharpness-vs-alpha.js';
export { reparamCurves, reparamCurvesDefaults, type ReparamCurvesOptions, type ReparamCurvesData } from './reparam-curves.js';
export { trackedSharpness, trackedSharpnessDefaults, type TrackedSharpnessOptions, type TrackedChartData } from './tracked-sharpness.js';
export { studyFigures, studyMeasures } from './study-figures.js';
export { studyReportHtml } from './study-report.js';
export { figuresFor, FIGURE_COMMANDS, type NamedFigure } from './figures-for.js';
export { demoReportHtml, type ReportFigure } from './demo-report.js';
