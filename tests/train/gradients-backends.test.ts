/**
 * The gradients every backend computes. Central differences need float64 (reference/MATH.md §15), and
 * float64 always runs the TypeScript loops, so the float64 gradient check (tests/layers/gradcheck)
 * cannot see a backend's kernels. Here each float32 backend (js, wasm with and without FMA, at 1 and
 * 2 threads with every product and element-wise kernel split) computes ∂L/∂θ of a model with relu,
 * sigmoid, dropout (a fixed mask), LeakyReLU, PReLU (its α too) and a fused softmax cross-entropy, and each gradient must equal the
 * float64 one of the same weights (itself checked by central differences to 1e-6) within float32
 * accumulation error: 1e-4 of the largest entry. (Central differences in float32 itself, h = 1e-2,
 * were tried: tiny entries and relu kinks give relative errors up to 1 on every backend, js included.)
 */
import { Dense, Dropout, LeakyReLU, PReLU } from '../../src/layers';
import { getThreads, setBackend, setThreads } from '../../src/tensor/backend';
import type { Tensor } from '../../src/tensor/tensor';
import { MIN_PARALLEL_ELEMENTS, MIN_PARALLEL_FLOPS, type WasmBackend } from '../../src/tensor/wasm/wasmBackend';
import { Sequential } from '../../src/train';
import { oneHot, randomLabels, randomTensor } from '../helpers';

const initialThreads = getThreads();

afterAll(() => {
  setBackend('wasm');
  setThreads(initialThreads);
});

const ROWS = 13;

function model(dtype: 'float32' | 'float64'): Sequential {
  const dropout = new Dropout({ rate: 0.25 });
  const mask = new Float64Array(ROWS * 19);
  for (let i = 0; i < mask.length; i++) mask[i] = i % 4 === 1 ? 0 : 4 / 3;
  dropout.fixedMask = dtype === 'float32' ? Float32Array.from(mask) : mask;
  const m = new Sequential(
    [
      new Dense({ units: 19, activation: 'relu', inputShape: [11] }),
      dropout,
      new Dense({ units: 9, activation: 'sigmoid' }),
      new Dense({ units: 8 }),
      new LeakyReLU(),
      new Dense({ units: 7 }),
      new PReLU({ alphaInitializer: 0.2 }),
      new Dense({ units: 5, activation: 'softmax' }),
    ],
    { seed: 5, dtype },
  );
  m.compile({ loss: 'categorical_crossentropy', optimizer: 'sgd' });
  return m;
}

/** ∂L/∂θ of every parameter, from one forward and backward pass. */
function gradients(m: Sequential, x: Tensor, y: Tensor): Float64Array[] {
  m.backwardFromLoss(m.forward(x, true), y);
  return m.params().map((p) => Float64Array.from(p.grad));
}

const x32 = randomTensor([ROWS, 11], 8, 'float32');
const y32 = oneHot(randomLabels(ROWS, 5, 9), 5, 'float32');

describe.each([
  ['js', 1],
  ['wasm', 1],
  ['wasm', 2],
  ['wasm-simd', 1],
  ['wasm-simd', 2],
])('gradients on backend %s, %i thread(s)', (name, threads) => {
  let m32: Sequential;
  let got: Float64Array[];
  let want: Float64Array[];

  beforeAll(() => {
    const backend = setBackend(name);
    setThreads(threads);
    if (name !== 'js') Object.assign(backend as WasmBackend, { minParallelFlops: 0, minParallelElements: 0 });
    m32 = model('float32');
    got = gradients(m32, x32, y32);
    const m64 = model('float64');
    m64.setWeights(m32.getWeights().map((w) => Float64Array.from(w.data)));
    want = gradients(m64, randomTensor([ROWS, 11], 8, 'float64'), oneHot(randomLabels(ROWS, 5, 9), 5, 'float64'));
    if (name !== 'js')
      Object.assign(backend as WasmBackend, { minParallelFlops: MIN_PARALLEL_FLOPS, minParallelElements: MIN_PARALLEL_ELEMENTS });
  });

  it('equal the float64 gradients of the same weights within 1e-4 of the largest entry', () => {
    want.forEach((w, i) => {
      let scale = 0;
      let worst = 0;
      for (let j = 0; j < w.length; j++) {
        scale = Math.max(scale, Math.abs(w[j]));
        worst = Math.max(worst, Math.abs(got[i][j] - w[j]));
      }
      expect(scale).toBeGreaterThan(0);
      expect(worst / scale).toBeLessThan(1e-4);
    });
  });
});
