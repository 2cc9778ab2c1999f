/**
 * A whole training step (forward, fused softmax cross-entropy, backward, SGD) on each wasm backend
 * ('wasm', fused multiply-add when Node allows it, and 'wasm-simd') at 1 and 2 threads gives
 * identical bits, and equals the js backend within float32 rounding (1e-5 relative to the largest
 * weight). Relu, sigmoid and linear layers, a batch that fits no SIMD or tile
 * width; every product and SGD step split across the threads (minParallelFlops, minParallelElements
 * 0). Needs `npm run build`.
 */
import { Dense } from '../../src/layers';
import { getThreads, setBackend, setThreads } from '../../src/tensor/backend';
import { MIN_PARALLEL_ELEMENTS, MIN_PARALLEL_FLOPS, type WasmBackend } from '../../src/tensor/wasm/wasmBackend';
import { Sequential } from '../../src/train';
import { oneHot, randomLabels, randomTensor } from '../helpers';

const initialThreads = getThreads();

afterAll(() => {
  setBackend('wasm');
  setThreads(initialThreads);
});

/** Weights after three SGD steps with the given backend and thread count (model built under it). */
function trainedWeights(backend: string, threads: number): Float32Array[] {
  const selected = setBackend(backend);
  setThreads(threads);
  if (backend !== 'js') {
    const wasm = selected as WasmBackend;
    wasm.minParallelFlops = 0;
    wasm.minParallelElements = 0;
    if (threads > 1 && !wasm.startThreads()) throw new Error(`worker threads did not start: ${wasm.threadError}`);
  }
  const model = new Sequential(
    [
      new Dense({ units: 67, activation: 'relu', inputShape: [50] }),
      new Dense({ units: 33, activation: 'sigmoid' }),
      new Dense({ units: 21, activation: 'linear' }),
      new Dense({ units: 10, activation: 'softmax' }),
    ],
    { seed: 11 },
  );
  model.compile({ loss: 'categorical_crossentropy', optimizer: { className: 'SGD', config: { learningRate: 0.3 } } });
  const rows = 37;
  const x = randomTensor([rows, 50], 3, 'float32');
  const y = oneHot(randomLabels(rows, 10, 4), 10, 'float32');
  for (let step = 0; step < 3; step++) model.trainOnBatch(x, y);
  const weights = model.getWeights().map((w) => w.data as Float32Array);
  if (backend !== 'js') Object.assign(selected, { minParallelFlops: MIN_PARALLEL_FLOPS, minParallelElements: MIN_PARALLEL_ELEMENTS });
  return weights;
}

function sameBits(a: Float32Array[], b: Float32Array[]): boolean {
  return a.every(
    (w, i) =>
      Buffer.compare(Buffer.from(w.buffer, w.byteOffset, w.byteLength), Buffer.from(b[i].buffer, b[i].byteOffset, b[i].byteLength)) === 0,
  );
}

function worstRelative(a: Float32Array[], b: Float32Array[]): number {
  let worstAll = 0;
  a.forEach((w, i) => {
    let scale = 0;
    let worst = 0;
    for (let j = 0; j < w.length; j++) {
      scale = Math.max(scale, Math.abs(w[j]));
      worst = Math.max(worst, Math.abs(w[j] - b[i][j]));
    }
    worstAll = Math.max(worstAll, worst / scale);
  });
  return worstAll;
}

describe('one training step on every backend', () => {
  const js = trainedWeights('js', 1);
  const runs = ['wasm', 'wasm-simd'].map((name) => ({ name, one: trainedWeights(name, 1), two: trainedWeights(name, 2) }));

  it.each(runs.map((r) => [r.name, r]))('%s: identical bits at 1 and 2 threads', (_name, run) => {
    expect(sameBits(run.one, run.two)).toBe(true);
  });

  it.each(runs.map((r) => [r.name, r]))('%s equals js within 1e-5 relative (float32 rounding)', (_name, run) => {
    expect(worstRelative(js, run.one)).toBeLessThanOrEqual(1e-5);
  });

  it('the steps moved the weights (so the comparison is not of initial values)', () => {
    const untrained = new Sequential([new Dense({ units: 67, activation: 'relu', inputShape: [50] })], { seed: 11 });
    untrained.build();
    const w0 = untrained.getWeights()[0].data;
    let moved = 0;
    for (let j = 0; j < w0.length; j++) moved = Math.max(moved, Math.abs(w0[j] - js[0][j]));
    expect(moved).toBeGreaterThan(1e-3);
  });
});
