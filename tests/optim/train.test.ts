/**
 * Every optimizer trains a small model on a fixed synthetic problem (three Gaussian blobs in 2-D,
 * made with the seeded Rng) and the loss falls; and getState/setState taken mid-training gives a
 * bit-identical continuation in a fresh model and a fresh optimizer rebuilt from getConfig.
 */
import { getOptimizer, ExponentialDecay, type Optimizer } from '../../src/optim';
import { Sequential } from '../../src/train/sequential';
import { Dense } from '../../src/layers/dense';
import { Rng } from '../../src/tensor/rng';
import { tensor, type Tensor } from '../../src/tensor/tensor';

const CLASSES = 3;
const PER_CLASS = 30;

/** Three blobs centred at angles 0, 120, 240 degrees on the unit circle, σ = 0.4; one-hot targets. */
function blobs(seed: number): { x: Tensor; y: Tensor } {
  const rng = new Rng(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < PER_CLASS; i++) {
    for (let c = 0; c < CLASSES; c++) {
      const angle = (2 * Math.PI * c) / CLASSES;
      x.push([Math.cos(angle) + 0.4 * rng.normal(), Math.sin(angle) + 0.4 * rng.normal()]);
      y.push([0, 1, 2].map((k) => (k === c ? 1 : 0)));
    }
  }
  return { x: tensor(x), y: tensor(y) };
}

const data = blobs(7);

function model(optimizer: Optimizer): Sequential {
  const m = new Sequential(
    [new Dense({ units: 8, activation: 'tanh', inputShape: [2] }), new Dense({ units: CLASSES, activation: 'softmax' })],
    { seed: 3 },
  );
  return m.compile({ loss: 'categorical_crossentropy', optimizer });
}

/** Full-batch steps; returns the loss of each. */
function train(m: Sequential, n: number): number[] {
  const losses: number[] = [];
  for (let i = 0; i < n; i++) losses.push(m.trainOnBatch(data.x, data.y).loss);
  return losses;
}

/** [label, optimizer, steps until the loss is below 60% of the first]; Adadelta starts slowly by design. */
const cases: [string, () => Optimizer, number][] = [
  ['sgd', () => getOptimizer({ className: 'sgd', config: { learningRate: 0.5 } }), 60],
  ['sgd momentum nesterov', () => getOptimizer({ className: 'SGD', config: { learningRate: 0.1, momentum: 0.9, nesterov: true } }), 60],
  [
    'sgd pytorch momentum, decay',
    () => getOptimizer({ className: 'SGD', config: { learningRate: 0.1, momentum: 0.9, momentumConvention: 'pytorch', decay: 0.01 } }),
    60,
  ],
  ['adagrad', () => getOptimizer({ className: 'Adagrad', config: { learningRate: 0.3 } }), 60],
  ['adadelta', () => getOptimizer('adadelta'), 300],
  [
    'rmsprop centered momentum',
    () => getOptimizer({ className: 'RMSprop', config: { learningRate: 0.01, centered: true, momentum: 0.5 } }),
    60,
  ],
  ['adam amsgrad', () => getOptimizer({ className: 'Adam', config: { learningRate: 0.05, amsgrad: true } }), 60],
  [
    'adam with a schedule',
    () =>
      getOptimizer({
        className: 'Adam',
        config: { learningRate: new ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 10, decayRate: 0.9 }) },
      }),
    60,
  ],
  ['adamax', () => getOptimizer({ className: 'Adamax', config: { learningRate: 0.05 } }), 60],
  ['nadam', () => getOptimizer({ className: 'Nadam', config: { learningRate: 0.05 } }), 60],
  ['adamw', () => getOptimizer({ className: 'AdamW', config: { learningRate: 0.05 } }), 60],
];

describe.each(cases)('%s', (_label, make, steps) => {
  test('the loss falls', () => {
    const losses = train(model(make()), steps);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[steps - 1]).toBeLessThan(0.6 * losses[0]);
  });

  test('getState/setState mid-training continues bit-identically', () => {
    const a = model(make());
    train(a, 10);
    const opt = a.optimizer!;
    const state = opt.getState();
    const weights = a.getWeights();
    const config = JSON.parse(JSON.stringify({ className: opt.className, config: opt.getConfig() }));
    const lossesA = train(a, 10);

    const b = model(getOptimizer(config));
    b.setWeights(weights);
    b.optimizer!.setState(state);
    const lossesB = train(b, 10);

    expect(lossesB).toEqual(lossesA);
    const wa = a.getWeights();
    b.getWeights().forEach((w, k) => expect(Array.from(w.data)).toEqual(Array.from(wa[k].data)));
    expect(b.optimizer!.iterations).toBe(20);
  });
});
