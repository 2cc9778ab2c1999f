/**
 * Element-wise maps and reductions on the training hot path, over raw typed arrays seen as
 * row-major matrices [rows × cols]. Plain loops with hoisted indices, no allocation. The kernels of
 * a training step (addBias … sgdStep) run on the current backend for float32 arrays (the loops are in
 * elementwise.ts), and as those loops for float64 (gradient checks).
 */
import { getBackend } from './backend';
import {
  FLOAT32_MIN_NORMAL,
  addBiasJs,
  biasActivationJs,
  columnSumsJs,
  dropoutJs,
  gatherScaledJs,
  leakyMaskJs,
  preluBackwardJs,
  preluJs,
  reluBackwardJs,
  reluJs,
  sgdStepJs,
  sigmoidBackwardJs,
  sigmoidJs,
  type BiasActivation,
} from './elementwise';
import type { Rng } from './rng';
import type { FloatArray } from './tensor';

/** z[r, c] += bias[c] for every row. */
export function addBias(z: FloatArray, bias: FloatArray, rows: number, cols: number): void {
  if (z instanceof Float32Array && bias instanceof Float32Array) getBackend().elementwise.addBias(z, bias, rows, cols);
  else addBiasJs(z, bias, rows, cols);
}

/** z[r, c] += bias[c], then a = relu(z) or sigmoid(z): the forward pass of a Dense layer in one kernel. */
export function biasActivation(
  z: FloatArray,
  bias: FloatArray,
  a: FloatArray,
  rows: number,
  cols: number,
  activation: BiasActivation,
): void {
  if (z instanceof Float32Array && bias instanceof Float32Array && a instanceof Float32Array) {
    getBackend().elementwise.biasActivation(z, bias, a, rows, cols, activation);
  } else {
    biasActivationJs(z, bias, a, rows, cols, activation);
  }
}

/** out[c] = Σ_r x[r, c] (or += when accumulate): the bias gradient. */
export function columnSums(x: FloatArray, out: FloatArray, rows: number, cols: number, accumulate = false): void {
  if (x instanceof Float32Array && out instanceof Float32Array) getBackend().elementwise.columnSums(x, out, rows, cols, accumulate);
  else columnSumsJs(x, out, rows, cols, accumulate);
}

/** a[i] = max(0, z[i]) for i < n (0 for NaN, as z > 0 is false). */
export function relu(z: FloatArray, a: FloatArray, n: number): void {
  if (z instanceof Float32Array && a instanceof Float32Array) getBackend().elementwise.relu(z, a, n);
  else reluJs(z, a, n);
}

/** a[i] = 1 / (1 + e^−z[i]) for i < n (float32 e^x on the wasm backend: within 2 ulp of the loop). */
export function sigmoid(z: FloatArray, a: FloatArray, n: number): void {
  if (z instanceof Float32Array && a instanceof Float32Array) getBackend().elementwise.sigmoid(z, a, n);
  else sigmoidJs(z, a, n);
}

/** dz[i] = dy[i] where z[i] > 0, else 0. */
/** dz = dy·a·(1 − a): the sigmoid's δ from its output a. */
export function sigmoidBackward(a: FloatArray, dy: FloatArray, dz: FloatArray, n: number): void {
  if (a instanceof Float32Array && dy instanceof Float32Array && dz instanceof Float32Array) {
    getBackend().elementwise.sigmoidBackward(a, dy, dz, n);
  } else {
    sigmoidBackwardJs(a, dy, dz, n);
  }
}

export function reluBackward(z: FloatArray, dy: FloatArray, dz: FloatArray, n: number): void {
  if (z instanceof Float32Array && dy instanceof Float32Array && dz instanceof Float32Array) {
    getBackend().elementwise.reluBackward(z, dy, dz, n);
  } else {
    reluBackwardJs(z, dy, dz, n);
  }
}

/** θ[i] ← θ[i] − lr·g[i] for i < n (computed in float64, rounded once into θ). */
export function sgdStep(theta: FloatArray, g: FloatArray, lr: number, n: number): void {
  if (theta instanceof Float32Array && g instanceof Float32Array) getBackend().elementwise.sgdStep(theta, g, lr, n);
  else sgdStepJs(theta, g, lr, n);
}

/** x[i − start, j] = bytes[order[i], j] / 255: rows order[start…end) of images; order already checked. */
/** Inverted dropout: a fresh mask m from rng (keep with probability keep, as scale), y = x ⊙ m. */
export function dropout(rng: Rng, x: FloatArray, m: FloatArray, y: FloatArray, n: number, keep: number, scale: number): void {
  if (x instanceof Float32Array && m instanceof Float32Array && y instanceof Float32Array) {
    getBackend().elementwise.dropout(rng, x, m, y, n, keep, scale);
  } else {
    dropoutJs(rng, x, m, y, n, keep, scale);
  }
}

/** out[i] = key[i] > 0 ? v[i] : α·v[i]: LeakyReLU's forward (key = v = z) and backward (v = dy). */
export function leakyMask(key: FloatArray, v: FloatArray, out: FloatArray, n: number, alpha: number): void {
  if (key instanceof Float32Array && v instanceof Float32Array && out instanceof Float32Array) {
    getBackend().elementwise.leakyMask(key, v, out, n, alpha);
  } else {
    leakyMaskJs(key, v, out, n, alpha);
  }
}

/** PReLU forward, one α per column. */
export function prelu(x: FloatArray, alpha: FloatArray, out: FloatArray, rows: number, cols: number): void {
  if (x instanceof Float32Array && alpha instanceof Float32Array && out instanceof Float32Array) {
    getBackend().elementwise.prelu(x, alpha, out, rows, cols);
  } else {
    preluJs(x, alpha, out, rows, cols);
  }
}

/** PReLU backward: dx, and dα (overwritten) summed over the rows in order. */
export function preluBackward(
  x: FloatArray,
  alpha: FloatArray,
  dy: FloatArray,
  dx: FloatArray,
  dAlpha: FloatArray,
  rows: number,
  cols: number,
): void {
  if (
    x instanceof Float32Array &&
    alpha instanceof Float32Array &&
    dy instanceof Float32Array &&
    dx instanceof Float32Array &&
    dAlpha instanceof Float32Array
  ) {
    getBackend().elementwise.preluBackward(x, alpha, dy, dx, dAlpha, rows, cols);
  } else {
    preluBackwardJs(x, alpha, dy, dx, dAlpha, rows, cols);
  }
}

export function gatherScaled(bytes: Uint8Array, rowSize: number, order: Int32Array, start: number, end: number, x: FloatArray): void {
  if (x instanceof Float32Array) getBackend().elementwise.gatherScaled(bytes, rowSize, order, start, end, x);
  else gatherScaledJs(bytes, rowSize, order, start, end, x);
}

/**
 * Row-wise softmax, numerically stable: p[r, c] = exp(z[r, c] − max_c z[r, ·]) / Σ exp(…).
 * `out` may be `z` itself.
 */
export function softmaxRows(z: FloatArray, out: FloatArray, rows: number, cols: number, logSumExp?: Float64Array): void {
  const flush = out instanceof Float32Array ? FLOAT32_MIN_NORMAL : 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (z[base + c] > max) max = z[base + c];
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(z[base + c] - max);
      out[base + c] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let c = 0; c < cols; c++) {
      const p = out[base + c] * inv;
      out[base + c] = Math.fround(p) < flush ? 0 : p; // float32: no subnormal outputs (elementwise.ts)
    }
    // The same max and sum as logSumExpRow, so the same value: a fused loss need not compute it again.
    if (logSumExp) logSumExp[r] = max + Math.log(sum);
  }
}

/** log Σ_c exp(z[r, c]) of one row, stable. */
export function logSumExpRow(z: FloatArray, base: number, cols: number): number {
  let max = -Infinity;
  for (let c = 0; c < cols; c++) if (z[base + c] > max) max = z[base + c];
  let sum = 0;
  for (let c = 0; c < cols; c++) sum += Math.exp(z[base + c] - max);
  return max + Math.log(sum);
}

/** Index of the largest value in each row. */
export function argmaxRows(x: FloatArray, rows: number, cols: number, out: Int32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let best = 0;
    let bestValue = x[base];
    for (let c = 1; c < cols; c++) {
      if (x[base + c] > bestValue) {
        bestValue = x[base + c];
        best = c;
      }
    }
    out[r] = best;
  }
}

/** y = x ⊙ mask, element-wise. */
export function multiply(x: FloatArray, mask: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i] * mask[i];
}

/** Largest |x|; NaN if any element is NaN. */
export function maxAbs(x: FloatArray): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]);
    if (!(v <= m)) m = v;
  }
  return m;
}

/** True when every element is finite. */
export function allFinite(x: FloatArray): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}
