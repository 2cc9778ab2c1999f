/**
 * Losses, each the batch mean of a per-example loss (Keras `sum_over_batch_size`), with its gradient
 * written out. B = rows in the batch, C = outputs per example, p = predictions, y = targets.
 *
 *   categorical_crossentropy   L = −(1/B) Σ_r Σ_c y_rc log p_rc
 *       fused with softmax:    L = (1/B) Σ_r [logΣ_c e^{z_rc} − Σ_c y_rc z_rc]      ∂L/∂z = (p − y)/B
 *       alone:                 p clipped to [1e-7, 1 − 1e-7] (Keras), ∂L/∂p = −y/(B·p) inside the clip
 *   mse                        L = (1/B) Σ_r (1/C) Σ_c (p − y)²                       ∂L/∂p = 2(p − y)/(B·C)
 *   binary_crossentropy        L = −(1/B) Σ_r (1/C) Σ_c [y log p + (1 − y) log(1 − p)]
 *       fused with sigmoid:    per entry max(z, 0) − z·y + log(1 + e^{−|z|})          ∂L/∂z = (p − y)/(B·C)
 *
 * The fused forms are what Keras's TensorFlow backend computes when the output layer is a softmax
 * (sigmoid): exact, no clipping, and the gradient never forms the softmax Jacobian.
 */
import { MlpError } from '../tensor/errors';
import { logSumExpRow } from '../tensor/ops';
import type { FloatArray } from '../tensor/tensor';

const EPSILON = 1e-7;

export interface Loss {
  /** Keras name. */
  readonly name: string;
  /** Activation this loss fuses with when it is the output layer's. */
  readonly fusedActivation: string | null;
  compute(p: FloatArray, y: FloatArray, rows: number, cols: number): number;
  gradient(p: FloatArray, y: FloatArray, dp: FloatArray, rows: number, cols: number): void;
  /**
   * Loss from the logits z (fused with `fusedActivation`). logSumExp: log Σ_c e^{z_rc} per row when
   * the softmax already computed it (the same value this would compute).
   */
  computeFromLogits(z: FloatArray, y: FloatArray, rows: number, cols: number, logSumExp?: Float64Array | null): number;
  /** ∂L/∂z from p = f(z) (fused with `fusedActivation`). */
  gradientFromLogits(p: FloatArray, y: FloatArray, dz: FloatArray, rows: number, cols: number): void;
}

/** (p − y)/scale, the fused gradient of both cross-entropies. */
function fusedGradient(p: FloatArray, y: FloatArray, dz: FloatArray, n: number, scale: number): void {
  const inv = 1 / scale;
  for (let i = 0; i < n; i++) dz[i] = (p[i] - y[i]) * inv;
}

const categoricalCrossentropy: Loss = {
  name: 'categorical_crossentropy',
  fusedActivation: 'softmax',
  compute(p, y, rows, cols) {
    let sum = 0;
    for (let i = 0; i < rows * cols; i++) {
      if (y[i] !== 0) sum -= y[i] * Math.log(Math.min(Math.max(p[i], EPSILON), 1 - EPSILON));
    }
    return sum / rows;
  },
  gradient(p, y, dp, rows, cols) {
    for (let i = 0; i < rows * cols; i++) {
      const inside = p[i] >= EPSILON && p[i] <= 1 - EPSILON;
      dp[i] = inside ? -y[i] / (rows * p[i]) : 0;
    }
  },
  computeFromLogits(z, y, rows, cols, logSumExp) {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      const lse = logSumExp ? logSumExp[r] : logSumExpRow(z, base, cols);
      for (let c = 0; c < cols; c++) sum += y[base + c] * (lse - z[base + c]);
    }
    return sum / rows;
  },
  gradientFromLogits(p, y, dz, rows, cols) {
    fusedGradient(p, y, dz, rows * cols, rows);
  },
};

const meanSquaredError: Loss = {
  name: 'mean_squared_error',
  fusedActivation: null,
  compute(p, y, rows, cols) {
    let sum = 0;
    for (let i = 0; i < rows * cols; i++) {
      const d = p[i] - y[i];
      sum += d * d;
    }
    return sum / (rows * cols);
  },
  gradient(p, y, dp, rows, cols) {
    const scale = 2 / (rows * cols);
    for (let i = 0; i < rows * cols; i++) dp[i] = scale * (p[i] - y[i]);
  },
  computeFromLogits() {
    throw new MlpError('BAD_CONFIG', 'mean_squared_error has no fused form');
  },
  gradientFromLogits() {
    throw new MlpError('BAD_CONFIG', 'mean_squared_error has no fused form');
  },
};

const binaryCrossentropy: Loss = {
  name: 'binary_crossentropy',
  fusedActivation: 'sigmoid',
  compute(p, y, rows, cols) {
    let sum = 0;
    for (let i = 0; i < rows * cols; i++) {
      const q = Math.min(Math.max(p[i], EPSILON), 1 - EPSILON);
      sum -= y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
    }
    return sum / (rows * cols);
  },
  gradient(p, y, dp, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const inside = p[i] >= EPSILON && p[i] <= 1 - EPSILON;
      dp[i] = inside ? (p[i] - y[i]) / (n * p[i] * (1 - p[i])) : 0;
    }
  },
  computeFromLogits(z, y, rows, cols) {
    let sum = 0;
    for (let i = 0; i < rows * cols; i++) {
      const v = z[i];
      sum += Math.max(v, 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)));
    }
    return sum / (rows * cols);
  },
  gradientFromLogits(p, y, dz, rows, cols) {
    fusedGradient(p, y, dz, rows * cols, rows * cols);
  },
};

const registry: Record<string, Loss> = {
  categorical_crossentropy: categoricalCrossentropy,
  mean_squared_error: meanSquaredError,
  binary_crossentropy: binaryCrossentropy,
};

const aliases: Record<string, string> = {
  categoricalCrossentropy: 'categorical_crossentropy',
  'categorical-crossentropy': 'categorical_crossentropy',
  cce: 'categorical_crossentropy',
  crossentropy: 'categorical_crossentropy',
  mse: 'mean_squared_error',
  meanSquaredError: 'mean_squared_error',
  'mean-squared-error': 'mean_squared_error',
  quadratic: 'mean_squared_error',
  binaryCrossentropy: 'binary_crossentropy',
  'binary-crossentropy': 'binary_crossentropy',
  bce: 'binary_crossentropy',
};

export const lossNames = ['categorical_crossentropy', 'mse', 'binary_crossentropy'];

export function getLoss(name: string | Loss): Loss {
  if (typeof name !== 'string') return name;
  const loss = registry[aliases[name] ?? name];
  if (!loss) throw new MlpError('BAD_ARGUMENT', `unknown loss '${name}': valid losses are ${lossNames.join(', ')}`);
  return loss;
}
