/**
 * The wasm element-wise kernels (wasm/elementwise.wat) give the same bits as the reference loops in
 * elementwise.ts, on every length (SIMD body and scalar tail), with −0, NaN and ±∞ among the values,
 * and arrays outside the wasm memory take the loops. Needs `npm run build` (gemm.wasm), as the
 * backend tests do.
 */
import { getThreads, setBackend, setThreads } from '../../src/tensor/backend';
import {
  addBiasJs,
  columnSumsJs,
  dropoutJs,
  gatherScaledJs,
  leakyMaskJs,
  preluBackwardJs,
  preluJs,
  jsElementwise,
  reluBackwardJs,
  reluJs,
  sigmoidBackwardJs,
  sigmoidJs,
  sgdStepJs,
  type ElementwiseKernels,
} from '../../src/tensor/elementwise';
import { addBias, columnSums, relu, reluBackward, sgdStep, softmaxRows } from '../../src/tensor/ops';
import { Rng } from '../../src/tensor/rng';
import { MlpError } from '../../src/tensor/errors';
import { allocBytes, allocFloat } from '../../src/tensor/tensor';
import { MIN_PARALLEL_ELEMENTS, type WasmBackend } from '../../src/tensor/wasm/wasmBackend';

const initialThreads = getThreads();
let wasm: ElementwiseKernels;

beforeAll(() => {
  wasm = (setBackend('wasm') as WasmBackend).elementwise;
});

afterAll(() => {
  setBackend('wasm');
  setThreads(initialThreads);
});

const SPECIAL = [-0, 0, NaN, Infinity, -Infinity, 1e-45, -1e-45];

/** n floats in the wasm memory (allocated while it is the backend): normal values and some specials. */
function values(n: number, rng: Rng): Float32Array {
  const x = allocFloat(n, 'float32') as Float32Array;
  for (let i = 0; i < n; i++) x[i] = rng.uniform() < 0.15 ? SPECIAL[rng.int(SPECIAL.length)] : 4 * rng.normal();
  return x;
}

/** A copy of x in the wasm memory. */
function allocCopy(x: Float32Array): Float32Array {
  const copy = allocFloat(x.length, 'float32') as Float32Array;
  copy.set(x);
  return copy;
}

/** Same bits, NaN payloads aside (Object.is treats every NaN alike, and tells −0 from 0). */
function expectSameBits(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`element ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

const LENGTHS = [0, 1, 3, 4, 5, 8, 17, 30, 256, 1027];

describe('wasm element-wise kernels: the bits of the reference loops', () => {
  const rng = new Rng(7);

  it('lives in the wasm memory (else this test would compare the loops with themselves)', () => {
    expect(values(4, rng).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(wasm).not.toBe(jsElementwise);
  });

  it.each(LENGTHS)('relu and reluBackward, n = %i', (n) => {
    const z = values(n, rng);
    const dy = values(n, rng);
    const a = values(n, rng);
    const expected = new Float32Array(n);
    wasm.relu(z, a, n);
    reluJs(z, expected, n);
    expectSameBits(a, expected);
    wasm.reluBackward(z, dy, a, n);
    reluBackwardJs(z, dy, expected, n);
    expectSameBits(a, expected);
  });

  it.each(LENGTHS)('sigmoid: within 2 ulp of the float64 formula, and position does not change a value, n = %i', (n) => {
    const z = values(n, rng);
    const a = values(n, rng);
    wasm.sigmoid(z, a, n);
    const exact = new Float32Array(n);
    sigmoidJs(z, exact, n);
    const one = values(1, rng);
    const alone = values(1, rng);
    for (let i = 0; i < n; i++) {
      // float32 e^x: relative error a few times 2^-24; past the clamp (|z| > 87) both are 1 or 0
      const tolerance = 2.5e-7 * Math.abs(exact[i]);
      if (Number.isNaN(exact[i])) expect(a[i]).toBeNaN();
      else if (Math.abs(a[i]) < 1.1754943508222875e-38 && a[i] !== 0) throw new Error(`sigmoid(${z[i]}) = ${a[i]} is subnormal`);
      else if (!(Math.abs(a[i] - exact[i]) <= tolerance)) throw new Error(`sigmoid(${z[i]}) = ${a[i]}, expected ${exact[i]}`);
      one[0] = z[i];
      wasm.sigmoid(one, alone, 1); // the tail path
      expect(Object.is(alone[0], a[i])).toBe(true);
    }
  });

  it.each(LENGTHS)('sigmoidBackward: the bits of the loop (float64 products, tiny deltas flushed), n = %i', (n) => {
    const a = values(n, rng);
    for (let i = 0; i < n; i++) if (i % 3 === 0) a[i] = rng.uniform(); // outputs in [0, 1) too
    const dy = values(n, rng);
    if (n > 2) [a[1], dy[1]] = [1e-38, 0.5]; // dy·a·(1 − a) = 5e-39, below 2^-126: 0
    const dz = values(n, rng);
    const expected = new Float32Array(n);
    wasm.sigmoidBackward(a, dy, dz, n);
    sigmoidBackwardJs(a, dy, expected, n);
    expectSameBits(dz, expected);
    if (n > 2) expect(dz[1]).toBe(0);
  });

  it('sigmoid: saturated outputs are 1 or exactly 0, never subnormal, in the loop and the kernel; NaN stays NaN', () => {
    const z = allocFloat(9, 'float32') as Float32Array;
    z.set([-87, -87.4, -88, -100, -1e30, -Infinity, NaN, 100, Infinity]);
    for (const kernel of [wasm.sigmoid, sigmoidJs]) {
      const a = values(9, rng);
      kernel(z, a, 9);
      expect(a[0]).toBeGreaterThan(1.1754943508222875e-38); // e^-87 ≈ 1.6e-38 is normal: kept
      expect(Array.from(a.subarray(1, 6))).toEqual([0, 0, 0, 0, 0]); // e^-87.4 ≈ 1.1e-38 is not
      expect(a[6]).toBeNaN();
      expect(Array.from(a.subarray(7))).toEqual([1, 1]);
    }
    // float64 arrays keep the formula's tiny values (gradient checks)
    const z64 = Float64Array.from([-100]);
    const a64 = new Float64Array(1);
    sigmoidJs(z64, a64, 1);
    expect(a64[0]).toBeCloseTo(Math.exp(-100), 50);
    expect(a64[0]).toBeGreaterThan(0);
  });

  it.each(LENGTHS.filter((n) => n > 0))(
    'biasActivation on 7 × %i: the bits of addBias then relu (the loops) or sigmoid (the kernel)',
    (cols) => {
      const rows = 7;
      const bias = values(cols, rng);
      for (const activation of ['relu', 'sigmoid'] as const) {
        const z = values(rows * cols, rng);
        const [zRef, a, aRef] = [z.slice(), values(rows * cols, rng), values(rows * cols, rng)];
        wasm.biasActivation(z, bias, a, rows, cols, activation);
        addBiasJs(zRef, bias, rows, cols);
        if (activation === 'relu') reluJs(zRef, aRef, rows * cols);
        else wasm.sigmoid(allocCopy(zRef), aRef, rows * cols);
        expectSameBits(z, zRef);
        expectSameBits(a, aRef);
      }
    },
  );

  it.each(LENGTHS.filter((n) => n > 0))('addBias and columnSums on 7 × %i', (cols) => {
    const rows = 7;
    const z = values(rows * cols, rng);
    const bias = values(cols, rng);
    const expected = z.slice();
    wasm.addBias(z, bias, rows, cols);
    addBiasJs(expected, bias, rows, cols);
    expectSameBits(z, expected);
    for (const accumulate of [false, true]) {
      const out = values(cols, rng);
      const reference = out.slice();
      wasm.columnSums(z, out, rows, cols, accumulate);
      columnSumsJs(z, reference, rows, cols, accumulate);
      expectSameBits(out, reference);
    }
  });

  it.each(LENGTHS)('sgdStep (float64 arithmetic, one rounding), n = %i', (n) => {
    const g = values(n, rng);
    for (const lr of [0.2, 1, 1e-3, 0.1234567]) {
      const theta = values(n, rng);
      const expected = theta.slice();
      wasm.sgdStep(theta, g, lr, n);
      sgdStepJs(expected, g, lr, n);
      expectSameBits(theta, expected);
    }
  });

  it('gatherScaled: every byte value b gives the float32 of b / 255; rows in the order asked, tails too', () => {
    for (const rowSize of [256, 17, 3]) {
      const rows = 6;
      const bytes = new Uint8Array(rows * rowSize);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + rowSize) & 255;
      const order = Int32Array.from([5, 0, 3, 3, 1, 4, 2]);
      const x = values(5 * rowSize, rng);
      wasm.gatherScaled(bytes, rowSize, order, 1, 6, x);
      const expected = new Float32Array(5 * rowSize);
      for (let i = 1; i < 6; i++) for (let j = 0; j < rowSize; j++) expected[(i - 1) * rowSize + j] = bytes[order[i] * rowSize + j] / 255;
      expectSameBits(x, expected);
      const viaLoop = new Float32Array(5 * rowSize);
      gatherScaledJs(bytes, rowSize, order, 1, 6, viaLoop);
      expectSameBits(viaLoop, expected);
    }
  });

  it("sigmoid gives the kernel's bits for arrays outside the wasm memory too (copied in and out), so a run does not depend on where its tensors live", () => {
    const n = 1027;
    const z = values(n, rng);
    const inside = values(n, rng);
    wasm.sigmoid(z, inside, n);
    const outside = new Float32Array(n);
    wasm.sigmoid(Float32Array.from(z), outside, n);
    expectSameBits(outside, inside);
    const loop = new Float32Array(n);
    sigmoidJs(z, loop, n);
    expect(loop.some((v, i) => !Object.is(v, inside[i]))).toBe(true); // the loop's bits differ: the copy matters
  });

  it('arrays outside the wasm memory, or shorter than the call says, take the loops', () => {
    const z = Float32Array.from([1, -2, 3, -4, 5]);
    const a = new Float32Array(5);
    wasm.relu(z, a, 5);
    expect(Array.from(a)).toEqual([1, 0, 3, 0, 5]);
    const inside = values(3, rng);
    const short = values(2, rng);
    inside.set([1, -1, 2]);
    wasm.relu(inside, short, 3); // the loop writes past the end of `short` into nothing
    expect(Array.from(short)).toEqual([1, 0]);
  });
});

/**
 * Runs body with the wasm backend on 1, 2 and 3 threads, every element-wise kernel split however
 * small; returns how many chunks the worker threads computed.
 */
function onThreadCounts(body: (backend: WasmBackend) => void): number {
  let worked = 0;
  for (const threads of [1, 2, 3]) {
    const backend = setBackend('wasm') as WasmBackend;
    setThreads(threads);
    backend.minParallelElements = 0;
    if (threads > 1) expect(backend.startThreads()).toBe(true);
    const before = backend.workerChunks();
    body(backend);
    worked += backend.workerChunks() - before;
    backend.minParallelElements = MIN_PARALLEL_ELEMENTS;
  }
  return worked;
}

describe('wasm SGD step split across threads', () => {
  it('same bits as the loop on 1, 2 and 3 threads, ragged lengths; the workers take ranges', () => {
    const rng = new Rng(9);
    const worked = onThreadCounts((backend) => {
      for (const n of [1, 15, 17, 1000, 4099]) {
        for (let repeat = 0; repeat < 20; repeat++) {
          const g = values(n, rng);
          const theta = values(n, rng);
          const expected = theta.slice();
          backend.elementwise.sgdStep(theta, g, 0.2, n);
          sgdStepJs(expected, g, 0.2, n);
          expectSameBits(theta, expected);
        }
      }
    });
    expect(worked).toBeGreaterThan(0);
  });
});

describe('wasm batch gather from a data set inside its memory (allocBytes)', () => {
  it('same bits as the loop on 1, 2 and 3 threads, rows in the order asked; the workers take rows', () => {
    const rng = new Rng(12);
    const worked = onThreadCounts((backend) => {
      for (const rowSize of [784, 17, 3]) {
        const count = 40;
        const bytes = allocBytes(count * rowSize);
        expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer); // else this would test the JS path
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + rowSize) & 255;
        const order = Int32Array.from({ length: count }, () => rng.int(count));
        // Repeated, so that a worker that wakes late still gets rows of some call.
        for (const [start, end] of [
          [0, count],
          [3, 10],
          [7, 8],
        ].flatMap((range) => Array.from({ length: 10 }, () => range))) {
          const x = values((end - start) * rowSize, rng);
          backend.elementwise.gatherScaled(bytes, rowSize, order, start, end, x);
          const expected = new Float32Array((end - start) * rowSize);
          gatherScaledJs(bytes, rowSize, order, start, end, expected);
          expectSameBits(x, expected);
        }
      }
    });
    expect(worked).toBeGreaterThan(0);
  });

  it('a row index outside the data is an MlpError, not a read of other memory', () => {
    setBackend('wasm');
    const bytes = allocBytes(4 * 16);
    const x = values(16, new Rng(1));
    expect(() => wasm.gatherScaled(bytes, 16, Int32Array.from([4]), 0, 1, x)).toThrow(/row 4 is outside the 4 rows of the data/);
    expect(() => wasm.gatherScaled(bytes, 16, Int32Array.from([-1]), 0, 1, x)).toThrow(MlpError);
  });
});

describe('rectifier kernels (LeakyReLU, PReLU): the bits of the loops', () => {
  const rng = new Rng(33);

  it.each(LENGTHS)('leakyMask, forward (key = v) and backward, α = 0.3 (not a float32), n = %i', (n) => {
    const z = values(n, rng);
    const dy = values(n, rng);
    for (const [key, v] of [
      [z, z],
      [z, dy],
    ]) {
      const out = values(n, rng);
      const expected = new Float32Array(n);
      wasm.leakyMask(key, v, out, n, 0.3);
      leakyMaskJs(key, v, expected, n, 0.3);
      expectSameBits(out, expected);
    }
  });

  it.each([
    [1, 1],
    [7, 13],
    [37, 256],
  ])('prelu forward and backward on %i × %i, α per column with specials, dα summed in row order', (rows, cols) => {
    const x = values(rows * cols, rng);
    const dy = values(rows * cols, rng);
    const alpha = values(cols, rng);
    const out = values(rows * cols, rng);
    const expected = new Float32Array(rows * cols);
    wasm.prelu(x, alpha, out, rows, cols);
    preluJs(x, alpha, expected, rows, cols);
    expectSameBits(out, expected);
    const [dx, dAlpha] = [values(rows * cols, rng), values(cols, rng)];
    const [dxRef, dAlphaRef] = [new Float32Array(rows * cols), new Float32Array(cols).fill(7)];
    wasm.preluBackward(x, alpha, dy, dx, dAlpha, rows, cols);
    preluBackwardJs(x, alpha, dy, dxRef, dAlphaRef, rows, cols);
    expectSameBits(dx, dxRef);
    expectSameBits(dAlpha, dAlphaRef);
  });
});

describe('dropout kernel', () => {
  it.each([0, 1, 5, 1000, 94080])('wasm draws the same masks as the loop and leaves the generator in the same state, n = %i', (n) => {
    const rng = new Rng(21);
    const x = values(n, rng);
    for (const keep of [0.8, 0.5, 0.999]) {
      const [streamA, streamB] = [new Rng(n + 1), new Rng(n + 1)];
      const [m, y] = [values(n, rng), values(n, rng)];
      const [mRef, yRef] = [new Float32Array(n), new Float32Array(n)];
      wasm.dropout(streamA, x, m, y, n, keep, 1 / keep);
      dropoutJs(streamB, x, mRef, yRef, n, keep, 1 / keep);
      expectSameBits(m, mRef);
      expectSameBits(y, yRef);
      expect(streamA.getState()).toEqual(streamB.getState());
      expect(streamA.nextUint32()).toBe(streamB.nextUint32());
      if (n >= 1000) {
        const kept = mRef.filter((v) => v !== 0).length / n;
        expect(Math.abs(kept - keep)).toBeLessThan(0.05); // a real mask, not all ones
      }
    }
  });
});

describe('softmaxRows', () => {
  it('float32: probabilities below the smallest normal float32 are 0; float64 keeps them; rows still sum to 1', () => {
    const z = [0, -50, -87, -88, -200];
    const p32 = new Float32Array(5);
    softmaxRows(Float32Array.from(z), p32, 1, 5);
    expect(p32[2]).toBeGreaterThan(1.1754943508222875e-38);
    expect(Array.from(p32.subarray(3))).toEqual([0, 0]);
    const p64 = new Float64Array(5);
    softmaxRows(Float64Array.from(z), p64, 1, 5);
    expect(p64[3]).toBeCloseTo(Math.exp(-88), 50);
    expect(p64[3]).toBeGreaterThan(0);
    expect(p32.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });
});

describe('ops dispatch', () => {
  it('float64 arrays run the loops; float32 ones the backend, same results', () => {
    const z64 = Float64Array.from([0.5, -1, 2, -0]);
    const a64 = new Float64Array(4);
    relu(z64, a64, 4);
    expect(Array.from(a64)).toEqual([0.5, 0, 2, 0]);
    const dz64 = new Float64Array(4);
    reluBackward(z64, Float64Array.from([1, 1, 1, 1]), dz64, 4);
    expect(Array.from(dz64)).toEqual([1, 0, 1, 0]);
    const theta = Float64Array.from([1, 2]);
    sgdStep(theta, Float64Array.from([0.5, -0.5]), 0.2, 2);
    expect(Array.from(theta)).toEqual([1 - 0.2 * 0.5, 2 + 0.2 * 0.5]);
    const zb = Float64Array.from([1, 2, 3, 4]);
    addBias(zb, Float64Array.from([10, 20]), 2, 2);
    expect(Array.from(zb)).toEqual([11, 22, 13, 24]);
    const sums = Float64Array.from([5, 5]);
    columnSums(zb, sums, 2, 2);
    expect(Array.from(sums)).toEqual([24, 46]);
    columnSums(zb, sums, 2, 2, true);
    expect(Array.from(sums)).toEqual([48, 92]);
  });
});
