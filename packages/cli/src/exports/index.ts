export { surfaceCsv, interpolationCsv, densityCsv, eigenvaluesCsv, historyCsv } from './csv.js';
export type { SurfaceCsvData, InterpolationCsvData, SpectrumCsvData, HistoryCsvData } from './csv.js';
export { surfaceVtp, surfaceVtk, writeSurfaceVtk, type VtkOptions, type VtkSurfaceData } from './vtk.js';
export { writeSurfaceHdf5, hdf5Layout, type Hdf5SurfaceData } from './hdf5.js';
export { writeFileAtomic } from './write-atomic.js';
