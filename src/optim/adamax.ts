/**
 * Adamax, Adam with the infinity norm (Kingma & Ba 2015 §7.1; Keras 3 `keras/src/optimizers/adamax.py`).
 *
 *   t = iterations + 1
 *   lrCorrected = lr / (1 − beta1^t)
 *   m ← m + (g − m)·(1 − beta1)
 *   u ← max(beta2·u, |g| + epsilonIn)
 *   θ ← θ − lrCorrected·m / (u + epsilonOut)
 *
 * epsilonConvention 'keras' (default): epsilonIn = 0, epsilonOut = ε (ε added to u in the division);
 *                   'pytorch':         epsilonIn = ε, epsilonOut = 0 (ε inside the max, so u keeps it).
 * The two agree to ~ε/|u| relative. Default lr: Keras 0.001, PyTorch and the paper 0.002.
 */
import type { FloatArray } from '../tensor/tensor';
import { Optimizer, type OptimizerOptions, type Slots } from './optimizer';
import { CONVENTIONS, choiceOption, momentOptions, type Convention, type Options } from './options';

export interface AdamaxOptions extends OptimizerOptions {
  /** In [0, 1). Default 0.9. */
  beta1?: number;
  /** In [0, 1). Default 0.999. */
  beta2?: number;
  /** Default 1e-7. */
  epsilon?: number;
  epsilonConvention?: Convention;
}

export class Adamax extends Optimizer {
  readonly className = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly epsilonConvention: Convention;

  constructor(options: AdamaxOptions = {}) {
    const o = options as Options;
    super('Adamax', o, ['beta1', 'beta2', 'epsilon', 'epsilonConvention'], 0.001);
    ({ beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon } = momentOptions('Adamax', o));
    this.epsilonConvention = choiceOption('Adamax', o, 'epsilonConvention', CONVENTIONS);
  }

  protected slotNames(): string[] {
    return ['m', 'u'];
  }

  protected update(theta: FloatArray, g: FloatArray, slots: Slots, lr: number): void {
    const { m, u } = slots;
    const { beta1, beta2 } = this;
    const t = this.iterations + 1;
    const epsilonIn = this.epsilonConvention === 'pytorch' ? this.epsilon : 0;
    const epsilonOut = this.epsilon - epsilonIn;
    const lrCorrected = lr / (1 - beta1 ** t);
    const oneMinusBeta1 = 1 - beta1;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i];
      const mi = (m[i] += (gi - m[i]) * oneMinusBeta1);
      const ui = (u[i] = Math.max(beta2 * u[i], Math.abs(gi) + epsilonIn));
      theta[i] -= (lrCorrected * mi) / (ui + epsilonOut);
    }
  }

  protected ownConfig(): Record<string, unknown> {
    const { beta1, beta2, epsilon, epsilonConvention } = this;
    return { beta1, beta2, epsilon, epsilonConvention };
  }
}
