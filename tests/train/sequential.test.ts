import { Dense, Dropout, Flatten, PReLU, Reshape, l2 } from '../../src/layers';
import { SGD } from '../../src/optim';
import { Sequential, cloneModel } from '../../src/train';
import { MlpError, Tensor, tensor } from '../../src/tensor';
import { oneHot, randomLabels, randomTensor } from '../helpers';

function lectureNet(seed = 1): Sequential {
  return new Sequential(
    [new Dense({ units: 30, activation: 'sigmoid', inputShape: [784] }), new Dense({ units: 10, activation: 'softmax' })],
    {
      seed,
    },
  );
}

describe('Sequential (Keras-shaped API)', () => {
  test('summary lists layers, output shapes and parameter counts (784-30-10: 23,860 params)', () => {
    const text = lectureNet().summary(null);
    expect(text).toMatch(/dense \(Dense\)\s+\(None, 30\)\s+23550/);
    expect(text).toMatch(/dense_1 \(Dense\)\s+\(None, 10\)\s+310/);
    expect(text).toMatch(/Total params: 23,860/);
  });

  test('getWeights in Keras order (kernel [in, out], then bias) and setWeights round-trips', () => {
    const m = lectureNet();
    const w = m.getWeights();
    expect(w.map((t) => t.shape)).toEqual([[784, 30], [30], [30, 10], [10]]);
    // Keras default init: glorot uniform kernel within ±√(6/(784+30)), zero bias
    const limit = Math.sqrt(6 / 814);
    expect(Math.max(...Array.from(w[0].data).map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Array.from(w[1].data).every((b) => b === 0)).toBe(true);
    const other = lectureNet(2);
    other.setWeights(w);
    expect(Array.from(other.getWeights()[0].data)).toEqual(Array.from(w[0].data));
    expect(() => other.setWeights(w.slice(1))).toThrow(/expects 4 arrays/);
  });

  test('same seed gives the same weights; cloneModel keeps the architecture with fresh weights', () => {
    const a = lectureNet(5);
    const b = lectureNet(5);
    expect(Array.from(a.getWeights()[0].data)).toEqual(Array.from(b.getWeights()[0].data));
    const c = cloneModel(a);
    expect(c.getConfig().layers.map((l) => l.className)).toEqual(['Dense', 'Dense']);
    expect(Array.from(c.getWeights()[0].data)).not.toEqual(Array.from(a.getWeights()[0].data));
    expect(c.getWeights()[0].shape).toEqual([784, 30]);
  });

  test('trainOnBatch lowers the loss of a small problem; evaluate and predict agree', () => {
    const m = new Sequential(
      [new Flatten({ inputShape: [2, 3] }), new Dense({ units: 8, activation: 'tanh' }), new Dense({ units: 3, activation: 'softmax' })],
      {
        seed: 3,
      },
    );
    m.compile({ loss: 'categoricalCrossentropy', optimizer: new SGD({ learningRate: 0.5 }), metrics: ['accuracy'] });
    const x = randomTensor([30, 2, 3], 1, 'float32');
    const y = oneHot(randomLabels(30, 3, 2), 3, 'float32');
    const first = m.trainOnBatch(x, y);
    let last = first;
    for (let i = 0; i < 200; i++) last = m.trainOnBatch(x, y);
    expect(last.loss).toBeLessThan(first.loss / 2);
    expect(last.accuracy).toBeGreaterThan(0.8);
    const ev = m.evaluate(x, y, { batchSize: 7 });
    const p = m.predict(x, { batchSize: 4 });
    expect(p.shape).toEqual([30, 3]);
    // evaluate's loss is the mean cross-entropy of predict's probabilities
    let ce = 0;
    for (let r = 0; r < 30; r++) for (let c = 0; c < 3; c++) if (y.data[r * 3 + c] === 1) ce -= Math.log(p.data[r * 3 + c]);
    expect(ev.loss).toBeCloseTo(ce / 30, 5);
  });

  test('the L2 penalty is part of the loss, as in Keras (loss = data loss + 0.01·Σw²)', () => {
    const m = new Sequential([new Dense({ units: 3, activation: 'softmax', inputShape: [4], kernelRegularizer: l2(0.01) })], { seed: 9 });
    m.compile({ loss: 'categorical_crossentropy', optimizer: 'sgd' });
    const x = randomTensor([6, 4], 3, 'float32');
    const y = oneHot(randomLabels(6, 3, 4), 3, 'float32');
    const kernel = m.getWeights()[0].data;
    const penalty = 0.01 * Array.from(kernel).reduce((s, w) => s + w * w, 0);
    const noPenalty = new Sequential([new Dense({ units: 3, activation: 'softmax', inputShape: [4] })]);
    noPenalty.compile({ loss: 'categorical_crossentropy', optimizer: 'sgd' });
    noPenalty.setWeights(m.getWeights());
    expect(m.regularizationLoss()).toBeCloseTo(penalty, 6);
    expect(m.evaluate(x, y).loss).toBeCloseTo(noPenalty.evaluate(x, y).loss + penalty, 6);
    const r = m.trainOnBatch(x, y);
    expect(m.lastPenalty).toBeCloseTo(penalty, 6);
    expect(r.loss).toBeGreaterThan(m.lastPenalty);
  });

  test('PReLU alpha starts at 0 (Keras) and is trained', () => {
    const m = new Sequential([new Dense({ units: 4, inputShape: [3] }), new PReLU(), new Dense({ units: 2, activation: 'softmax' })], {
      seed: 4,
    });
    m.compile({ loss: 'categorical_crossentropy', optimizer: new SGD({ learningRate: 0.5 }) });
    expect(Array.from(m.getWeights()[2].data)).toEqual([0, 0, 0, 0]);
    const x = randomTensor([16, 3], 5, 'float32');
    const y = oneHot(randomLabels(16, 2, 6), 2, 'float32');
    for (let i = 0; i < 5; i++) m.trainOnBatch(x, y);
    expect(Array.from(m.getWeights()[2].data).some((a) => a !== 0)).toBe(true);
  });

  test('inverted dropout: identity at inference, kept units scaled by 1/(1−rate), mean preserved', () => {
    const drop = new Dropout({ rate: 0.2 });
    const m = new Sequential([drop], { seed: 1 });
    m.build([1000]);
    const x = tensor(new Float32Array(1000).fill(1), [1, 1000]);
    expect(Array.from(m.forward(x, false).data).every((v) => v === 1)).toBe(true);
    const y = m.forward(x, true).data;
    const kept = Array.from(y).filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1.25) < 1e-6)).toBe(true);
    expect(kept.length / 1000).toBeGreaterThan(0.75);
    expect(kept.length / 1000).toBeLessThan(0.85);
    const mean = Array.from(y).reduce((s, v) => s + v, 0) / 1000;
    expect(mean).toBeGreaterThan(0.93);
    expect(mean).toBeLessThan(1.07);
    expect(() => new Dropout({ rate: 1 })).toThrow(/\[0, 1\)/);
  });

  test('bad inputs are MlpErrors that say what would be valid', () => {
    const m = lectureNet();
    m.compile({ loss: 'categorical_crossentropy', optimizer: 'sgd' });
    const badX = new Tensor(new Float32Array(2 * 100), [2, 100]);
    expect(() => m.predict(badX)).toThrow(/expects 784 values per example/);
    expect(() => m.compile({ loss: 'hinge', optimizer: 'sgd' })).toThrow(
      /valid losses are categorical_crossentropy, mse, binary_crossentropy/,
    );
    expect(() => new Dense({ units: 0 })).toThrow(MlpError);
    expect(() => new Dense({ units: 3, activation: 'swish' })).toThrow(/valid activations are/);
    expect(() => new Sequential().build()).toThrow(/no layers/);
  });
});

describe('fused softmax cross-entropy reuses the softmax row sums', () => {
  it.each(['float32', 'float64'] as const)(
    '%s: the loss from the stored log Σ e^z equals the loss computed from the logits again',
    (dtype) => {
      const model = new Sequential(
        [new Dense({ units: 7, activation: 'relu', inputShape: [5] }), new Dense({ units: 4, activation: 'softmax' })],
        {
          seed: 3,
          dtype,
        },
      );
      model.compile({ loss: 'categorical_crossentropy', optimizer: 'sgd' });
      const x = randomTensor([9, 5], 2, dtype);
      const y = oneHot(randomLabels(9, 4, 5), 4, dtype);
      model.forward(x, false);
      const last = model.layers[1] as Dense;
      expect(last.logSumExp).not.toBeNull();
      const z = last.preActivation.data;
      const lossFn = model.loss!;
      const stored = lossFn.computeFromLogits(z, y.data, 9, 4, last.logSumExp);
      const recomputed = lossFn.computeFromLogits(z, y.data, 9, 4);
      expect(stored).toBe(recomputed);
      // The stored sums are really used: spoil one and the loss moves by exactly its share.
      last.logSumExp![0] += 9;
      expect(lossFn.computeFromLogits(z, y.data, 9, 4, last.logSumExp)).toBeCloseTo(recomputed + 1, 12);
    },
  );

  it('layers without softmax keep no sums', () => {
    const layer = new Dense({ units: 3, activation: 'sigmoid', inputShape: [2] });
    const model = new Sequential([layer], { seed: 1 });
    model.forward(randomTensor([4, 2], 1, 'float32'), false);
    expect(layer.logSumExp).toBeNull();
  });
});

describe('input gradients only where a layer below has parameters', () => {
  it('flags: none for the layers up to and including the first with parameters', () => {
    const model = new Sequential([
      new Reshape({ targetShape: [12], inputShape: [3, 4] }),
      new Dense({ units: 5 }),
      new Dropout({ rate: 0.5 }),
      new Dense({ units: 2 }),
    ]);
    model.build();
    expect(model.layers.map((l) => l.needsInputGradient)).toEqual([false, false, true, true]);
  });

  it('a leading Reshape changes no weight of a training step (its Dense skips ∂L/∂x, its backward is not run)', () => {
    const make = (reshape: boolean): Sequential => {
      const dense = [
        new Dense({ units: 6, activation: 'sigmoid', ...(reshape ? {} : { inputShape: [12] }) }),
        new Dense({ units: 3, activation: 'softmax' }),
      ];
      const model = new Sequential(reshape ? [new Reshape({ targetShape: [12], inputShape: [12] }), ...dense] : dense, { seed: 4 });
      model.compile({ loss: 'categorical_crossentropy', optimizer: new SGD({ learningRate: 0.5 }) });
      return model;
    };
    const x = randomTensor([10, 12], 6, 'float32');
    const y = oneHot(randomLabels(10, 3, 7), 3, 'float32');
    const [plain, reshaped] = [make(false), make(true)];
    for (let step = 0; step < 3; step++) {
      plain.trainOnBatch(x, y);
      reshaped.trainOnBatch(x, y);
    }
    const a = plain.getWeights().map((w) => Array.from(w.data));
    const b = reshaped.getWeights().map((w) => Array.from(w.data));
    expect(b).toEqual(a);
    expect(a[0]).not.toEqual(Array.from(make(false).getWeights()[0].data)); // the steps did move the weights
  });
});
