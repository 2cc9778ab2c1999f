/**
 * Activation functions as {forward, backward} pairs over whole matrices [rows × cols], one place for
 * all of them. `forward` computes a = f(z); `backward` computes dz = dy ⊙ f'(z) using z or a,
 * whichever gives the derivative most cheaply (σ' = a(1 − a), tanh' = 1 − a²).
 *
 *   linear      f(z) = z                      f'(z) = 1
 *   sigmoid     f(z) = 1 / (1 + e^−z)         f'(z) = a (1 − a)
 *   tanh        f(z) = tanh z                 f'(z) = 1 − a²
 *   relu        f(z) = max(0, z)              f'(z) = 1 if z > 0 else 0   (0 at z = 0, as Keras, PyTorch, TF.js)
 *   leakyRelu   f(z) = z if z > 0 else α z    f'(z) = 1 if z > 0 else α   (α at z = 0, as TF's LeakyReluGrad)
 *   softmax     a_c = e^{z_c} / Σ_k e^{z_k}   dz_c = a_c (dy_c − Σ_k dy_k a_k)   (row-wise)
 *
 * With categorical cross-entropy the softmax Jacobian is never formed: the loss hands back
 * dz = (a − y)/B directly (see src/train/losses.ts), which is what Keras's TF backend does.
 */
import { MlpError } from '../tensor/errors';
import {
  biasActivation,
  leakyMask,
  relu as reluKernel,
  reluBackward as reluBackwardKernel,
  sigmoid as sigmoidKernel,
  sigmoidBackward as sigmoidBackwardKernel,
  softmaxRows,
} from '../tensor/ops';
import type { FloatArray } from '../tensor/tensor';

export interface ActivationFn {
  /** Canonical (Keras) name. */
  readonly name: string;
  /** f and f' in words, for `mlp explain` and the docs (single source of truth). */
  readonly formula: string;
  readonly derivative: string;
  /**
   * z += bias (per column), then forward, in one backend kernel (relu, sigmoid): what a Dense layer
   * with a bias calls when its activation has it, instead of addBias and forward.
   */
  forwardWithBias?(z: FloatArray, bias: FloatArray, a: FloatArray, rows: number, cols: number): void;
  /** logSumExp (softmax only, when given): log Σ_c e^{z_rc} of each row, for a fused loss. */
  forward(z: FloatArray, a: FloatArray, rows: number, cols: number, alpha: number, logSumExp?: Float64Array): void;
  backward(z: FloatArray, a: FloatArray, dy: FloatArray, dz: FloatArray, rows: number, cols: number, alpha: number): void;
}

const linear: ActivationFn = {
  name: 'linear',
  formula: 'f(z) = z',
  derivative: "f'(z) = 1",
  forward(z, a, rows, cols) {
    if (a !== z) a.set(z.subarray(0, rows * cols));
  },
  backward(_z, _a, dy, dz, rows, cols) {
    if (dz !== dy) dz.set(dy.subarray(0, rows * cols));
  },
};

const sigmoid: ActivationFn = {
  name: 'sigmoid',
  formula: 'f(z) = 1 / (1 + exp(-z))',
  derivative: "f'(z) = a (1 - a)",
  // a[i] = 1 / (1 + Math.exp(-z[i])) as a backend kernel (tensor/elementwise.ts); wasm computes e^x
  // in float32 SIMD (within 2 ulp of this float64 formula), the js backend and float64 run the loop.
  forward(z, a, rows, cols) {
    sigmoidKernel(z, a, rows * cols);
  },
  forwardWithBias(z, bias, a, rows, cols) {
    biasActivation(z, bias, a, rows, cols, 'sigmoid');
  },
  // dz[i] = dy[i]·a[i]·(1 − a[i]) as a backend kernel (tensor/elementwise.ts); in float32 a δ below
  // the smallest normal float32 is 0: a subnormal would slow the weight-gradient product ~100×.
  backward(_z, a, dy, dz, rows, cols) {
    sigmoidBackwardKernel(a, dy, dz, rows * cols);
  },
};

const tanh: ActivationFn = {
  name: 'tanh',
  formula: 'f(z) = tanh(z) = (e^z - e^-z) / (e^z + e^-z)',
  derivative: "f'(z) = 1 - a^2",
  forward(z, a, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
  },
  backward(_z, a, dy, dz, rows, cols) {
    const n = rows * cols;
    for (let i = 0; i < n; i++) dz[i] = dy[i] * (1 - a[i] * a[i]);
  },
};

const relu: ActivationFn = {
  name: 'relu',
  formula: 'f(z) = max(0, z)',
  derivative: "f'(z) = 1 if z > 0 else 0",
  // The loops a[i] = z[i] > 0 ? z[i] : 0 and dz[i] = z[i] > 0 ? dy[i] : 0, as backend kernels
  // (tensor/elementwise.ts): in wasm SIMD they need no branch, which random signs mispredict.
  forward(z, a, rows, cols) {
    reluKernel(z, a, rows * cols);
  },
  forwardWithBias(z, bias, a, rows, cols) {
    biasActivation(z, bias, a, rows, cols, 'relu');
  },
  backward(z, _a, dy, dz, rows, cols) {
    reluBackwardKernel(z, dy, dz, rows * cols);
  },
};

const leakyRelu: ActivationFn = {
  name: 'leaky_relu',
  formula: 'f(z) = z if z > 0 else alpha * z',
  derivative: "f'(z) = 1 if z > 0 else alpha",
  // a[i] = z[i] > 0 ? z[i] : alpha·z[i] and dz[i] = z[i] > 0 ? dy[i] : alpha·dy[i]: one backend
  // kernel (tensor/elementwise.ts, leakyMask) for both, branch-free in wasm.
  forward(z, a, rows, cols, alpha) {
    leakyMask(z, z, a, rows * cols, alpha);
  },
  backward(z, _a, dy, dz, rows, cols, alpha) {
    leakyMask(z, dy, dz, rows * cols, alpha);
  },
};

const softmax: ActivationFn = {
  name: 'softmax',
  formula: 'a_c = exp(z_c) / sum_k exp(z_k)  (row-wise, max subtracted for stability)',
  derivative: 'dz_c = a_c (dy_c - sum_k dy_k a_k)',
  forward(z, a, rows, cols, _alpha, logSumExp) {
    softmaxRows(z, a, rows, cols, logSumExp);
  },
  backward(_z, a, dy, dz, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += dy[base + c] * a[base + c];
      for (let c = 0; c < cols; c++) dz[base + c] = a[base + c] * (dy[base + c] - dot);
    }
  },
};

const registry: Record<string, ActivationFn> = { linear, sigmoid, tanh, relu, leaky_relu: leakyRelu, softmax };

/** Accepted spellings: Keras snake_case, camelCase, kebab-case. */
const aliases: Record<string, string> = {
  leakyRelu: 'leaky_relu',
  'leaky-relu': 'leaky_relu',
  leakyrelu: 'leaky_relu',
  none: 'linear',
};

export const activationNames = Object.keys(registry);

export function getActivation(name: string | undefined): ActivationFn {
  const key = aliases[name ?? 'linear'] ?? name ?? 'linear';
  const fn = registry[key];
  if (!fn) {
    throw new MlpError(
      'BAD_ARGUMENT',
      `unknown activation '${name}': valid activations are ${activationNames.join(', ')} (and the layers LeakyReLU, PReLU)`,
    );
  }
  return fn;
}
