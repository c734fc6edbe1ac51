export { surfaceVtp, surfaceVtk, writeSurfaceVtk, type VtkOptions, type VtkSurfaceData } from './vtk.js';
export { writeSurfaceHdf5, hdf5Layout, type Hdf5SurfaceData } from './hdf5.js';
