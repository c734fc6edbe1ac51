/**
 * Provenance carried by every result: which package version computed it, from which model and
 * data (with their sha256), with which seed and options, and how much work it took.
 */
import { VERSION } from './version.js';
import type { Model } from './models/model.js';
import type { Dataset } from './data/dataset.js';

export interface Provenance {
  package: '@nnll/landscape';
  version: string;
  model: { kind: string; path?: string; spec?: string; sha256: string; param_count: number };
  data: { name: string; sha256: string | null; n: number } | null;
  seed: number | null;
  options: Record<string, unknown>;
  counts: { forward_passes: number; hvps: number };
}

export function provenance(o: {
  model: Model;
  data?: Pick<Dataset, 'name' | 'sha256' | 'n'> | null;
  seed?: number | null;
  options?: Record<string, unknown>;
  forwardPasses?: number;
  hvps?: number;
}): Provenance {
  const s = o.model.source;
  return {
    package: '@nnll/landscape',
    version: VERSION,
    model: { kind: s.kind, ...(s.path ? { path: s.path } : {}), ...(s.spec ? { spec: s.spec } : {}), sha256: s.sha256, param_count: o.model.params.length },
    data: o.data ? { name: o.data.name, sha256: o.data.sha256 ?? null, n: o.data.n } : null,
    seed: o.seed ?? null,
    options: o.options ?? {},
    counts: { forward_passes: o.forwardPasses ?? 0, hvps: o.hvps ?? 0 },
  };
}
