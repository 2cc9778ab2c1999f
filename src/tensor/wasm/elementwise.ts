/**
 * The wasm backend's element-wise kernels (wasm/elementwise.wat, four float32 lanes at a time), on
 * arrays that live in the wasm memory; same bits as the loops in ../elementwise.ts. An array outside
 * that memory (or shorter than the call says, which the kernel could not see) takes the loop instead.
 * sigmoid is the exception to "same bits": its e^x is float32 (within 2 ulp of the loop's Math.exp),
 * so arrays outside the memory are copied in and out rather than given to the loop.
 */
import {
  addBiasJs,
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
  type ElementwiseKernels,
} from '../elementwise';
import { MlpError } from '../errors';
import { Staging, type WasmMemory } from './memory';

/** Kernels the backend may split across its threads: each returns false when it did not (then it runs here). */
export interface Parallel {
  sgd(thetaAt: number, gAt: number, lr: number, n: number): boolean;
  gather(bytesAt: number, rowBytes: number, orderAt: number, rows: number, outAt: number): boolean;
}
const ONE_THREAD: Parallel = { sgd: () => false, gather: () => false };

export function wasmElementwise(wasm: WasmMemory, parallel: Parallel = ONE_THREAD): ElementwiseKernels {
  const k = wasm.kernels;
  /** Byte offset of x when it is in wasm memory and holds at least n floats, else -1. */
  const at = (x: Float32Array, n: number): number => (x.length >= n ? wasm.offsetOf(x) : -1);
  const sigmoidStaging = new Staging(wasm);
  // Four words for a generator's state while the dropout kernel draws from it.
  const stateAt = wasm.reserve(16);
  const state = stateAt < 0 ? null : wasm.i32(stateAt, 4);
  // Where gatherScaled copies a batch of bytes (rows in batch order) before scaling them, when the
  // data set is not in the wasm memory; and where it puts a batch's row indices when it is.
  let staged: Uint8Array = new Uint8Array(0);
  let stagedAt = -1;
  let indices: Int32Array = new Int32Array(0);
  let indicesAt = -1;
  const kernels: ElementwiseKernels = {
    addBias(z, bias, rows, cols) {
      const zAt = at(z, rows * cols);
      const bAt = at(bias, cols);
      if (zAt < 0 || bAt < 0) addBiasJs(z, bias, rows, cols);
      else k.addBias(zAt, bAt, rows, cols);
    },
    biasActivation(z, bias, a, rows, cols, activation) {
      const n = rows * cols;
      const zAt = at(z, n);
      const bAt = at(bias, cols);
      const aAt = at(a, n);
      if (zAt < 0 || bAt < 0 || aAt < 0) {
        // the bias add on its own, then the activation as its own kernel does it (sigmoid staged)
        kernels.addBias(z, bias, rows, cols);
        if (activation === 'relu') kernels.relu(z, a, n);
        else kernels.sigmoid(z, a, n);
      } else {
        k.biasActivation(zAt, bAt, aAt, rows, cols, activation === 'relu' ? 0 : 1);
      }
    },
    columnSums(x, out, rows, cols, accumulate) {
      const xAt = at(x, rows * cols);
      const outAt = at(out, cols);
      if (xAt < 0 || outAt < 0) columnSumsJs(x, out, rows, cols, accumulate);
      else k.columnSums(xAt, outAt, rows, cols, accumulate ? 1 : 0);
    },
    relu(z, a, n) {
      const zAt = at(z, n);
      const aAt = at(a, n);
      if (zAt < 0 || aAt < 0) reluJs(z, a, n);
      else k.relu(zAt, aAt, n);
    },
    sigmoid(z, a, n) {
      const zAt = at(z, n);
      const aAt = at(a, n);
      if (zAt >= 0 && aAt >= 0) {
        k.sigmoid(zAt, aAt, n);
        return;
      }
      // Not the loop's bits (float64 Math.exp), so arrays outside the memory (a model built after the
      // float32 budget ran out) go through a staging copy: the kernel's bits wherever a tensor lives.
      const stagedAt = sigmoidStaging.ensure(n);
      if (n > z.length || n > a.length || stagedAt < 0) {
        sigmoidJs(z, a, n);
        return;
      }
      const staged = wasm.f32(stagedAt, n);
      staged.set(z.subarray(0, n));
      k.sigmoid(stagedAt, stagedAt, n);
      a.set(staged);
    },
    sigmoidBackward(a, dy, dz, n) {
      const aAt = at(a, n);
      const dyAt = at(dy, n);
      const dzAt = at(dz, n);
      if (aAt < 0 || dyAt < 0 || dzAt < 0) sigmoidBackwardJs(a, dy, dz, n);
      else k.sigmoidBackward(aAt, dyAt, dzAt, n);
    },
    reluBackward(z, dy, dz, n) {
      const zAt = at(z, n);
      const dyAt = at(dy, n);
      const dzAt = at(dz, n);
      if (zAt < 0 || dyAt < 0 || dzAt < 0) reluBackwardJs(z, dy, dz, n);
      else k.reluBackward(zAt, dyAt, dzAt, n);
    },
    sgdStep(theta, g, lr, n) {
      const thetaAt = at(theta, n);
      const gAt = at(g, n);
      if (thetaAt < 0 || gAt < 0) sgdStepJs(theta, g, lr, n);
      else if (!parallel.sgd(thetaAt, gAt, lr, n)) k.sgd(thetaAt, gAt, lr, n);
    },
    dropout(rng, x, m, y, n, keep, scale) {
      const xAt = at(x, n);
      const mAt = at(m, n);
      const yAt = at(y, n);
      if (xAt < 0 || mAt < 0 || yAt < 0 || !state) {
        dropoutJs(rng, x, m, y, n, keep, scale);
        return;
      }
      rng.exportWords(state);
      k.dropout(stateAt, xAt, mAt, yAt, n, keep * 4294967296, scale);
      rng.importWords(state);
    },
    leakyMask(key, v, out, n, alpha) {
      const keyAt = at(key, n);
      const vAt = at(v, n);
      const outAt = at(out, n);
      if (keyAt < 0 || vAt < 0 || outAt < 0) leakyMaskJs(key, v, out, n, alpha);
      else k.leakyMask(keyAt, vAt, outAt, n, alpha);
    },
    prelu(x, alpha, out, rows, cols) {
      const xAt = at(x, rows * cols);
      const alphaAt = at(alpha, cols);
      const outAt = at(out, rows * cols);
      if (xAt < 0 || alphaAt < 0 || outAt < 0) preluJs(x, alpha, out, rows, cols);
      else k.prelu(xAt, alphaAt, outAt, rows, cols);
    },
    preluBackward(x, alpha, dy, dx, dAlpha, rows, cols) {
      const n = rows * cols;
      const xAt = at(x, n);
      const alphaAt = at(alpha, cols);
      const dyAt = at(dy, n);
      const dxAt = at(dx, n);
      const dAlphaAt = at(dAlpha, cols);
      if (xAt < 0 || alphaAt < 0 || dyAt < 0 || dxAt < 0 || dAlphaAt < 0) {
        preluBackwardJs(x, alpha, dy, dx, dAlpha, rows, cols);
        return;
      }
      dAlpha.fill(0, 0, cols);
      k.preluBackward(xAt, alphaAt, dyAt, dxAt, dAlphaAt, rows, cols);
    },
    gatherScaled(bytes, rowSize, order, start, end, x) {
      const rows = end - start;
      const n = rows * rowSize;
      const xAt = at(x, n);
      const bytesAt = wasm.offsetOf(bytes);
      if (xAt >= 0 && bytesAt >= 0 && rows > 0) {
        // The data set lives in this memory (allocBytes): only the row indices are copied in.
        if (rows > indices.length) {
          const length = Math.max(rows, 2 * indices.length, 256);
          indicesAt = wasm.reserve(4 * length);
          indices = indicesAt < 0 ? new Int32Array(0) : wasm.i32(indicesAt, length);
        }
        if (indicesAt >= 0) {
          for (let i = 0; i < rows; i++) {
            const row = order[start + i];
            if (!(row >= 0 && (row + 1) * rowSize <= bytes.length)) {
              throw new MlpError(
                'BAD_SHAPE',
                `gatherScaled: row ${row} is outside the ${Math.floor(bytes.length / rowSize)} rows of the data`,
              );
            }
            indices[i] = row;
          }
          if (!parallel.gather(bytesAt, rowSize, indicesAt, rows, xAt)) k.gatherScale(bytesAt, rowSize, indicesAt, rows, xAt);
          return;
        }
      }
      if (n > staged.length && xAt >= 0) {
        const length = Math.max(n, 2 * staged.length);
        stagedAt = wasm.reserve(length);
        staged = stagedAt < 0 ? new Uint8Array(0) : wasm.u8(stagedAt, length);
      }
      if (xAt < 0 || stagedAt < 0) {
        gatherScaledJs(bytes, rowSize, order, start, end, x);
        return;
      }
      // Row copies are memcpy; the scaling runs in SIMD (16 bytes to 16 floats per step).
      for (let i = start; i < end; i++) staged.set(bytes.subarray(order[i] * rowSize, (order[i] + 1) * rowSize), (i - start) * rowSize);
      k.scaleBytes(stagedAt, n, xAt);
    },
  };
  return kernels;
}
