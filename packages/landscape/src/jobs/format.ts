/** Numbers in text summaries: significant digits, an em dash for missing values. */
export const fmt = (v: number | null | undefined, digits = 6): string => (v === null || v === undefined || Number.isNaN(v) ? '—' : Number(v).toPrecision(digits));

/** 12,345 */
export const count = (n: number): string => n.toLocaleString('en-US');

/** `path/to/model.onnx` → `model.onnx` (figure titles). */
export const baseName = (p: string | null | undefined): string => String(p ?? '').split(/[\\/]/).pop() ?? '';
