/**
 * Hessian spectrum: the eigenvalue density (stochastic Lanczos quadrature or exact, smoothed) on a
 * log y axis, as PyHessian and Ghorbani et al. draw it, with the top eigenvalues as vertical rules
 * and λmax labelled. Density values below `floor`·max cannot be told apart on a log axis from zero
 * and are dropped.
 * see: Ghorbani, Krishnan & Xiao 2019, fig. 1; Yao et al. 2020 (PyHessian).
 */
import * as Plot from '@observablehq/plot';
import {
  type ChartOptions, type Figure, type Num, commonOption, formatNumber, num, palette, plot,
  resolveDocument, short, stack, withDefaults,
} from './chart-options.js';

/** A spectrum as `nnll hessian` returns it: eigenvalues (largest first) and/or density {x, y}. */
export interface SpectrumChartData {
  eigenvalues?: readonly Num[] | null;
  density?: { x: readonly number[]; y: readonly Num[] } | null;
}

export interface SpectralDensityOptions extends ChartOptions {
  /** How many of the top eigenvalues to draw as rules. Default 10. */
  topK?: number;
  /** Smallest density drawn, relative to the largest. Default 1e-8. */
  floor?: number;
}

export const spectralDensityDefaults = { width: 640, height: 320, topK: 10, floor: 1e-8 };

function validate(options: SpectralDensityOptions): void {
  for (const [name, value] of Object.entries(options)) {
    if (commonOption(name, value)) continue;
    switch (name) {
      case 'topK':
        if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0)) throw new RangeError(`invalid topK: ${short(value)} (an integer ≥ 0)`);
        break;
      case 'floor':
        if (value !== undefined && (typeof value !== 'number' || !(value > 0 && value < 1))) throw new RangeError(`invalid floor: ${short(value)} (a number in (0, 1))`);
        break;
      default:
        throw new TypeError(`invalid option: ${name}`);
    }
  }
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** Log-axis ticks: 10ᵏ at powers of ten, nothing in between. */
function powerOfTen(v: number): string {
  const k = Math.round(Math.log10(v));
  if (Math.abs(Math.log10(v) - k) > 1e-9) return '';
  return k === 0 ? '1' : k === 1 ? '10' : `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c])}`;
}

export function spectralDensity(result: SpectrumChartData, options: SpectralDensityOptions = {}): Figure {
  validate(options);
  const o = withDefaults(spectralDensityDefaults, options);
  const document = resolveDocument(o.document);
  const d = result.density;
  if (d && (!Array.isArray(d.x) || !Array.isArray(d.y) || d.x.length !== d.y.length)) {
    throw new TypeError(`invalid result: density must be {x, y} of equal length, got ${short(d)}`);
  }
  const points = d ? d.x.map((x, k) => ({ x, y: num(d.y[k]) })).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)) : [];
  const peak = Math.max(0, ...points.map((p) => p.y));
  // Values under the floor (and zeros, which a log axis cannot show) are drawn on the floor.
  const density = peak > 0 ? points.map((p) => ({ x: p.x, y: Math.max(p.y, peak * o.floor) })) : [];
  const eigen = (result.eigenvalues ?? []).map(num).filter(Number.isFinite).sort((a, b) => b - a).slice(0, o.topK).map((value, k) => ({ value, k }));
  if (density.length === 0 && eigen.length === 0) throw new RangeError('invalid result: a spectrum needs eigenvalues or a density');
  const marks: Plot.Markish[] = [];
  if (density.length > 0) {
    marks.push(
      Plot.areaY(density, { x: 'x', y1: peak * o.floor, y2: 'y', fill: palette.train, fillOpacity: 0.15 }),
      Plot.line(density, { x: 'x', y: 'y', stroke: palette.train, strokeWidth: 1.5 }),
    );
  }
  marks.push(
    Plot.ruleX(eigen, { x: 'value', stroke: palette.accent, strokeWidth: 1.2, strokeOpacity: 0.8 }),
    Plot.text(eigen.slice(0, 1), {
      x: 'value', frameAnchor: 'top', dy: 4, dx: -4, textAnchor: 'end', fill: palette.accent, fontWeight: 'bold',
      text: (e: { value: number }) => `λmax ${formatNumber(e.value)}`,
    }),
  );
  const chart = plot(document, {
    width: o.width,
    height: o.height,
    marginLeft: 55,
    marginBottom: 40,
    x: { label: 'eigenvalue', labelAnchor: 'center', labelArrow: 'none' },
    y: density.length > 0 ? { type: 'log', label: 'density', grid: true, labelArrow: 'none', domain: [peak * o.floor, peak * 2], tickFormat: powerOfTen } : { axis: null },
    marks,
  });
  return stack(document, [chart], o.title);
}
