/**
 * Adam and AMSGrad (Kingma & Ba 2015; Reddi et al. 2018; Keras 3 `keras/src/optimizers/adam.py`).
 *
 *   t = iterations + 1
 *   alpha = lr·√(1 − beta2^t) / (1 − beta1^t)
 *   epsilonHat = ε                       epsilonConvention 'keras' (the paper's "ε-hat" form)
 *              = ε·√(1 − beta2^t)        epsilonConvention 'pytorch'
 *   m ← m + (g − m)·(1 − beta1)          = beta1·m + (1 − beta1)·g
 *   v ← v + (g² − v)·(1 − beta2)         = beta2·v + (1 − beta2)·g²
 *   vHat ← max(vHat, v)                  amsgrad only (else vHat = v)
 *   θ ← θ − alpha·m / (√vHat + epsilonHat)
 *
 * PyTorch writes θ ← θ − (lr/(1 − beta1^t))·m / (√v/√(1 − beta2^t) + ε); multiplying through by
 * √(1 − beta2^t) gives the line above with epsilonHat = ε·√(1 − beta2^t). So Keras's ε is
 * effectively smaller early on (3.16e-9 instead of 1e-7 at t = 1): the two drift apart when |g| is
 * small. Default ε: Keras 1e-7, PyTorch 1e-8. PyTorch's Adam `weight_decay` is the base class's
 * weightDecayMode 'coupled'; AdamW (adamw.ts) is this class with decoupled weight decay on.
 */
import type { FloatArray } from '../tensor/tensor';
import { Optimizer, type OptimizerOptions, type Slots } from './optimizer';
import { CONVENTIONS, booleanOption, choiceOption, momentOptions, type Convention, type Options } from './options';

export interface AdamOptions extends OptimizerOptions {
  /** In [0, 1). Default 0.9. */
  beta1?: number;
  /** In [0, 1). Default 0.999. */
  beta2?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Keep the running maximum of v (AMSGrad). Default false. */
  amsgrad?: boolean;
  /** 'keras' (ε-hat, default) or 'pytorch' (ε added to the bias-corrected √v). */
  epsilonConvention?: Convention;
}

const ADAM_OPTIONS = ['beta1', 'beta2', 'epsilon', 'amsgrad', 'epsilonConvention'];

export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  readonly epsilonConvention: Convention;

  /** `owner` is the class name in error messages (AdamW passes its own). */
  constructor(options: AdamOptions = {}, owner = 'Adam') {
    const o = options as Options;
    super(owner, o, ADAM_OPTIONS, 0.001);
    ({ beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon } = momentOptions(owner, o));
    this.amsgrad = booleanOption(owner, o, 'amsgrad', false);
    this.epsilonConvention = choiceOption(owner, o, 'epsilonConvention', CONVENTIONS);
  }

  protected slotNames(): string[] {
    return this.amsgrad ? ['m', 'v', 'vHat'] : ['m', 'v'];
  }

  protected update(theta: FloatArray, g: FloatArray, slots: Slots, lr: number): void {
    const { m, v } = slots;
    const { amsgrad } = this;
    const vHat = slots.vHat;
    const { beta1, beta2 } = this;
    const t = this.iterations + 1;
    const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    const epsilonHat = this.epsilonConvention === 'keras' ? this.epsilon : this.epsilon * Math.sqrt(1 - beta2 ** t);
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i];
      const mi = (m[i] += (gi - m[i]) * oneMinusBeta1);
      const vi = (v[i] += (gi * gi - v[i]) * oneMinusBeta2);
      const vHati = amsgrad ? (vHat[i] = Math.max(vHat[i], vi)) : vi;
      theta[i] -= (alpha * mi) / (Math.sqrt(vHati) + epsilonHat);
    }
  }

  protected ownConfig(): Record<string, unknown> {
    const { beta1, beta2, epsilon, amsgrad, epsilonConvention } = this;
    return { beta1, beta2, epsilon, amsgrad, epsilonConvention };
  }
}
