/**
 * Adadelta (Zeiler 2012; Keras 3 `keras/src/optimizers/adadelta.py`, same maths as PyTorch).
 *
 *   a ← rho·a + (1 − rho)·g²                       running mean of squared gradients
 *   delta = −√(u + ε) / √(a + ε) · g               uses the new a (TF.js uses the old one and
 *                                                  thereby degenerates into plain SGD)
 *   u ← rho·u + (1 − rho)·delta²                   running mean of squared updates
 *   θ ← θ + lr·delta
 *
 * Defaults: lr 1.0 (the paper's, the lecture's `Adadelta(lr=1.0)`, PyTorch's; Keras 3 uses 0.001),
 * rho 0.95, ε 1e-7 (PyTorch: rho 0.9, ε 1e-6).
 */
import type { FloatArray } from '../tensor/tensor';
import { Optimizer, type OptimizerOptions, type Slots } from './optimizer';
import { NON_NEGATIVE, UNIT_OPEN, numberOption, type Options } from './options';

export interface AdadeltaOptions extends OptimizerOptions {
  /** Decay of both running means, in [0, 1). Default 0.95. */
  rho?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

export class Adadelta extends Optimizer {
  readonly className = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;

  constructor(options: AdadeltaOptions = {}) {
    const o = options as Options;
    super('Adadelta', o, ['rho', 'epsilon'], 1.0);
    this.rho = numberOption('Adadelta', o, 'rho', 0.95, UNIT_OPEN);
    this.epsilon = numberOption('Adadelta', o, 'epsilon', 1e-7, NON_NEGATIVE);
  }

  protected slotNames(): string[] {
    return ['a', 'u'];
  }

  protected update(theta: FloatArray, g: FloatArray, slots: Slots, lr: number): void {
    const { a, u } = slots;
    const rho = this.rho;
    const epsilon = this.epsilon;
    const oneMinusRho = 1 - rho;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i];
      const ai = (a[i] = rho * a[i] + oneMinusRho * gi * gi);
      const delta = (-Math.sqrt(u[i] + epsilon) / Math.sqrt(ai + epsilon)) * gi;
      u[i] = rho * u[i] + oneMinusRho * delta * delta;
      theta[i] += lr * delta;
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}
