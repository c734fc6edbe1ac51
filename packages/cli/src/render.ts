/**
 * Where results become figures and files: `--plot FILE` (.svg, .png or .html, through the chart
 * factories of @nnll/landscape/charts and ./figures) and `--csv FILE` (the numbers as a table, through
 * ./exports), for surface, interpolate, hessian and train. Both are checked before any work and
 * written after it; the figure modules load only when asked for.
 */
import { extname } from 'node:path';
import { outputFlag, type Values } from './args.js';
import { UsageError } from './errors.js';

export interface RenderTargets {
  plot?: string;
  csv?: string;
  /** Surfaces only: ParaView's formats (.vtk legacy structured grid, .vtp XML poly data). */
  vtk?: string;
  /** Surfaces only: HDF5 with loss-landscape's dataset names. */
  hdf5?: string;
}

export type RenderCommand = 'surface' | 'interpolate' | 'hessian' | 'train';

const PLOT_EXTS = ['.svg', '.png', '.html', '.htm'];

/** `--plot` and `--csv`, checked: known extensions, existing folders. */
export function renderTargets(values: Values): RenderTargets {
  const plot = outputFlag(values, 'plot');
  const csv = outputFlag(values, 'csv');
  if (plot !== undefined && !PLOT_EXTS.includes(extname(plot).toLowerCase())) throw new UsageError(`invalid --plot: ${plot} (expected .svg, .png or .html)`);
  if (csv !== undefined && extname(csv).toLowerCase() !== '.csv') throw new UsageError(`invalid --csv: ${csv} (expected a .csv file)`);
  const vtk = 'vtk' in values ? outputFlag(values, 'vtk') : undefined;
  const hdf5 = 'hdf5' in values ? outputFlag(values, 'hdf5') : undefined;
  if (vtk !== undefined && !['.vtk', '.vtp'].includes(extname(vtk).toLowerCase())) throw new UsageError(`invalid --vtk: ${vtk} (expected a .vtk or .vtp file)`);
  if (hdf5 !== undefined && !['.h5', '.hdf5'].includes(extname(hdf5).toLowerCase())) throw new UsageError(`invalid --hdf5: ${hdf5} (expected a .h5 or .hdf5 file)`);
  return { plot, csv, vtk, hdf5 };
}

function title(command: RenderCommand, result: Record<string, any>): string {
  const model = String(result.model?.path ?? '').split(/[\\/]/).pop();
  switch (command) {
    case 'surface':
      return `Loss surface of ${model}`;
    case 'interpolate':
      return `Interpolation ${model} → ${String(result.to?.path ?? '').split(/[\\/]/).pop()}`;
    case 'hessian':
      return `Hessian spectrum of ${model}`;
    case 'train':
      return `Training ${model}`;
  }
}

export async function renderOutputs(command: RenderCommand, result: Record<string, any>, targets: RenderTargets): Promise<void> {
  if (targets.plot) {
    const [charts, { writeFigure }] = await Promise.all([import('@nnll/landscape/charts'), import('./figures/index.js')]);
    const chart =
      command === 'surface' ? (result.y ? charts.surfaceContour : charts.surfaceLine)
      : command === 'interpolate' ? charts.interpolationPath
      : command === 'hessian' ? charts.spectralDensity
      : charts.trainingCurves;
    const t = title(command, result);
    await writeFigure(targets.plot, (document) => chart(result as never, { document, title: t }) as Element, { title: t, data: result });
  }
  if (targets.csv) {
    const x = await import('./exports/index.js');
    const text =
      command === 'surface' ? x.surfaceCsv(result as never)
      : command === 'interpolate' ? x.interpolationCsv(result as never)
      : command === 'hessian' ? (result.density ? x.densityCsv(result as never) : x.eigenvaluesCsv(result as never))
      : x.historyCsv(result as never);
    await x.writeFileAtomic(targets.csv, text);
  }
  if (command === 'surface' && (targets.vtk || targets.hdf5)) {
    const x = await import('./exports/index.js');
    if (targets.vtk) await x.writeSurfaceVtk(targets.vtk, result as never);
    if (targets.hdf5) await x.writeSurfaceHdf5(targets.hdf5, result as never);
  }
}
