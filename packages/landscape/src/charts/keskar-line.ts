/**
 * Keskar et al.'s (2017, fig. 3) 1-D plot: the loss and accuracy, train and test, along
 * θ(α) = θ_small + α·(θ_large − θ_small) for α ∈ [−1, 2] — the small-batch solution at α = 0, the
 * large-batch one at α = 1 — drawn as an interpolation path with the endpoints named.
 */
import type { Figure } from './chart-options.js';
import { interpolationPath, type InterpolationChartData, type InterpolationPathOptions } from './interpolation-path.js';

export interface KeskarChartData {
  keskar: { small: string; large: string; interpolation: InterpolationChartData } | null;
  runs?: readonly { id: string; batch_size: number }[];
}

export function keskarLine(study: KeskarChartData, options: InterpolationPathOptions = {}): Figure {
  const k = study.keskar;
  if (!k) throw new TypeError('invalid result: no keskar line (a batch-size study with keskar_points > 0 whose runs finished)');
  const b = (id: string) => study.runs?.find((r) => r.id === id)?.batch_size;
  const small = b(k.small), large = b(k.large);
  return interpolationPath(k.interpolation, {
    xLabel: `α (0: ${small !== undefined ? `batch ${small}` : k.small}, 1: ${large !== undefined ? `batch ${large}` : k.large})`,
    ...options,
    title: options.title ?? 'Along θ_small + α(θ_large − θ_small) (Keskar et al. 2017)',
  });
}
