/**
 * Where results become files: `--plot FILE` (.svg, .png or .html: the result's figure from
 * @nnll/landscape/charts), `--csv FILE` (the result's table), and for surfaces `--vtk` / `--hdf5`.
 * The figure modules load only when asked for.
 */
import { resultCsv } from '@nnll/landscape';
import { writeFileAtomic } from '@nnll/landscape/node';

export interface RenderTargets {
  plot?: string;
  csv?: string;
  /** Surfaces only: ParaView's formats (.vtk legacy structured grid, .vtp XML poly data). */
  vtk?: string;
  /** Surfaces only: HDF5 with loss-landscape's dataset names. */
  hdf5?: string;
}

export async function renderOutputs(result: Record<string, unknown>, targets: RenderTargets): Promise<void> {
  if (targets.plot) {
    const [{ figuresFor }, { writeFigure }] = await Promise.all([import('@nnll/landscape/charts'), import('./figures/index.js')]);
    const [figure] = figuresFor(result as never);
    await writeFigure(targets.plot, (document) => figure.draw({ document, title: figure.title }) as Element, { title: figure.title, data: result });
  }
  if (targets.csv) await writeFileAtomic(targets.csv, resultCsv(result as never)!);
  if (targets.vtk || targets.hdf5) {
    const x = await import('./exports/index.js');
    if (targets.vtk) await x.writeSurfaceVtk(targets.vtk, result as never);
    if (targets.hdf5) await x.writeSurfaceHdf5(targets.hdf5, result as never);
  }
}
