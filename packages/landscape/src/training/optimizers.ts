/** Optimizers by name, as jobs and studies choose them (PyTorch semantics: torch.optim.SGD, Adam, AdamW). */
import type { Optimizer } from './optimizer.js';
import { sgd } from './sgd.js';
import { adam, adamw } from './adam.js';

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface NamedOptimizerOptions {
  /** L2 (sgd family, adam) or decoupled (adamw; default 0.01) weight decay. */
  weightDecay?: number;
  /** Momentum of momentum/nesterov. Default 0.9. */
  momentum?: number;
}

export function optimizerByName(name: OptimizerName, o: NamedOptimizerOptions = {}): Optimizer {
  const weightDecay = o.weightDecay;
  switch (name) {
    case 'sgd':
      return sgd({ weightDecay });
    case 'momentum':
      return sgd({ momentum: o.momentum ?? 0.9, weightDecay });
    case 'nesterov':
      return sgd({ momentum: o.momentum ?? 0.9, nesterov: true, weightDecay });
    case 'adam':
      return adam({ weightDecay });
    case 'adamw':
      return adamw({ weightDecay });
  }
}

/** The learning rate a run uses when none is given: 0.001 for Adam and AdamW, 0.01 for the SGD family. */
export const defaultLr = (name: OptimizerName): number => (name.startsWith('adam') ? 0.001 : 0.01);
