/**
 * Adagrad (Duchi, Hazan & Singer 2011; Keras 3 `keras/src/optimizers/adagrad.py`).
 *
 *   a ← a + g²
 *   θ ← θ − lr·g / (√(a + epsilonIn) + epsilonOut)
 *
 * epsilonConvention 'keras' (default): epsilonIn = ε, epsilonOut = 0, i.e. lr·g/√(a + ε).
 * epsilonConvention 'pytorch':         epsilonIn = 0, epsilonOut = ε, i.e. lr·g/(√a + ε).
 * a starts at initialAccumulatorValue: 0.1 in Keras and TF.js, 0 in PyTorch. With 0 the first step
 * is ≈ lr·sign(g) whatever |g| is; with 0.1 it is much smaller when |g| is small.
 * PyTorch's `lr_decay` (lr / (1 + (t − 1)·lr_decay)) is the base class's `decay`.
 */
import type { FloatArray } from '../tensor/tensor';
import { Optimizer, type OptimizerOptions, type Slots } from './optimizer';
import { CONVENTIONS, NON_NEGATIVE, choiceOption, numberOption, type Convention, type Options } from './options';

export interface AdagradOptions extends OptimizerOptions {
  /** Default 0.1 (Keras); PyTorch uses 0. */
  initialAccumulatorValue?: number;
  /** Default 1e-7 (Keras); PyTorch uses 1e-10. */
  epsilon?: number;
  /** 'keras' (ε inside the root, default) or 'pytorch' (ε outside). */
  epsilonConvention?: Convention;
}

export class Adagrad extends Optimizer {
  readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  readonly epsilonConvention: Convention;

  constructor(options: AdagradOptions = {}) {
    const o = options as Options;
    super('Adagrad', o, ['initialAccumulatorValue', 'epsilon', 'epsilonConvention'], 0.001);
    this.initialAccumulatorValue = numberOption('Adagrad', o, 'initialAccumulatorValue', 0.1, NON_NEGATIVE);
    this.epsilon = numberOption('Adagrad', o, 'epsilon', 1e-7, NON_NEGATIVE);
    this.epsilonConvention = choiceOption('Adagrad', o, 'epsilonConvention', CONVENTIONS);
  }

  protected slotNames(): string[] {
    return ['a'];
  }

  protected override initialSlotValue(): number {
    return this.initialAccumulatorValue;
  }

  protected update(theta: FloatArray, g: FloatArray, slots: Slots, lr: number): void {
    const a = slots.a;
    const epsilonIn = this.epsilonConvention === 'keras' ? this.epsilon : 0;
    const epsilonOut = this.epsilon - epsilonIn;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i];
      const ai = (a[i] += gi * gi);
      theta[i] -= (lr * gi) / (Math.sqrt(ai + epsilonIn) + epsilonOut);
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon, epsilonConvention: this.epsilonConvention };
  }
}
