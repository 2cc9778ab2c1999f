/**
 * Weight penalties, Keras `kernel_regularizer` semantics (keras/src/regularizers/regularizers.py):
 *
 *   L1(l1):      penalty = l1 · Σ|w|        ∂penalty/∂w = l1 · sign(w)   (sign(0) = 0, as TF and PyTorch)
 *   L2(l2):      penalty = l2 · Σ w²        ∂penalty/∂w = 2 · l2 · w
 *   L1L2(l1,l2): both
 *
 * No ½ and no 1/n: the penalty is added to the batch-mean data loss on every mini-batch, and it is
 * part of `loss` and `val_loss`, as in Keras.
 *
 * The lecture (Nielsen) writes L = L₀ + λ/(2n)·Σw² and L = L₀ + λ/n·Σ|w| with n the training-set
 * size; `lectureL2(λ, n)` = L2(λ/(2n)) and `lectureL1(λ, n)` = L1(λ/n) give exactly those.
 */
import { MlpError, check, isFiniteNumber } from '../tensor/errors';
import type { FloatArray } from '../tensor/tensor';

export class Regularizer {
  readonly l1: number;
  readonly l2: number;

  constructor(l1: number, l2: number) {
    check(isFiniteNumber(l1) && l1 >= 0, `L1 coefficient must be a number ≥ 0, got ${l1}`);
    check(isFiniteNumber(l2) && l2 >= 0, `L2 coefficient must be a number ≥ 0, got ${l2}`);
    this.l1 = l1;
    this.l2 = l2;
  }

  /** l1·Σ|w| + l2·Σw², summed in float64. */
  penalty(w: FloatArray): number {
    let sumAbs = 0;
    let sumSq = 0;
    for (let i = 0; i < w.length; i++) {
      sumAbs += Math.abs(w[i]);
      sumSq += w[i] * w[i];
    }
    return this.l1 * sumAbs + this.l2 * sumSq;
  }

  /** grad += l1·sign(w) + 2·l2·w. */
  addGradient(w: FloatArray, grad: FloatArray): void {
    const l1 = this.l1;
    const twoL2 = 2 * this.l2;
    for (let i = 0; i < w.length; i++) {
      const sign = w[i] > 0 ? 1 : w[i] < 0 ? -1 : 0;
      grad[i] += l1 * sign + twoL2 * w[i];
    }
  }

  /** Keras class name and config, for model.json. */
  toJSON(): { className: string; config: Record<string, number> } {
    if (this.l1 === 0) return { className: 'L2', config: { l2: this.l2 } };
    if (this.l2 === 0) return { className: 'L1', config: { l1: this.l1 } };
    return { className: 'L1L2', config: { l1: this.l1, l2: this.l2 } };
  }
}

export function l1(coefficient = 0.01): Regularizer {
  return new Regularizer(coefficient, 0);
}

export function l2(coefficient = 0.01): Regularizer {
  return new Regularizer(0, coefficient);
}

export function l1l2(opts: { l1?: number; l2?: number } = {}): Regularizer {
  return new Regularizer(opts.l1 ?? 0, opts.l2 ?? 0);
}

/** The lecture's L = L₀ + λ/(2n)·Σw², as a Keras coefficient l2 = λ/(2n). */
export function lectureL2(lambda: number, n: number): Regularizer {
  check(Number.isInteger(n) && n > 0, `training-set size n must be a positive integer, got ${n}`);
  return l2(lambda / (2 * n));
}

/** The lecture's L = L₀ + λ/n·Σ|w|, as a Keras coefficient l1 = λ/n. */
export function lectureL1(lambda: number, n: number): Regularizer {
  check(Number.isInteger(n) && n > 0, `training-set size n must be a positive integer, got ${n}`);
  return l1(lambda / n);
}

/** From a Keras-style {className, config} (model.json) or an existing Regularizer. */
export function regularizerFrom(spec: unknown): Regularizer | null {
  if (spec == null) return null;
  if (spec instanceof Regularizer) return spec;
  const s = spec as { className?: string; class_name?: string; config?: Record<string, number> };
  const name = s.className ?? s.class_name;
  const c = s.config ?? {};
  if (name === 'L1' || name === 'l1') return l1(c.l1 ?? 0.01);
  if (name === 'L2' || name === 'l2') return l2(c.l2 ?? 0.01);
  if (name === 'L1L2' || name === 'l1_l2') return l1l2({ l1: c.l1, l2: c.l2 });
  throw new MlpError('BAD_ARGUMENT', `unknown regularizer ${JSON.stringify(spec)}: valid are L1, L2, L1L2`);
}
