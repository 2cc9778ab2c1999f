/**
 * SGD: plain, momentum, Nesterov (Keras 3 `keras/src/optimizers/sgd.py`; Sutskever et al. 2013).
 *
 * momentumConvention 'keras' (default): the velocity m has lr inside it.
 *   plain (momentum = 0):  θ ← θ − lr·g      (float32 parameters: in float32 arithmetic, lr rounded to
 *                                             float32, as Keras's assign_sub; a backend kernel)
 *   momentum:              m ← momentum·m − lr·g
 *                          θ ← θ + m
 *   nesterov:              m ← momentum·m − lr·g
 *                          θ ← θ + momentum·m − lr·g          (uses the new m)
 *
 * momentumConvention 'pytorch' (`torch.optim.SGD`): the buffer b carries no lr.
 *   b ← g  at t = 1,  else  b ← momentum·b + (1 − dampening)·g
 *   θ ← θ − lr·b                      or nesterov:  θ ← θ − lr·(g + momentum·b)
 *
 * For a constant lr the two agree (m = −lr·b). They differ when lr changes between steps (decay, a
 * schedule, ReduceLROnPlateau): Keras's m keeps the old lr, PyTorch's b is rescaled by the new one.
 * The legacy `decay` (lr_t = lr / (1 + decay·iterations)) and `weightDecay` live in optimizer.ts.
 */
import type { FloatArray } from '../tensor/tensor';
import { check } from '../tensor/errors';
import { sgdStep } from '../tensor/ops';
import { Optimizer, type OptimizerOptions, type Slots } from './optimizer';
import { CONVENTIONS, UNIT_CLOSED, booleanOption, choiceOption, numberOption, type Convention, type Options } from './options';

export interface SGDOptions extends OptimizerOptions {
  /** μ in [0, 1]. Default 0. */
  momentum?: number;
  /** Default false. */
  nesterov?: boolean;
  /** 'keras' (default, lr inside the velocity) or 'pytorch' (lr outside the buffer). */
  momentumConvention?: Convention;
  /** PyTorch's dampening τ in [0, 1]; only with momentumConvention 'pytorch'. Default 0. */
  dampening?: number;
}

export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly momentumConvention: Convention;
  readonly dampening: number;

  constructor(options: SGDOptions = {}) {
    const o = options as Options;
    super('SGD', o, ['momentum', 'nesterov', 'momentumConvention', 'dampening'], 0.01);
    this.momentum = numberOption('SGD', o, 'momentum', 0, UNIT_CLOSED);
    this.nesterov = booleanOption('SGD', o, 'nesterov', false);
    this.momentumConvention = choiceOption('SGD', o, 'momentumConvention', CONVENTIONS);
    this.dampening = numberOption('SGD', o, 'dampening', 0, UNIT_CLOSED);
    check(this.dampening === 0 || this.momentumConvention === 'pytorch', "SGD: dampening needs momentumConvention 'pytorch'", 'BAD_CONFIG');
    check(!(this.nesterov && this.dampening > 0), 'SGD: nesterov needs dampening 0 (as in PyTorch)', 'BAD_CONFIG');
  }

  protected slotNames(): string[] {
    return this.momentum > 0 ? ['m'] : [];
  }

  protected update(theta: FloatArray, g: FloatArray, slots: Slots, lr: number): void {
    const n = theta.length;
    const momentum = this.momentum;
    if (momentum === 0) {
      sgdStep(theta, g, lr, n); // θ ← θ − lr·g, on the backend (tensor/elementwise.ts)
      return;
    }
    const m = slots.m;
    if (this.momentumConvention === 'pytorch') {
      updatePytorch(theta, g, m, lr, momentum, this.dampening, this.nesterov, this.iterations === 0);
      return;
    }
    if (this.nesterov) {
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        const mi = (m[i] = momentum * m[i] - lr * gi);
        theta[i] += momentum * mi - lr * gi;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const mi = (m[i] = momentum * m[i] - lr * g[i]);
      theta[i] += mi;
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov, momentumConvention: this.momentumConvention, dampening: this.dampening };
  }
}

/**
 * The PyTorch rule; the slot is still called `m` but holds PyTorch's b. At t = 1, b is 0 and
 * dampening is skipped, so b ← momentum·0 + 1·g = g, PyTorch's copy of the first gradient.
 */
function updatePytorch(
  theta: FloatArray,
  g: FloatArray,
  b: FloatArray,
  lr: number,
  momentum: number,
  dampening: number,
  nesterov: boolean,
  first: boolean,
): void {
  const n = theta.length;
  const take = first ? 1 : 1 - dampening;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const bi = (b[i] = momentum * b[i] + take * gi);
    theta[i] -= nesterov ? lr * (gi + momentum * bi) : lr * bi;
  }
}
