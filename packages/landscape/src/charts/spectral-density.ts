/**
 * Hessian spectrum: the eigenvalue density (stochastic Lanczos quadrature or exact, smoothed) on a
 * log y axis, as PyHessian and Ghorbani et al. draw it, with the top eigenvalues as vertical rules
 * and λmax labelled. Density values below `floor`·max cannot be told apart on a log axis from zero
 * and are dropped. An exact spectrum (every eigenvalue, exact mode) is drawn as a histogram of the
 * same density (count / (n·bin width)) under the estimators, so they can be checked against it.
 * see: Ghorbani, Krishnan & Xiao 2019, fig. 1; Yao et al. 2020 (PyHessian).
 */
import * as Plot from '@observablehq/plot';
import {
  type ChartOptions, type Figure, type Num, commonOption, formatNumber, num, palette, plot,
  resolveDocument, short, stack, withDefaults,
} from './chart-options.js';

/** A spectrum as `nnll hessian` returns it: eigenvalues (largest first), density {x, y} and/or the exact spectrum. */
export interface SpectrumChartData {
  eigenvalues?: readonly Num[] | null;
  density?: { x: readonly number[]; y: readonly Num[] } | null;
  /** All eigenvalues (exact mode), descending: drawn as a histogram. */
  spectrum?: readonly number[] | null;
}

export interface SpectralDensityOptions extends ChartOptions {
  /** How many of the top eigenvalues to draw as rules. Default 10. */
  topK?: number;
  /** Smallest density drawn, relative to the largest. Default 1e-8. */
  floor?: number;
  /** Histogram bins over the exact spectrum's range. Default 160. */
  bins?: number;
}

export const spectralDensityDefaults = { width: 640, height: 320, topK: 10, floor: 1e-8, bins: 160 };

function validate(options: SpectralDensityOptions): void {
  for (const [name, value] of Object.entries(options)) {
    if (commonOption(name, value)) continue;
    switch (name) {
      case 'topK':
        if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0)) throw new RangeError(`invalid topK: ${short(value)} (an integer ≥ 0)`);
        break;
      case 'bins':
        if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 1000)) throw new RangeError(`invalid bins: ${short(value)} (an integer in 1..1000)`);
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

/** Histogram of `values` as a density: bars [x1, x2) with y = count / (n·width); empty bins left out. */
export function spectrumHistogram(values: readonly number[], bins: number): { x1: number; x2: number; y: number; count: number }[] {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  if (n === 0) return [];
  let lo = Math.min(...finite), hi = Math.max(...finite);
  if (!(hi > lo)) {
    const pad = Math.max(Math.abs(lo) * 1e-3, 1e-12);
    lo -= pad;
    hi += pad;
  }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  return counts.flatMap((count, k) => (count > 0 ? [{ x1: lo + k * width, x2: lo + (k + 1) * width, y: count / (n * width), count }] : []));
}

export function spectralDensity(result: SpectrumChartData, options: SpectralDensityOptions = {}): Figure {
  validate(options);
  const o = withDefaults(spectralDensityDefaults, options);
  const document = resolveDocument(o.document);
  const d = result.density;
  if (d && (!Array.isArray(d.x) || !Array.isArray(d.y) || d.x.length !== d.y.length)) {
    throw new TypeError(`invalid result: density must be {x, y} of equal length, got ${short(d)}`);
  }
  if (result.spectrum !== undefined && result.spectrum !== null && (!Array.isArray(result.spectrum) || !result.spectrum.every((v) => typeof v === 'number'))) {
    throw new TypeError(`invalid result: spectrum must be an array of numbers, got ${short(result.spectrum)}`);
  }
  const all = (result.spectrum ?? []).filter(Number.isFinite);
  const bars = spectrumHistogram(all, o.bins);
  const points = d ? d.x.map((x, k) => ({ x, y: num(d.y[k]) })).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)) : [];
  const peak = Math.max(0, ...points.map((p) => p.y), ...bars.map((b) => b.y));
  // The lowest value drawn: the floor under a density line (its tails span decades); with bars
  // alone, a third of the lowest bar.
  const bottom = points.length > 0 ? peak * o.floor : Math.min(...bars.map((b) => b.y)) / 3;
  // Values under the floor (and zeros, which a log axis cannot show) are drawn on the floor.
  const density = peak > 0 && points.length > 0 ? points.map((p) => ({ x: p.x, y: Math.max(p.y, bottom) })) : [];
  const eigen = (result.eigenvalues ?? []).map(num).filter(Number.isFinite).sort((a, b) => b - a).slice(0, o.topK).map((value, k) => ({ value, k }));
  if (density.length === 0 && eigen.length === 0 && bars.length === 0) throw new RangeError('invalid result: a spectrum needs eigenvalues, a density or the exact spectrum');
  const marks: Plot.Markish[] = [];
  if (bars.length > 0) marks.push(Plot.rect(bars, { x1: 'x1', x2: 'x2', y1: bottom, y2: 'y', fill: palette.muted, fillOpacity: 0.45, inset: 0 }));
  if (density.length > 0) {
    marks.push(
      Plot.areaY(density, { x: 'x', y1: bottom, y2: 'y', fill: palette.train, fillOpacity: bars.length > 0 ? 0 : 0.15 }),
      Plot.line(density, { x: 'x', y: 'y', stroke: palette.train, strokeWidth: 1.5 }),
    );
  }
  marks.push(Plot.ruleX(eigen, { x: 'value', stroke: palette.accent, strokeWidth: 1.2, strokeOpacity: 0.8 }));
  if (eigen.length > 0) {
    marks.push(Plot.text(eigen.slice(0, 1), {
      x: 'value', frameAnchor: 'top', dy: 4, dx: -4, textAnchor: 'end', fill: palette.accent, fontWeight: 'bold',
      text: (e: { value: number }) => `λmax ${formatNumber(e.value)}`,
    }));
  }
  if (all.length > 0) {
    const lmax = Math.max(...all), lmin = Math.min(...all);
    // The exact extremes, and a key to what is drawn.
    const key = [
      `bars: all ${all.length.toLocaleString('en-US')} eigenvalues (exact), λmin ${formatNumber(lmin)}${eigen.length === 0 ? `, λmax ${formatNumber(lmax)}` : ''}`,
      ...(density.length > 0 ? ['line: density'] : []),
      ...(eigen.length > 0 ? [`rules: top ${eigen.length}`] : []),
    ];
    const colours = [palette.muted, ...(density.length > 0 ? [palette.train] : []), ...(eigen.length > 0 ? [palette.accent] : [])];
    // Above the frame, right-aligned: the bulk near 0 and λmax's label take the frame's top corners.
    key.forEach((text, k) => marks.push(Plot.text([text], {
      frameAnchor: 'top-right', dy: -8 - 13 * (key.length - 1 - k), textAnchor: 'end', lineAnchor: 'bottom', text: (t: string) => t,
      fill: colours[k], fontWeight: 'bold',
    })));
  }
  const logY = density.length > 0 || bars.length > 0;
  const keyRows = all.length > 0 ? 1 + (density.length > 0 ? 1 : 0) + (eigen.length > 0 ? 1 : 0) : 0;
  // Ticks at powers of ten only (Plot adds the 2…9 multiples when the domain spans few decades).
  const decades: number[] = [];
  // Number('1e-3'), as d3's log ticks, not 10 ** -3 (which is off in the last bit for some k).
  if (logY) for (let k = Math.ceil(Math.log10(bottom)); k <= Math.floor(Math.log10(peak * 2)); k++) decades.push(Number(`1e${k}`));
  const chart = plot(document, {
    width: o.width,
    height: o.height + 13 * keyRows,
    marginTop: 20 + 13 * keyRows,
    marginLeft: 55,
    marginBottom: 40,
    x: { label: 'eigenvalue', labelAnchor: 'center', labelArrow: 'none' },
    y: logY ? { type: 'log', label: 'density', grid: true, labelArrow: 'none', domain: [bottom, peak * 2], ticks: decades, tickFormat: powerOfTen } : { axis: null },
    marks,
  });
  return stack(document, [chart], o.title);
}
