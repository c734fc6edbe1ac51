/**
 * Annotations that must not collide: labels next to points (the grid minimum, the trained point θ,
 * a trajectory's start and end) are placed one after another, each at the first of a few positions
 * around its point — nearer the middle of the frame first, then farther out — whose box stays in
 * the frame and overlaps neither a label placed before nor a marker. Text widths are estimated
 * from the character count (no layout engine is needed, so it works the same in linkedom, resvg
 * and browsers); the estimate errs wide. Also the marker of θ, the point the directions start from.
 */
import type * as Plot from '@observablehq/plot';

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A label to place next to the point (x, y) (pixels). */
export interface LabelRequest {
  x: number;
  y: number;
  text: string;
  /** Pixels. Default 11. */
  fontSize?: number;
  bold?: boolean;
  /** Distance from the point to the box. Default 9. */
  gap?: number;
}

/** A circle nothing may cover (pixels). */
export interface Obstacle {
  x: number;
  y: number;
  r: number;
}

export interface PlacedLabel {
  text: string;
  /** Where the text is drawn: x with `anchor`, y the baseline. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: Box;
  /** Placed farther out than the first ring: draw a leader line to the point. */
  far: boolean;
}

/** Estimated width of `text` in pixels: 0.62 em a character (0.68 bold), DejaVu Sans's digits and more. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  return [...text].length * fontSize * (bold ? 0.68 : 0.62);
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Area of `a` outside `frame`. */
function outside(a: Box, frame: Box): number {
  return (a.right - a.left) * (a.bottom - a.top) - overlap(a, frame);
}

/** How deep a box reaches into a circle, squared (0 when they do not meet). */
function intrusion(a: Box, o: Obstacle): number {
  const dx = Math.max(a.left - o.x, 0, o.x - a.right);
  const dy = Math.max(a.top - o.y, 0, o.y - a.bottom);
  const depth = o.r - Math.hypot(dx, dy);
  return depth > 0 ? 4 * depth * depth : 0;
}

/**
 * Places labels in order (earlier ones keep their preferred spot). Every label is placed; one
 * that fits nowhere takes the position with the least overlap.
 */
export function placeLabels(requests: readonly LabelRequest[], obstacles: readonly Obstacle[], frame: Box): PlacedLabel[] {
  const taken: Box[] = [];
  const cx = (frame.left + frame.right) / 2;
  const cy = (frame.top + frame.bottom) / 2;
  const placed: PlacedLabel[] = [];
  for (const r of requests) {
    const size = r.fontSize ?? 11;
    const w = textWidth(r.text, size, r.bold);
    const h = size * 1.25;
    const toLeft = r.x > cx;
    const up = r.y > cy;
    let best: { score: number; label: PlacedLabel } | undefined;
    for (const ring of [1, 2, 3.5]) {
      const far = ring > 1;
      const g = (r.gap ?? 9) * ring;
      const d = g * 0.7;
      // Horizontal sides toward the middle first, then the diagonals, then above and below.
      const side = (left: boolean, dy: number): PlacedLabel => {
        const top = r.y + dy;
        return left
          ? { text: r.text, x: r.x - d, y: top + size * 0.92, anchor: 'end', box: { left: r.x - d - w, top, right: r.x - d, bottom: top + h }, far }
          : { text: r.text, x: r.x + d, y: top + size * 0.92, anchor: 'start', box: { left: r.x + d, top, right: r.x + d + w, bottom: top + h }, far };
      };
      const vertical = (above: boolean): PlacedLabel => {
        const top = above ? r.y - g - h : r.y + g;
        return { text: r.text, x: r.x, y: top + size * 0.92, anchor: 'middle', box: { left: r.x - w / 2, top, right: r.x + w / 2, bottom: top + h }, far };
      };
      const diagonalUp = -d - h, diagonalDown = d, level = -h / 2;
      const first = up ? diagonalUp : diagonalDown;
      const second = up ? diagonalDown : diagonalUp;
      const candidates = [
        side(toLeft, first), side(toLeft, level), side(!toLeft, first), side(!toLeft, level),
        side(toLeft, second), side(!toLeft, second), vertical(up), vertical(!up),
      ];
      for (const c of candidates) {
        const score = 100 * outside(c.box, frame) + taken.reduce((s, t) => s + overlap(c.box, t), 0) + obstacles.reduce((s, o) => s + intrusion(c.box, o), 0);
        if (!best || score < best.score) best = { score, label: c };
        if (score === 0) break;
      }
      if (best!.score === 0) break;
    }
    placed.push(best!.label);
    taken.push(best!.label.box);
  }
  return placed;
}

/** A label at a data point, with its look. */
export interface PointLabel {
  x: number;
  y: number;
  text: string;
  fill?: string;
  fontSize?: number;
  bold?: boolean;
  /** A white halo (default) or none. */
  halo?: 'white' | 'black' | 'none';
  /** Pixels from the point to the label. Default 9. */
  gap?: number;
}

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A custom Plot mark drawing `labels` next to their data points without collisions, avoiding the
 * markers at `obstacles` (data coordinates, radius in pixels). Labels whose point lies outside the
 * frame are left out.
 */
export function labelsMark(labels: readonly PointLabel[], obstacles: readonly { x: number; y: number; r: number }[] = []): Plot.RenderFunction {
  return (_index, scales, _values, dim, context) => {
    const sx = scales.x!, sy = scales.y!;
    const frame = { left: dim.marginLeft, top: dim.marginTop, right: dim.width - dim.marginRight, bottom: dim.height - dim.marginBottom };
    const inFrame = (px: number, py: number) => Number.isFinite(px) && Number.isFinite(py) && px >= frame.left - 0.5 && px <= frame.right + 0.5 && py >= frame.top - 0.5 && py <= frame.bottom + 0.5;
    const shown = labels.map((l) => ({ l, px: sx(l.x) as number, py: sy(l.y) as number })).filter((p) => inFrame(p.px, p.py));
    const blocks = obstacles.map((o) => ({ x: sx(o.x) as number, y: sy(o.y) as number, r: o.r })).filter((o) => inFrame(o.x, o.y));
    const placed = placeLabels(shown.map(({ l, px, py }) => ({ x: px, y: py, text: l.text, fontSize: l.fontSize, bold: l.bold, gap: l.gap })), blocks, frame);
    const g = context.document.createElementNS(SVG, 'g');
    g.setAttribute('aria-label', 'labels');
    placed.forEach((p, k) => {
      const { l, px, py } = shown[k];
      if (p.far) {
        // A leader from the point to the nearest point of the label's box (text extents estimated).
        const line = context.document.createElementNS(SVG, 'line');
        const qx = Math.min(Math.max(px, p.box.left), p.box.right), qy = Math.min(Math.max(py, p.box.top), p.box.bottom);
        const len = Math.hypot(qx - px, qy - py) || 1;
        const skip = Math.min(len, l.gap ?? 9) * 0.6;
        for (const [name, v] of [['x1', px + ((qx - px) * skip) / len], ['y1', py + ((qy - py) * skip) / len], ['x2', qx], ['y2', qy], ['stroke', l.fill ?? 'black'], ['stroke-width', 1], ['stroke-opacity', 0.8]] as const) line.setAttribute(name, String(v));
        g.appendChild(line);
      }
      const t = context.document.createElementNS(SVG, 'text');
      t.setAttribute('x', String(p.x));
      t.setAttribute('y', String(p.y));
      t.setAttribute('text-anchor', p.anchor);
      t.setAttribute('font-size', String(l.fontSize ?? 11));
      if (l.bold) t.setAttribute('font-weight', 'bold');
      t.setAttribute('fill', l.fill ?? 'black');
      const halo = l.halo ?? 'white';
      if (halo !== 'none') {
        t.setAttribute('stroke', halo);
        t.setAttribute('stroke-width', '3');
        t.setAttribute('paint-order', 'stroke');
        t.setAttribute('stroke-linejoin', 'round');
      }
      t.textContent = l.text;
      g.appendChild(t);
    });
    return g as unknown as SVGElement;
  };
}

/**
 * Outer radius in pixels of Plot's star symbol drawn with `r` (its area is π·r², and d3's star
 * reaches √(0.8908·π)·r ≈ 1.673·r from its centre), plus half the stroke.
 */
export function starRadius(r: number, strokeWidth: number): number {
  return Math.sqrt(0.8908130915292852 * Math.PI) * r + strokeWidth / 2;
}

/** Radius of θ's marker in pixels (for `labelsMark` obstacles). */
export const THETA_RADIUS = 6;

/** θ's marker at a data point: a white ring with a black centre (⊙), unlike the minimum's star. */
export function thetaMark(x: number, y: number): Plot.RenderFunction {
  return (_index, scales, _values, _dim, context) => {
    const px = scales.x!(x) as number, py = scales.y!(y) as number;
    if (!Number.isFinite(px) || !Number.isFinite(py)) return null;
    const g = context.document.createElementNS(SVG, 'g');
    g.setAttribute('aria-label', 'theta');
    const ring = context.document.createElementNS(SVG, 'circle');
    for (const [k, v] of [['cx', px], ['cy', py], ['r', THETA_RADIUS - 1], ['fill', 'white'], ['stroke', 'black'], ['stroke-width', 1.8]] as const) ring.setAttribute(k, String(v));
    const centre = context.document.createElementNS(SVG, 'circle');
    for (const [k, v] of [['cx', px], ['cy', py], ['r', 1.8], ['fill', 'black']] as const) centre.setAttribute(k, String(v));
    g.append(ring, centre);
    return g as unknown as SVGElement;
  };
}
