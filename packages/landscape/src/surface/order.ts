/**
 * Coarse-to-fine order of grid points: a preview lattice first (every s-th row and column, the
 * last row and column included), then each halving of s, so an early stop still covers the grid.
 */
export function coarseToFine(nx: number, ny: number): { order: [number, number][]; previewCount: number } {
  const top = Math.max(1, 2 ** Math.floor(Math.log2(Math.max(1, (Math.max(nx, ny) - 1) / 2))));
  const level = (i: number, n: number): number => {
    if (i === 0 || i === n - 1) return top;
    let s = top;
    while (s > 1 && i % s !== 0) s /= 2;
    return s;
  };
  const pts: { i: number; j: number; l: number }[] = [];
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) pts.push({ i, j, l: Math.min(level(i, nx), level(j, ny)) });
  pts.sort((p, q) => q.l - p.l || p.i - q.i || p.j - q.j);
  return { order: pts.map((p) => [p.i, p.j]), previewCount: pts.filter((p) => p.l === top).length };
}
