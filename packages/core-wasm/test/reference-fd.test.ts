// The float64 reference against central finite differences, every op family:
//   directional derivative  (L(θ+hu) − L(θ−hu)) / 2h  ≈ ∇L·u
//   Hessian-vector product  (∇L(θ+hv) − ∇L(θ−hv)) / 2h ≈ H·v
// Tolerance: in float64 the truncation error is O(h²·|L'''|) ≈ 1e-10 at h = 1e-5 and the rounding
// error O(ε·|L|/h) ≈ 1e-11, so 1e-6 relative leaves two orders of margin without hiding a wrong rule
// (a wrong rule is off by O(1)). Piecewise ops (ReLU, leaky ReLU, max-pool) are compared only when
// θ ± h·v stays on the same piece; their steps use h = 1e-6.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ReferenceNetwork } from '../src/reference/network.js';
import { FAMILIES, FC, caseArb } from './networks.js';
import { gaussian, piecePattern, relL2 } from './util.js';

const axpy = (theta: ArrayLike<number>, h: number, u: ArrayLike<number>): Float64Array =>
  Float64Array.from(theta, (t, i) => t + h * u[i]);

describe('reference rules against central finite differences', () => {
  for (const family of FAMILIES) {
    it(`${family}: gradient and HVP`, () => {
      fc.assert(
        fc.property(caseArb(family), (c) => {
          const net = new ReferenceNetwork(c.program, c.consts);
          const h = ['relu', 'leaky-relu', 'maxpool'].includes(family) ? 1e-6 : 1e-5;
          const at = (t: ArrayLike<number>) => net.run(t, c.data, { gradient: true, trace: true });
          const base = net.run(c.theta, c.data, { gradient: true, v: c.v, trace: true });
          const u = gaussian(c.theta.length, 7);
          const pu = at(axpy(c.theta, h, u)), mu = at(axpy(c.theta, -h, u));
          const pv = at(axpy(c.theta, h, c.v)), mv = at(axpy(c.theta, -h, c.v));
          const pattern = piecePattern(c.program, base.values!);
          for (const r of [pu, mu, pv, mv]) fc.pre(piecePattern(c.program, r.values!) === pattern);

          const fdDir = (pu.loss - mu.loss) / (2 * h);
          const dir = base.gradient!.reduce((s, g, i) => s + g * u[i], 0);
          expect(Math.abs(fdDir - dir)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(dir)));

          const fdHv = pv.gradient!.map((g, i) => (g - mv.gradient![i]) / (2 * h));
          const scale = Math.max(1, Math.hypot(...base.hv!));
          expect(relL2(base.hv!, fdHv) * Math.hypot(...fdHv) / scale).toBeLessThanOrEqual(1e-6);
        }),
        FC,
      );
    });
  }
});
