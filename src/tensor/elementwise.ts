/**
 * The element-wise kernels of a training step, as plain loops: the reference (and the js backend's)
 * versions of what a backend may run faster (wasm/elementwise.wat gives the same bits). Raw typed
 * arrays seen as row-major matrices [rows × cols]; no allocation.
 *
 *   addBias       z[r, c] += bias[c]
 *   biasActivation  addBias, then a = relu(z) or sigmoid(z)  (the wasm kernel: a row at a time)
 *   columnSums    out[c] (+)= Σ_r x[r, c]                   (the bias gradient)
 *   relu          a[i] = z[i] > 0 ? z[i] : 0
 *   sigmoid       a[i] = 1 / (1 + e^−z[i])                (the wasm kernel: float32 e^x, within 2 ulp)
 *                 float32 results below the smallest normal float32 are flushed to 0 (see below)
 *   sigmoidBackward dz[i] = dy[i]·a[i]·(1 − a[i])
 *   reluBackward  dz[i] = z[i] > 0 ? dy[i] : 0
 *   sgdStep       θ[i] ← θ[i] − lr·g[i]                  (float32: in float32 arithmetic, as Keras)
 *   gatherScaled  x[i − start, j] = bytes[order[i], j] / 255     (rows order[start…end) of images)
 *   dropout       m[i] = rng.uniform() < keep ? scale : 0;  y[i] = x[i]·m[i]   (inverted dropout)
 *   leakyMask     out[i] = key[i] > 0 ? v[i] : α·v[i]       (LeakyReLU: forward key = v = z, backward v = dy)
 *   prelu         out[r, c] = x > 0 ? x : α[c]·x
 *   preluBackward dx = x > 0 ? dy : x < 0 ? α[c]·dy : 0;  dα[c] = Σ_r dy·x over x < 0
 */
import type { Rng } from './rng';
import type { FloatArray } from './tensor';

export function addBiasJs(z: FloatArray, bias: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) z[base + c] += bias[c];
  }
}

export function columnSumsJs(x: FloatArray, out: FloatArray, rows: number, cols: number, accumulate: boolean): void {
  if (!accumulate) out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c] += x[base + c];
  }
}

export function reluJs(z: FloatArray, a: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
}

/**
 * The smallest normal float32, 2^−126. Float32 sigmoid and softmax outputs below it are flushed to 0,
 * as TensorFlow's CPU kernels do (they run with flush-to-zero): a subnormal operand makes every
 * multiply-add that touches it take a microcode assist on x86, ~100× slower (lr 20 on the lecture's
 * sigmoid network saturates ~25 % of the hidden units and ran 20× slower per epoch before this).
 */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

export function sigmoidJs(z: FloatArray, a: FloatArray, n: number): void {
  const flush = a instanceof Float32Array ? FLOAT32_MIN_NORMAL : 0;
  for (let i = 0; i < n; i++) {
    const v = 1 / (1 + Math.exp(-z[i]));
    a[i] = Math.fround(v) < flush ? 0 : v;
  }
}

/** dz = dy·a·(1 − a), the sigmoid's δ from its output a; float32 results below FLOAT32_MIN_NORMAL are 0. */
export function sigmoidBackwardJs(a: FloatArray, dy: FloatArray, dz: FloatArray, n: number): void {
  const flush = dz instanceof Float32Array ? FLOAT32_MIN_NORMAL : 0;
  for (let i = 0; i < n; i++) {
    const d = dy[i] * a[i] * (1 - a[i]);
    dz[i] = Math.abs(Math.fround(d)) < flush ? 0 : d;
  }
}

export function reluBackwardJs(z: FloatArray, dy: FloatArray, dz: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? dy[i] : 0;
}

/**
 * θ ← θ − lr·g. Float32 parameters take Keras's float32 arithmetic (assign_sub(lr·g) on a float32
 * variable: lr rounded to float32, the product rounded, then the difference); float64 ones stay in
 * float64. The float64 subtraction of two float32 values rounds to the same float32 as a float32
 * subtraction would (53 ≥ 2·24 + 2 bits), so the store gives Keras's bits.
 */
export function sgdStepJs(theta: FloatArray, g: FloatArray, lr: number, n: number): void {
  if (theta instanceof Float32Array) {
    const rate = Math.fround(lr);
    for (let i = 0; i < n; i++) theta[i] -= Math.fround(rate * g[i]);
  } else {
    for (let i = 0; i < n; i++) theta[i] -= lr * g[i];
  }
}

export function gatherScaledJs(bytes: Uint8Array, rowSize: number, order: Int32Array, start: number, end: number, x: FloatArray): void {
  for (let i = start; i < end; i++) {
    const src = order[i] * rowSize;
    const dst = (i - start) * rowSize;
    for (let j = 0; j < rowSize; j++) x[dst + j] = bytes[src + j] / 255;
  }
}

/**
 * An inverted-dropout mask drawn from rng, applied: one rng.uniform() per element, in order, so a
 * kernel that runs the same xoshiro128** stream (wasm/elementwise.wat) gives the same masks and
 * leaves rng in the same state.
 */
export function dropoutJs(rng: Rng, x: FloatArray, m: FloatArray, y: FloatArray, n: number, keep: number, scale: number): void {
  for (let i = 0; i < n; i++) {
    const mi = rng.uniform() < keep ? scale : 0;
    m[i] = mi;
    y[i] = x[i] * m[i];
  }
}

export function leakyMaskJs(key: FloatArray, v: FloatArray, out: FloatArray, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) out[i] = key[i] > 0 ? v[i] : alpha * v[i];
}

export function preluJs(x: FloatArray, alpha: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = x[base + c];
      out[base + c] = v > 0 ? v : alpha[c] * v;
    }
  }
}

export function preluBackwardJs(
  x: FloatArray,
  alpha: FloatArray,
  dy: FloatArray,
  dx: FloatArray,
  dAlpha: FloatArray,
  rows: number,
  cols: number,
): void {
  dAlpha.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = x[base + c];
      const g = dy[base + c];
      if (v > 0) {
        dx[base + c] = g;
      } else if (v < 0) {
        dx[base + c] = alpha[c] * g;
        dAlpha[c] += g * v;
      } else {
        dx[base + c] = 0; // Keras: both relu terms have slope 0 at 0
      }
    }
  }
}

/** The activations biasActivation fuses with the bias add. */
export type BiasActivation = 'relu' | 'sigmoid';

export function biasActivationJs(
  z: FloatArray,
  bias: FloatArray,
  a: FloatArray,
  rows: number,
  cols: number,
  activation: BiasActivation,
): void {
  addBiasJs(z, bias, rows, cols);
  if (activation === 'relu') reluJs(z, a, rows * cols);
  else sigmoidJs(z, a, rows * cols);
}

/** The element-wise kernels a backend provides on float32 arrays (the js backend: the loops above). */
export interface ElementwiseKernels {
  addBias(z: Float32Array, bias: Float32Array, rows: number, cols: number): void;
  biasActivation(z: Float32Array, bias: Float32Array, a: Float32Array, rows: number, cols: number, activation: BiasActivation): void;
  columnSums(x: Float32Array, out: Float32Array, rows: number, cols: number, accumulate: boolean): void;
  relu(z: Float32Array, a: Float32Array, n: number): void;
  sigmoid(z: Float32Array, a: Float32Array, n: number): void;
  reluBackward(z: Float32Array, dy: Float32Array, dz: Float32Array, n: number): void;
  sigmoidBackward(a: Float32Array, dy: Float32Array, dz: Float32Array, n: number): void;
  sgdStep(theta: Float32Array, g: Float32Array, lr: number, n: number): void;
  dropout(rng: Rng, x: Float32Array, m: Float32Array, y: Float32Array, n: number, keep: number, scale: number): void;
  leakyMask(key: Float32Array, v: Float32Array, out: Float32Array, n: number, alpha: number): void;
  prelu(x: Float32Array, alpha: Float32Array, out: Float32Array, rows: number, cols: number): void;
  preluBackward(
    x: Float32Array,
    alpha: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    dAlpha: Float32Array,
    rows: number,
    cols: number,
  ): void;
  /** The caller has checked that every order[i] is a row of `bytes`. */
  gatherScaled(bytes: Uint8Array, rowSize: number, order: Int32Array, start: number, end: number, x: Float32Array): void;
}

export const jsElementwise: ElementwiseKernels = {
  addBias: addBiasJs,
  biasActivation: biasActivationJs,
  columnSums: columnSumsJs,
  relu: reluJs,
  sigmoid: sigmoidJs,
  reluBackward: reluBackwardJs,
  sigmoidBackward: sigmoidBackwardJs,
  sgdStep: sgdStepJs,
  dropout: dropoutJs,
  leakyMask: leakyMaskJs,
  prelu: preluJs,
  preluBackward: preluBackwardJs,
  gatherScaled: gatherScaledJs,
};
