/**
 * RMSprop (Hinton 2012, lecture 6e; Keras 3 `keras/src/optimizers/rmsprop.py`), plain, centered,
 * with momentum.
 *
 *   v ← rho·v + (1 − rho)·g²
 *   gBar ← rho·gBar + (1 − rho)·g                   centered only (else gBar = 0)
 *   den = √(v − gBar² + epsilonIn) + epsilonOut
 *   θ ← θ − lr·g / den                              momentum = 0
 *   m ← momentum·m + lrIn·g / den                   momentum > 0
 *   θ ← θ − lrOut·m
 *
 * epsilonConvention 'keras' (default): epsilonIn = ε, epsilonOut = 0 (ε inside the root);
 *                   'pytorch':         epsilonIn = 0, epsilonOut = ε (also legacy tf.keras, μ = 0).
 * momentumConvention 'keras' (default): lrIn = lr, lrOut = 1 (lr is baked into m);
 *                    'pytorch':         lrIn = 1, lrOut = lr (torch's buffer carries no lr).
 * The conventions agree while lr is constant; ε placement matters once v ≲ ε (|g| ≲ 1e-3).
 * PyTorch calls rho `alpha` (default 0.99) and defaults lr to 0.01, ε to 1e-8.
 */
import type { FloatArray } from '../tensor/tensor';
import { Optimizer, type OptimizerOptions, type Slots } from './optimizer';
import {
  CONVENTIONS,
  NON_NEGATIVE,
  UNIT_CLOSED,
  UNIT_OPEN,
  booleanOption,
  choiceOption,
  numberOption,
  type Convention,
  type Options,
} from './options';

export interface RMSpropOptions extends OptimizerOptions {
  /** Decay of the running means, in [0, 1). Default 0.9. */
  rho?: number;
  /** In [0, 1]. Default 0. */
  momentum?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Divide by the running variance instead of the running second moment. Default false. */
  centered?: boolean;
  epsilonConvention?: Convention;
  momentumConvention?: Convention;
}

export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  readonly epsilonConvention: Convention;
  readonly momentumConvention: Convention;

  constructor(options: RMSpropOptions = {}) {
    const o = options as Options;
    super('RMSprop', o, ['rho', 'momentum', 'epsilon', 'centered', 'epsilonConvention', 'momentumConvention'], 0.001);
    this.rho = numberOption('RMSprop', o, 'rho', 0.9, UNIT_OPEN);
    this.momentum = numberOption('RMSprop', o, 'momentum', 0, UNIT_CLOSED);
    this.epsilon = numberOption('RMSprop', o, 'epsilon', 1e-7, NON_NEGATIVE);
    this.centered = booleanOption('RMSprop', o, 'centered', false);
    this.epsilonConvention = choiceOption('RMSprop', o, 'epsilonConvention', CONVENTIONS);
    this.momentumConvention = choiceOption('RMSprop', o, 'momentumConvention', CONVENTIONS);
  }

  protected slotNames(): string[] {
    return ['v', ...(this.centered ? ['gBar'] : []), ...(this.momentum > 0 ? ['m'] : [])];
  }

  protected update(theta: FloatArray, g: FloatArray, slots: Slots, lr: number): void {
    const { v, gBar, m } = slots;
    const { rho, momentum, centered } = this;
    const epsilonIn = this.epsilonConvention === 'keras' ? this.epsilon : 0;
    const epsilonOut = this.epsilon - epsilonIn;
    const lrInside = this.momentumConvention === 'keras';
    const lrIn = lrInside ? lr : 1;
    const lrOut = lrInside ? 1 : lr;
    const oneMinusRho = 1 - rho;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i];
      const vi = (v[i] = rho * v[i] + oneMinusRho * gi * gi);
      const gBari = centered ? (gBar[i] = rho * gBar[i] + oneMinusRho * gi) : 0;
      const den = Math.sqrt(vi - gBari * gBari + epsilonIn) + epsilonOut;
      if (momentum === 0) {
        theta[i] -= (lr * gi) / den;
        continue;
      }
      const mi = (m[i] = momentum * m[i] + (lrIn * gi) / den);
      theta[i] -= lrOut * mi;
    }
  }

  protected ownConfig(): Record<string, unknown> {
    const { rho, momentum, epsilon, centered, epsilonConvention, momentumConvention } = this;
    return { rho, momentum, epsilon, centered, epsilonConvention, momentumConvention };
  }
}
