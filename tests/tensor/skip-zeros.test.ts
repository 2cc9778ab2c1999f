/**
 * Products whose A is mostly zeros skip the all-zero steps of A's 4-row panels (sparse.wat). That
 * must change no bit: each case runs once with skipping off and once with it on, on both wasm
 * builds and on 1 and 2 threads, and the outputs must be identical (and within float32 rounding of
 * the JS reference); a counter shows the skipping path really ran, and that a dense A does not take it.
 */
import { getThreads, matmul, setBackend, setThreads } from '../../src/tensor/backend';
import { Rng } from '../../src/tensor/rng';
import { WasmBackend } from '../../src/tensor/wasm/wasmBackend';
import { TRANSPOSES, reference, worstRelativeError } from './matmulReference';

const initialThreads = getThreads();

afterAll(() => {
  setBackend('wasm');
  setThreads(initialThreads);
});

/** A sparse like MNIST's: `zeros` of the entries 0 (a tenth of them −0), and some whole 4-row steps 0. */
function sparseArray(rng: Rng, n: number, zeros: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    x[i] = u < zeros ? (rng.uniform() < 0.1 ? -0 : 0) : rng.uniform() * 2 - 1;
  }
  return x;
}

/** Index of the first element whose bits differ, or -1 (jest's diff of 200 000 numbers is too slow). */
function firstDifference(x: Float32Array, y: Float32Array): number {
  const a = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const b = new Uint32Array(y.buffer, y.byteOffset, y.length);
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function denseArray(rng: Rng, n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.uniform() * 2 - 1;
  return x;
}

/** One set of operands per shape, made once for every backend, thread count and transpose. */
const made = new Map<string, { a: Float32Array; b: Float32Array; c0: Float32Array }>();
function operands(shape: { m: number; k: number; n: number }) {
  const key = `${shape.m}×${shape.k}×${shape.n}`;
  let found = made.get(key);
  if (!found) {
    const rng = new Rng(shape.m * 7 + shape.k * 3 + shape.n);
    const a = sparseArray(rng, shape.m * shape.k, 0.85);
    found = { a, b: denseArray(rng, shape.k * shape.n), c0: denseArray(rng, shape.m * shape.n) };
    made.set(key, found);
  }
  return found;
}

const SHAPES = [
  { m: 120, k: 784, n: 256 }, // the first layer's forward product on a batch of 120 images
  { m: 784, k: 120, n: 256 }, // its weight gradient (transA)
  { m: 61, k: 513, n: 83 }, // ragged everywhere: m not a multiple of 4, k past one block, n of 8
  { m: 256, k: 300, n: 30 },
];

describe.each([
  ['wasm', 1],
  ['wasm', 2],
  ['wasm-simd', 1],
  ['wasm-simd', 2],
] as const)('skipping zeros of A on %s with %i thread(s)', (name, threads) => {
  let backend: WasmBackend;
  beforeAll(() => {
    backend = setBackend(name) as WasmBackend;
    setThreads(threads);
    if (threads > 1 && !backend.startThreads()) throw new Error(`worker threads did not start: ${backend.threadError}`);
  });
  afterAll(() => {
    backend.skipZeros = true;
  });

  /** C (+)= op(A)·op(B) with skipping off, then on: both outputs and how many products skipped. */
  function both(
    a: Float32Array,
    b: Float32Array,
    c0: Float32Array,
    shape: (typeof SHAPES)[number],
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
  ) {
    const { m, k, n } = shape;
    const dense = c0.slice();
    const skipped = c0.slice();
    backend.skipZeros = false;
    matmul(a, b, dense, m, k, n, transA, transB, accumulate);
    backend.skipZeros = true;
    const before = backend.skippingProducts;
    matmul(a, b, skipped, m, k, n, transA, transB, accumulate);
    return { dense, skipped, skips: backend.skippingProducts - before };
  }

  SHAPES.forEach((shape) => {
    TRANSPOSES.forEach(([transA, transB]) => {
      it.each([false, true])(
        `${shape.m}×${shape.k}×${shape.n} transA=${transA} transB=${transB} accumulate=%s: same bits`,
        (accumulate) => {
          const { a, b, c0 } = operands(shape);
          const { dense, skipped, skips } = both(a, b, c0, shape, transA, transB, accumulate);
          expect(skips).toBe(1);
          expect(firstDifference(skipped, dense)).toBe(-1);
          const ref = reference(a, b, accumulate ? c0 : null, shape, transA, transB);
          expect(worstRelativeError(skipped, ref)).toBeLessThan(1e-5);
        },
      );
    });
  });

  it('an A of zeros only (every panel empty) leaves C as it was when accumulating, and zeros it otherwise', () => {
    const shape = { m: 120, k: 784, n: 256 };
    const rng = new Rng(5);
    const a = new Float32Array(shape.m * shape.k);
    const b = denseArray(rng, shape.k * shape.n);
    const c0 = denseArray(rng, shape.m * shape.n);
    const kept = both(a, b, c0, shape, false, false, true);
    expect(kept.skips).toBe(1);
    expect(firstDifference(kept.skipped, c0)).toBe(-1);
    const zeroed = both(a, b, c0, shape, false, false, false);
    expect(zeroed.skipped.every((v) => Object.is(v, 0))).toBe(true);
    expect(firstDifference(zeroed.skipped, zeroed.dense)).toBe(-1);
  });

  it('a dense A, and a small product, do not take the skipping path', () => {
    const rng = new Rng(9);
    /** How many products skipped zeros in C = A·B for this A (B random). */
    const skipsFor = (a: Float32Array, shape: { m: number; k: number; n: number }) =>
      both(a, denseArray(rng, shape.k * shape.n), new Float32Array(shape.m * shape.n), shape, false, false, false).skips;
    const shape = { m: 120, k: 784, n: 256 };
    expect(skipsFor(denseArray(rng, shape.m * shape.k), shape)).toBe(0);
    // relu-like: half the entries 0 at random leaves only ~6 % of 4-row steps all zero
    expect(skipsFor(sparseArray(rng, shape.m * shape.k, 0.5), shape)).toBe(0);
    const small = { m: 8, k: 16, n: 8 };
    expect(skipsFor(new Float32Array(small.m * small.k), small)).toBe(0);
  });
});
