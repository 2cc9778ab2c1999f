/** TrainConfig defaults and validation, the model a config builds, and the lecture's data split. */
import { Dense, Dropout, LeakyReLU, PReLU, Reshape } from '../../src/layers';
import { MlpError } from '../../src/tensor/errors';
import { buildModel, loadExperimentData, resolveConfig, validateConfig, type PartialTrainConfig } from '../../src/train/experiment';

function problem(partial: PartialTrainConfig): MlpError {
  try {
    validateConfig(resolveConfig(partial));
  } catch (err) {
    expect(err).toBeInstanceOf(MlpError);
    return err as MlpError;
  }
  throw new Error(`expected ${JSON.stringify(partial)} to be rejected`);
}

const MNIST_SPEC = { featureShape: [28, 28], numClasses: 10, trainSize: 10000 };

describe('resolveConfig', () => {
  it("defaults to the lecture's base network and split (ex_ml7_1c)", () => {
    const c = resolveConfig();
    expect(c).toMatchObject({
      data: 'mnist',
      trainSize: 10000,
      validSize: 10000,
      hidden: [30],
      activation: 'sigmoid',
      outputActivation: 'softmax',
      loss: 'categorical_crossentropy',
      optimizer: 'sgd',
      epochs: 100,
      batchSize: 120,
      reg: 'none',
      earlyStopping: null,
    });
    expect(() => validateConfig(c)).not.toThrow();
  });

  it('refuses unknown keys instead of ignoring a typo', () => {
    expect(() => resolveConfig({ learningRate: 0.1 } as unknown as PartialTrainConfig)).toThrow(/unknown config key 'learningRate'/);
  });

  it('a validation split without a validation size turns the fixed validation images off', () => {
    expect(resolveConfig({ validationSplit: 0.1 }).validSize).toBe(0);
    expect(problem({ validationSplit: 0.1, validSize: 500 }).message).toMatch(/either validSize .* or validationSplit/);
  });

  it('early stopping true takes the lecture patience 3 on val_loss; augment rotate the lecture ranges', () => {
    const c = resolveConfig({ earlyStopping: true, augment: 'rotate' });
    expect(c.earlyStopping).toEqual({ monitor: 'val_loss', patience: 3, minDelta: 0, restoreBest: false });
    expect(c.augment).toEqual({ kind: 'rotate', minDegrees: 5, maxDegrees: 25, copies: 2 });
  });
});

describe('validateConfig', () => {
  it.each<[string, PartialTrainConfig, RegExp]>([
    ['dropout ≥ 1', { inputDropout: 1 }, /inputDropout \(--input-dropout\) must be a dropout rate in \[0, 1\), got 1/],
    ['negative lr', { optimizerOptions: { learningRate: -1 } }, /learningRate must be a number >= 0, got -1/],
    ['unknown activation', { activation: 'swish' }, /unknown activation 'swish'.*sigmoid, tanh, relu, leaky-relu, prelu/],
    ['unknown optimizer', { optimizer: 'lbfgs' }, /unknown optimizer 'lbfgs'.*sgd, adagrad/],
    ['an option the optimizer lacks', { optimizer: 'sgd', optimizerOptions: { rho: 0.9 } }, /SGD: unknown option 'rho'/],
    ['val_loss without validation', { validSize: 0, earlyStopping: true }, /no validation data/],
    ['a strength without a regulariser', { regStrength: 0.1 }, /needs a regulariser/],
    ['λ and a Keras strength', { reg: 'l2', regStrength: 0.1, lambda: 5 }, /either regStrength .* or lambda/],
    ['alpha for sigmoid', { alpha: 0.1 }, /applies to --activation leaky-relu or prelu/],
    ['zero epochs', { epochs: 0 }, /epochs \(--epochs\) must be an integer in 1\.\./],
    ['a missing data file', { data: '/nonexistent/train.csv' }, /does not exist/],
    ['an unknown schedule', { schedule: { className: 'Warp', config: {} } }, /unknown learning-rate schedule 'Warp'/],
  ])('rejects %s', (_what, partial, message) => {
    expect(problem(partial).message).toMatch(message);
  });

  it('a missing file is NOT_FOUND, a combination BAD_CONFIG', () => {
    expect(problem({ data: '/nonexistent' }).code).toBe('NOT_FOUND');
    expect(problem({ validSize: 0, earlyStopping: true }).code).toBe('BAD_CONFIG');
  });
});

describe('buildModel', () => {
  it("builds the lecture's Reshape → Dense(30, sigmoid) → Dense(10, softmax) with SGD lr 1.0", () => {
    const model = buildModel(resolveConfig(), MNIST_SPEC);
    expect(model.layers.map((l) => l.className)).toEqual(['Reshape', 'Dense', 'Dense']);
    expect((model.layers[1] as Dense).activation.name).toBe('sigmoid');
    expect((model.layers[2] as Dense).units).toBe(10);
    expect(model.optimizer!.className).toBe('SGD');
    expect(model.optimizer!.learningRate).toBe(1);
    expect(buildModel(resolveConfig({ optimizer: 'adam' }), MNIST_SPEC).optimizer!.learningRate).toBe(0.001);
  });

  it('puts dropout on the input and after each hidden layer (ex_ml7_1b)', () => {
    const model = buildModel(resolveConfig({ inputDropout: 0.2, hiddenDropout: 0.2, hidden: [8, 8] }), MNIST_SPEC);
    expect(model.layers.map((l) => l.className)).toEqual(['Reshape', 'Dropout', 'Dense', 'Dropout', 'Dense', 'Dropout', 'Dense']);
    expect((model.layers[1] as Dropout).rate).toBe(0.2);
  });

  it('regularises the output kernel only by default, l2(0.01) as ex_ml7_1a; all kernels with regLayers all', () => {
    const out = buildModel(resolveConfig({ reg: 'l2' }), MNIST_SPEC).layers.filter((l): l is Dense => l instanceof Dense);
    expect(out[0].kernelRegularizer).toBeNull();
    expect(out[1].kernelRegularizer).toMatchObject({ l1: 0, l2: 0.01 });
    const all = buildModel(resolveConfig({ reg: 'l1', regStrength: 0.5, regLayers: 'all' }), MNIST_SPEC).layers.filter(
      (l): l is Dense => l instanceof Dense,
    );
    expect(all.map((d) => d.kernelRegularizer?.l1)).toEqual([0.5, 0.5]);
  });

  it("maps the lecture's λ to the Keras coefficient λ/(2n) for L2 and λ/n for L1", () => {
    const l2 = buildModel(resolveConfig({ reg: 'l2', lambda: 5 }), MNIST_SPEC).layers[2] as Dense;
    expect(l2.kernelRegularizer!.l2).toBeCloseTo(5 / (2 * 10000), 15);
    const l1 = buildModel(resolveConfig({ reg: 'l1', lambda: 5 }), MNIST_SPEC).layers[2] as Dense;
    expect(l1.kernelRegularizer!.l1).toBeCloseTo(5 / 10000, 15);
  });

  it('adds LeakyReLU / PReLU layers after a linear Dense', () => {
    const leaky = buildModel(resolveConfig({ activation: 'leaky-relu', alpha: 0.1 }), MNIST_SPEC);
    expect(leaky.layers[2]).toBeInstanceOf(LeakyReLU);
    expect((leaky.layers[1] as Dense).activation.name).toBe('linear');
    const prelu = buildModel(resolveConfig({ activation: 'prelu' }), MNIST_SPEC);
    expect(prelu.layers[2]).toBeInstanceOf(PReLU);
  });

  it('names the valid arch when the first or last size does not fit the data', () => {
    expect(() => buildModel(resolveConfig({ arch: [100, 30, 10] }), MNIST_SPEC)).toThrow(
      /starts with 100 inputs .* has 784 .*use --arch 784-30-10/,
    );
    expect(() => buildModel(resolveConfig({ arch: [784, 30, 5] }), MNIST_SPEC)).toThrow(/ends with 5 outputs .* 10 classes/);
  });

  it('same seed, same weights; a flat input needs no Reshape', () => {
    const a = buildModel(resolveConfig({ seed: 7 }), MNIST_SPEC).getWeights()[0].data;
    const b = buildModel(resolveConfig({ seed: 7 }), MNIST_SPEC).getWeights()[0].data;
    expect(Array.from(a)).toEqual(Array.from(b));
    const flat = buildModel(resolveConfig(), { ...MNIST_SPEC, featureShape: [784] });
    expect(flat.layers[0]).not.toBeInstanceOf(Reshape);
  });
});

describe('loadExperimentData', () => {
  it("takes the lecture's split: first 10k, images 50k–60k, the test set", () => {
    const d = loadExperimentData(resolveConfig());
    expect([d.train.n, d.valid!.n, d.test!.n]).toEqual([10000, 10000, 10000]);
    expect(Array.from(d.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(d.valid!.source).toMatch(/50000:60000/);
  });

  it('refuses overlapping train and validation sizes', () => {
    expect(() => loadExperimentData(resolveConfig({ trainSize: 55000 }))).toThrow(/would overlap/);
  });

  it('rotation triples the training set, seeded; the validation split is seeded too', () => {
    const a = loadExperimentData(resolveConfig({ trainSize: 50, validSize: 0, validationSplit: 0.2, augment: 'rotate', seed: 3 }));
    const b = loadExperimentData(resolveConfig({ trainSize: 50, validSize: 0, validationSplit: 0.2, augment: 'rotate', seed: 3 }));
    expect([a.trainOriginal.n, a.valid!.n, a.train.n]).toEqual([40, 10, 120]);
    expect(Buffer.from(a.train.x).equals(Buffer.from(b.train.x))).toBe(true);
  });
});
