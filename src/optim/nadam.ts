/**
 * Nadam, Adam with Nesterov momentum (Dozat 2016; Keras 3 `keras/src/optimizers/nadam.py`).
 *
 *   t = iterations + 1
 *   uT    = beta1·(1 − ½·0.96^(t·momentumDecay))          momentum schedule at t
 *   uNext = beta1·(1 − ½·0.96^((t + 1)·momentumDecay))    and at t + 1
 *   uProduct ← uProduct·uT                                once per step (beginStep), starts at 1
 *   m ← m + (g − m)·(1 − beta1)
 *   v ← v + (g² − v)·(1 − beta2)
 *   mHat = uNext·m / (1 − uProduct·uNext) + (1 − uT)·g / (1 − uProduct)
 *   vHat = v / (1 − beta2^t)
 *   θ ← θ − lr·mHat / (√vHat + ε)
 *
 * momentumDecay 1 (default) is Keras 3 and tf.keras ≥ 2.11: 0.96^t, warm-up over ~100 steps.
 * momentumDecay 0.004 is torch.optim.NAdam's `momentum_decay` default and legacy Keras's
 * `schedule_decay`: u stays ≈ 0.52 for thousands of steps. K3 Nadam = NAdam(momentum_decay=1).
 */
import type { FloatArray } from '../tensor/tensor';
import { Optimizer, type OptimizerOptions, type Slots } from './optimizer';
import { NON_NEGATIVE, momentOptions, numberOption, type Options } from './options';
import { check, isFiniteNumber } from '../tensor/errors';

export interface NadamOptions extends OptimizerOptions {
  /** In [0, 1). Default 0.9. */
  beta1?: number;
  /** In [0, 1). Default 0.999. */
  beta2?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** ψ in the momentum schedule 0.96^(t·ψ): 1 for Keras 3 (default), 0.004 for PyTorch. */
  momentumDecay?: number;
}

export class Nadam extends Optimizer {
  readonly className = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly momentumDecay: number;
  /** Π of the schedule values u_1…u_t so far (Keras `_u_product`). */
  private uProduct = 1;

  constructor(options: NadamOptions = {}) {
    const o = options as Options;
    super('Nadam', o, ['beta1', 'beta2', 'epsilon', 'momentumDecay'], 0.001);
    ({ beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon } = momentOptions('Nadam', o));
    this.momentumDecay = numberOption('Nadam', o, 'momentumDecay', 1, NON_NEGATIVE);
  }

  /** The momentum schedule u at step t. */
  private u(t: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** (t * this.momentumDecay));
  }

  protected slotNames(): string[] {
    return ['m', 'v'];
  }

  protected override beginStep(): void {
    this.uProduct *= this.u(this.iterations + 1);
  }

  protected update(theta: FloatArray, g: FloatArray, slots: Slots, lr: number): void {
    const { m, v } = slots;
    const { beta1, beta2, epsilon, uProduct } = this;
    const t = this.iterations + 1;
    const uT = this.u(t);
    const uNext = this.u(t + 1);
    const mCoefficient = uNext / (1 - uProduct * uNext);
    const gCoefficient = (1 - uT) / (1 - uProduct);
    const vCorrection = 1 / (1 - beta2 ** t);
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i];
      const mi = (m[i] += (gi - m[i]) * oneMinusBeta1);
      const vi = (v[i] += (gi * gi - v[i]) * oneMinusBeta2);
      const mHat = mCoefficient * mi + gCoefficient * gi;
      const vHat = vi * vCorrection;
      theta[i] -= (lr * mHat) / (Math.sqrt(vHat) + epsilon);
    }
  }

  protected ownConfig(): Record<string, unknown> {
    const { beta1, beta2, epsilon, momentumDecay } = this;
    return { beta1, beta2, epsilon, momentumDecay };
  }

  protected override getExtra(): Record<string, number> {
    return { uProduct: this.uProduct };
  }

  /** uProduct is a function of iterations; a state without it gets it recomputed. */
  protected override setExtra(extra: Record<string, number>): void {
    let uProduct = extra.uProduct;
    if (uProduct === undefined) {
      uProduct = 1;
      for (let t = 1; t <= this.iterations; t++) uProduct *= this.u(t);
    }
    check(isFiniteNumber(uProduct), `Nadam.setState: extra.uProduct must be a number, got ${String(uProduct)}`, 'BAD_CONFIG');
    this.uProduct = uProduct;
  }
}
