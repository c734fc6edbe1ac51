/**
 * SVG → PNG through resvg (its native binary ships inside the npm package). Text needs a font file:
 * the first of a few common Debian/Ubuntu/macOS sans-serif fonts that exists is loaded and made the
 * family for `sans-serif` (Plot asks for `system-ui, sans-serif`); when none exists resvg searches
 * the system fonts itself. No font is downloaded or embedded.
 */
import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

export interface RenderPngOptions {
  /** Width of the image in pixels; the height keeps the aspect ratio. Default: 2× the SVG's width (sharp on high-DPI screens). */
  width?: number;
}

/** Font candidates: [regular, bold] files and the family name they hold. */
const FONTS: { family: string; files: string[] }[] = [
  { family: 'DejaVu Sans', files: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'] },
  { family: 'Liberation Sans', files: ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'] },
  { family: 'Noto Sans', files: ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf'] },
  { family: 'Arial', files: ['/System/Library/Fonts/Supplemental/Arial.ttf', '/System/Library/Fonts/Supplemental/Arial Bold.ttf'] },
  { family: 'Arial', files: ['C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'] },
];

let chosen: { family: string; files: string[] } | null | undefined;

/** The font PNGs are drawn with: a family and its files, or null when resvg falls back to the system fonts. */
export function pngFont(): { family: string; files: string[] } | null {
  if (chosen === undefined) {
    chosen = null;
    for (const font of FONTS) {
      const files = font.files.filter((f) => existsSync(f));
      if (files.length > 0 && files[0] === font.files[0]) {
        chosen = { family: font.family, files };
        break;
      }
    }
  }
  return chosen;
}

export function renderPng(svg: string, options: RenderPngOptions = {}): Uint8Array {
  const width = options.width;
  if (width !== undefined && (!Number.isInteger(width) || width < 16 || width > 16384)) {
    throw new RangeError(`invalid width: ${width} (an integer number of pixels in 16..16384)`);
  }
  const font = pngFont();
  const svgWidth = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]) || 640;
  const opts: ResvgRenderOptions = {
    fitTo: { mode: 'width', value: width ?? Math.round(svgWidth * 2) },
    background: 'white',
    font: font
      ? { loadSystemFonts: false, fontFiles: font.files, defaultFontFamily: font.family, sansSerifFamily: font.family }
      : { loadSystemFonts: true },
  };
  return new Uint8Array(new Resvg(svg, opts).render().asPng());
}
