/**
 * Central-difference gradient checks in float64 for every layer, activation and loss, and for whole
 * networks (the lecture's 784-30-10 and 784-256-256-10 scaled down), biases and PReLU alphas included.
 * Smooth networks must agree to a relative error ≤ 1e-6 (reference/MATH.md §15).
 */
import { Dense, Dropout, Flatten, LeakyReLU, PReLU, Activation, Reshape, l1, l2, l1l2 } from '../../src/layers';
import { SGD } from '../../src/optim';
import { Sequential, checkGradients, type ParamCheck } from '../../src/train';
import { Tensor } from '../../src/tensor';
import { oneHot, randomLabels, randomTensor } from '../helpers';

const BATCH = 5;

function worst(checks: ParamCheck[]): number {
  return Math.max(...checks.map((c) => c.maxRelError));
}

function check(model: Sequential, loss: string, inputSize: number, classes: number, seed = 1): ParamCheck[] {
  model.compile({ loss, optimizer: new SGD({ learningRate: 0.1 }) });
  const x = randomTensor([BATCH, inputSize], seed);
  let y: Tensor;
  if (loss === 'mse') y = randomTensor([BATCH, classes], seed + 1);
  else if (loss === 'binary_crossentropy') {
    y = oneHot(randomLabels(BATCH, classes, seed + 1), classes);
    y.data[0] = 1; // multi-label rows are fine for BCE
  } else y = oneHot(randomLabels(BATCH, classes, seed + 1), classes);
  return checkGradients(model, x, y, { epsilon: 1e-5 });
}

describe('gradient checks (float64, central differences)', () => {
  test.each(['linear', 'sigmoid', 'tanh'])('Dense + %s hidden, softmax + categorical cross-entropy (fused)', (act) => {
    const model = new Sequential(
      [new Dense({ units: 6, activation: act, inputShape: [7] }), new Dense({ units: 4, activation: 'softmax' })],
      { dtype: 'float64', seed: 3 },
    );
    const checks = check(model, 'categorical_crossentropy', 7, 4);
    expect(checks.map((c) => c.name)).toEqual(['dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias']);
    expect(worst(checks)).toBeLessThan(1e-6);
  });

  test.each(['relu', 'leakyRelu'])('Dense + %s hidden (kinks avoided by random inputs)', (act) => {
    const model = new Sequential(
      [new Dense({ units: 6, activation: act, inputShape: [7], biasInitializer: 'ones' }), new Dense({ units: 3, activation: 'softmax' })],
      { dtype: 'float64', seed: 5 },
    );
    expect(worst(check(model, 'categorical_crossentropy', 7, 3))).toBeLessThan(1e-6);
  });

  test('softmax as its own Activation layer after a linear Dense (fused path)', () => {
    const model = new Sequential([new Dense({ units: 4, inputShape: [6] }), new Activation({ activation: 'softmax' })], {
      dtype: 'float64',
    });
    expect(worst(check(model, 'categorical_crossentropy', 6, 4))).toBeLessThan(1e-6);
  });

  test('softmax Jacobian path: softmax output with MSE (not fused)', () => {
    const model = new Sequential(
      [new Dense({ units: 5, activation: 'tanh', inputShape: [6] }), new Dense({ units: 4, activation: 'softmax' })],
      {
        dtype: 'float64',
      },
    );
    expect(worst(check(model, 'mse', 6, 4))).toBeLessThan(1e-6);
  });

  test('sigmoid output with MSE (Nielsen quadratic cost) and with binary cross-entropy (fused)', () => {
    const mk = () =>
      new Sequential([new Dense({ units: 5, activation: 'sigmoid', inputShape: [6] }), new Dense({ units: 3, activation: 'sigmoid' })], {
        dtype: 'float64',
      });
    expect(worst(check(mk(), 'mse', 6, 3))).toBeLessThan(1e-6);
    expect(worst(check(mk(), 'binary_crossentropy', 6, 3))).toBeLessThan(1e-6);
  });

  test('LeakyReLU layer and PReLU layer (alpha gradient included)', () => {
    const model = new Sequential(
      [
        new Dense({ units: 6, inputShape: [5], biasInitializer: 'ones' }),
        new LeakyReLU({ alpha: 0.3 }),
        new Dense({ units: 6 }),
        new PReLU({ alphaInitializer: 0.2 }),
        new Dense({ units: 3, activation: 'softmax' }),
      ],
      { dtype: 'float64', seed: 11 },
    );
    const checks = check(model, 'categorical_crossentropy', 5, 3);
    expect(checks.map((c) => c.name)).toContain('p_re_lu/alpha');
    expect(worst(checks)).toBeLessThan(1e-6);
  });

  test('Dropout with a fixed mask (inverted scaling in the gradient)', () => {
    const drop = new Dropout({ rate: 0.5 });
    const model = new Sequential(
      [new Dense({ units: 6, activation: 'tanh', inputShape: [5] }), drop, new Dense({ units: 3, activation: 'softmax' })],
      {
        dtype: 'float64',
      },
    );
    model.build();
    const mask = new Float64Array(BATCH * 6).map((_, i) => (i % 3 === 0 ? 0 : 2));
    drop.fixedMask = mask;
    expect(worst(check(model, 'categorical_crossentropy', 5, 3))).toBeLessThan(1e-6);
  });

  test.each([
    ['l1', l1(0.01)],
    ['l2', l2(0.01)],
    ['l1l2', l1l2({ l1: 0.003, l2: 0.02 })],
  ])('%s kernel regularizer on one layer, plus a bias regularizer', (_name, reg) => {
    const model = new Sequential(
      [
        new Dense({ units: 6, activation: 'sigmoid', inputShape: [5] }),
        new Dense({ units: 3, activation: 'softmax', kernelRegularizer: reg, biasRegularizer: l2(0.05), biasInitializer: 'ones' }),
      ],
      { dtype: 'float64', seed: 2 },
    );
    const checks = check(model, 'categorical_crossentropy', 5, 3);
    expect(model.regularizationLoss()).toBeGreaterThan(0);
    expect(worst(checks)).toBeLessThan(1e-6);
  });

  test('whole networks: 784-30-10 sigmoid and 784-256-256-10 relu, scaled down, with Flatten/Reshape of 2-D input', () => {
    const small = new Sequential(
      [
        new Reshape({ targetShape: [48], inputShape: [6, 8] }),
        new Dense({ units: 9, activation: 'sigmoid' }),
        new Dense({ units: 10, activation: 'softmax' }),
      ],
      { dtype: 'float64', seed: 7 },
    );
    expect(worst(check(small, 'categorical_crossentropy', 48, 10))).toBeLessThan(1e-6);
    const deep = new Sequential(
      [
        new Flatten({ inputShape: [6, 8] }),
        new Dense({ units: 12, activation: 'relu', biasInitializer: 'ones' }),
        new Dense({ units: 12, activation: 'relu', biasInitializer: 'ones' }),
        new Dense({ units: 10, activation: 'softmax' }),
      ],
      { dtype: 'float64', seed: 8 },
    );
    expect(worst(check(deep, 'categorical_crossentropy', 48, 10))).toBeLessThan(1e-6);
  });
});
