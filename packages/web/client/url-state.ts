/**
 * The job spec in the address: `#spec=<JSON>` (the spec with its defaults, as the server stores
 * it), plus `&where=browser` for a job run in this browser. A copied link reopens the same figure:
 * from the server's history when a job with this spec is there, else the form is filled in to run it.
 */
import type { JobSpec } from '@nnll/landscape';

export interface UrlState {
  spec: unknown;
  where: 'server' | 'browser';
}

export function readUrl(hash = location.hash): UrlState | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const text = params.get('spec');
  if (!text) return null;
  try {
    return { spec: JSON.parse(text), where: params.get('where') === 'browser' ? 'browser' : 'server' };
  } catch {
    return null;
  }
}

export function writeUrl(spec: JobSpec, where: 'server' | 'browser'): void {
  const params = new URLSearchParams({ spec: JSON.stringify(spec) });
  if (where === 'browser') params.set('where', 'browser');
  const hash = `#${params.toString()}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

/** Specs compared as JSON with keys in order. */
export function sameSpec(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])])) : Array.isArray(v) ? v.map(canon) : v);
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}
