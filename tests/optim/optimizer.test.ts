/** The registry, option checking, configs, and the state/slot rules every optimizer shares. */
import { Adadelta, Adagrad, Adam, AdamW, Adamax, Nadam, RMSprop, SGD, getOptimizer, optimizerNames, type Optimizer } from '../../src/optim';
import type { Param } from '../../src/tensor/param';
import { MlpError } from '../../src/tensor/errors';
import { G1, trajectory } from './helpers';

function float32Param(name: string, values: number[]): Param {
  return { name, shape: [values.length], value: Float32Array.from(values), grad: new Float32Array(values.length) };
}

describe('registry', () => {
  test('names map to classes with Keras 3 defaults (Adadelta lr 1.0)', () => {
    expect(optimizerNames).toEqual(['sgd', 'adagrad', 'adadelta', 'rmsprop', 'adam', 'adamax', 'nadam', 'adamw']);
    const want: [string, string, number][] = [
      ['sgd', 'SGD', 0.01],
      ['adagrad', 'Adagrad', 0.001],
      ['adadelta', 'Adadelta', 1.0],
      ['rmsprop', 'RMSprop', 0.001],
      ['adam', 'Adam', 0.001],
      ['adamax', 'Adamax', 0.001],
      ['nadam', 'Nadam', 0.001],
      ['adamw', 'AdamW', 0.001],
    ];
    for (const [name, className, lr] of want) {
      const opt = getOptimizer(name);
      expect(opt.className).toBe(className);
      expect(opt.learningRate).toBe(lr);
      expect(getOptimizer(className).className).toBe(className); // class names work too
    }
    const keras = getOptimizer('adam').getConfig();
    expect(keras).toMatchObject({ beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false, weightDecay: 0 });
    expect(getOptimizer('adagrad').getConfig()).toMatchObject({ initialAccumulatorValue: 0.1, epsilon: 1e-7 });
    expect(getOptimizer('adadelta').getConfig()).toMatchObject({ rho: 0.95, epsilon: 1e-7 });
    expect(getOptimizer('rmsprop').getConfig()).toMatchObject({ rho: 0.9, momentum: 0, centered: false });
    expect(getOptimizer('nadam').getConfig()).toMatchObject({ momentumDecay: 1 });
    expect(getOptimizer('adamw').getConfig()).toMatchObject({ weightDecay: 0.004, weightDecayMode: 'decoupled' });
  });

  test('an instance passes through; {className, config} round-trips through JSON', () => {
    const opt = new RMSprop({ learningRate: 0.02, centered: true, momentum: 0.3, epsilonConvention: 'pytorch' });
    expect(getOptimizer(opt)).toBe(opt);
    const copy = getOptimizer(JSON.parse(JSON.stringify({ className: opt.className, config: opt.getConfig() })));
    expect(copy).toBeInstanceOf(RMSprop);
    expect(copy.getConfig()).toEqual(opt.getConfig());
  });

  test('an unknown name lists the valid ones', () => {
    expect(() => getOptimizer('adamm')).toThrow(
      new MlpError('BAD_ARGUMENT', "unknown optimizer 'adamm'; valid names: sgd, adagrad, adadelta, rmsprop, adam, adamax, nadam, adamw"),
    );
    expect(() => getOptimizer({ className: 'Lion' })).toThrow(/unknown optimizer 'Lion'/);
  });
});

describe('options', () => {
  const bad: [string, () => Optimizer, RegExp][] = [
    ['negative lr', () => new SGD({ learningRate: -0.1 }), /SGD: learningRate must be a number >= 0, got -0.1/],
    ['rho ≥ 1', () => new RMSprop({ rho: 1 }), /RMSprop: rho must be a number in \[0, 1\), got 1/],
    ['beta1 < 0', () => new Adam({ beta1: -0.1 }), /Adam: beta1 must be a number in \[0, 1\), got -0.1/],
    ['beta2 NaN', () => new Adamax({ beta2: NaN }), /Adamax: beta2 must be a number in \[0, 1\), got NaN/],
    ['momentum > 1', () => new SGD({ momentum: 1.5 }), /SGD: momentum must be a number in \[0, 1\], got 1.5/],
    ['negative epsilon', () => new Adagrad({ epsilon: -1 }), /Adagrad: epsilon must be a number >= 0/],
    ['negative weight decay', () => new AdamW({ weightDecay: -1 }), /AdamW: weightDecay must be a number >= 0/],
    [
      'bad convention',
      () => new Adam({ epsilonConvention: 'torch' as never }),
      /Adam: epsilonConvention must be one of 'keras', 'pytorch', got torch/,
    ],
    ['bad weight decay mode', () => new SGD({ weightDecayMode: 'l2' as never }), /weightDecayMode must be one of 'decoupled', 'coupled'/],
    ['nesterov not boolean', () => new SGD({ nesterov: 1 as never }), /SGD: nesterov must be true or false/],
    ['the lecture spelling lr', () => new SGD({ lr: 1 } as never), /SGD: unknown option 'lr' \(Keras 3 name: learningRate\)/],
    [
      'unknown option',
      () => new Nadam({ scheduleDecay: 0.004 } as never),
      /Nadam: unknown option 'scheduleDecay'; valid options: .*momentumDecay/,
    ],
  ];
  test.each(bad)('%s throws BAD_ARGUMENT naming the option', (_label, make, message) => {
    expect(make).toThrow(message);
    try {
      make();
    } catch (e) {
      expect((e as MlpError).code).toBe('BAD_ARGUMENT');
    }
  });

  test('combinations that cannot work throw BAD_CONFIG', () => {
    expect(() => new SGD({ momentum: 0.9, dampening: 0.1 })).toThrow(/dampening needs momentumConvention 'pytorch'/);
    expect(() => new SGD({ momentum: 0.9, nesterov: true, dampening: 0.1, momentumConvention: 'pytorch' })).toThrow(
      /nesterov needs dampening 0/,
    );
  });

  test('learningRate can be set (a callback does) and the next step uses it', () => {
    const opt = new SGD({ learningRate: 0.1 });
    opt.learningRate = 0.5;
    expect(opt.currentLearningRate()).toBe(0.5);
    expect(trajectory(opt, [1])).toEqual([0.5]);
    expect(() => (opt.learningRate = -1)).toThrow(/learningRate must be a number >= 0/);
  });
});

describe('slots and state', () => {
  test('slots are created lazily with the param dtype, then reused (no allocation per step)', () => {
    const opt = new Adam({ amsgrad: true });
    expect(opt.getState().slots).toEqual({});
    const p = float32Param('dense/kernel', [1, 2, 3]);
    p.grad.set([0.1, 0.2, 0.3]);
    opt.step([p]);
    const slots = (opt as unknown as { slots: Record<string, Record<string, Float32Array>> }).slots['dense/kernel'];
    expect(Object.keys(slots)).toEqual(['m', 'v', 'vHat']);
    for (const s of Object.values(slots)) expect(s).toBeInstanceOf(Float32Array);
    const before = { ...slots };
    opt.step([p]);
    for (const [k, s] of Object.entries(slots)) expect(s).toBe(before[k]);
    expect(opt.iterations).toBe(2);
  });

  test('one step updates every param but counts one iteration; slots are keyed by param name', () => {
    const opt = new Adagrad();
    const a = float32Param('a', [1]);
    const b = float32Param('b', [1, 1]);
    opt.step([a, b]);
    expect(opt.iterations).toBe(1);
    const state = opt.getState();
    expect(Object.keys(state.slots)).toEqual(['a', 'b']);
    expect(Array.from(state.slots.b.a)).toEqual([Math.fround(0.1), Math.fround(0.1)]); // initial accumulator 0.1
  });

  test('getState is a copy; setState restores iterations, slots, extra and a changed lr', () => {
    const opt = new Nadam({ learningRate: 0.01 });
    trajectory(opt, G1.slice(0, 2));
    opt.learningRate = 0.003; // as ReduceLROnPlateau would
    const state = opt.getState();
    const saved = JSON.stringify({
      ...state,
      slots: { theta: { m: Array.from(state.slots.theta.m), v: Array.from(state.slots.theta.v) } },
    });
    const rest = G1.slice(2);
    const expected = trajectory(opt, rest); // continues from θ = 1 in a fresh param, with the restored state below
    expect(Array.from(state.slots.theta.m)).toEqual(JSON.parse(saved).slots.theta.m); // unchanged by later steps

    const fresh = new Nadam({ learningRate: 0.01 });
    fresh.setState(JSON.parse(saved)); // plain arrays are accepted too
    expect(fresh.iterations).toBe(2);
    expect(fresh.learningRate).toBe(0.003);
    expect(trajectory(fresh, rest)).toEqual(expected);
  });

  test('setState refuses a state from another optimizer or a mismatched param', () => {
    const adam = new Adam();
    trajectory(adam, [0.1]);
    expect(() => new Adadelta().setState(adam.getState())).toThrow(
      /Adadelta.setState: parameter 'theta' has no slot 'a' \(expected slots: a, u\)/,
    );
    const sgd = new SGD({ momentum: 0.9 });
    sgd.setState({ iterations: 1, slots: { w: { m: new Float64Array(3) } } });
    expect(() => sgd.step([float32Param('w', [1, 2])])).toThrow(/slot 'm' of 'w' has 3 values but the parameter has 2/);
    expect(() => sgd.setState({ iterations: -1, slots: {} })).toThrow(/iterations must be an integer >= 0/);
  });

  test('float32 params: slots in float32, the arithmetic in float64, θ rounded once', () => {
    const opt = new Adam({ learningRate: 0.1 });
    const p = float32Param('w', [1]);
    p.grad[0] = 2;
    opt.step([p]);
    // m = .2 and v = .004 are stored as float32; the step is computed in float64 from them
    const alpha = (0.1 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
    expect(p.value[0]).toBe(Math.fround(1 - (alpha * Math.fround(0.2)) / (Math.sqrt(Math.fround(0.004)) + 1e-7)));
  });
});
