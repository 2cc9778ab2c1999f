/** Learning-rate schedules against their closed forms, and the legacy decay as InverseTimeDecay. */
import { CosineDecay, ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, getSchedule } from '../../src/optim/schedules';
import { SGD } from '../../src/optim/sgd';
import { Adam } from '../../src/optim/adam';
import { MlpError } from '../../src/tensor/errors';
import { G1, trajectory } from './helpers';

const steps = [0, 1, 2, 3, 4, 5, 6, 7, 10, 25];

test('InverseTimeDecay: lr0 / (1 + rate·step/decaySteps), staircase floors step/decaySteps', () => {
  const smooth = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 });
  const stairs = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5, staircase: true });
  for (const k of steps) {
    expect(smooth.valueAt(k)).toBeCloseTo(0.1 / (1 + 0.5 * (k / 2)), 15);
    expect(stairs.valueAt(k)).toBeCloseTo(0.1 / (1 + 0.5 * Math.floor(k / 2)), 15);
  }
  expect(smooth.valueAt(3)).toBeCloseTo(0.1 / 1.75, 15); // 3/2 = 1.5 → 1 + .75
  expect(stairs.valueAt(3)).toBeCloseTo(0.1 / 1.5, 15); //  ⌊1.5⌋ = 1 → 1 + .5
});

test('ExponentialDecay: lr0 · rate^(step/decaySteps); staircase is step decay', () => {
  const smooth = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5 });
  const stairs = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5, staircase: true });
  for (const k of steps) {
    expect(smooth.valueAt(k)).toBeCloseTo(0.1 * 0.5 ** (k / 3), 15);
    expect(stairs.valueAt(k)).toBeCloseTo(0.1 * 0.5 ** Math.floor(k / 3), 15);
  }
  expect(stairs.valueAt(6)).toBeCloseTo(0.025, 15); // two halvings
});

test('PiecewiseConstantDecay: values[0] while step ≤ boundaries[0], … values[-1] after the last', () => {
  const s = new PiecewiseConstantDecay({ boundaries: [2, 5], values: [1, 0.5, 0.1] });
  expect(steps.map((k) => s.valueAt(k))).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1]);
});

test('CosineDecay: lr0·((1 − α)·½(1 + cos(π·min(step, D)/D)) + α), with optional linear warm-up', () => {
  const s = new CosineDecay({ initialLearningRate: 2, decaySteps: 10, alpha: 0.1 });
  for (const k of steps) {
    const c = 0.5 * (1 + Math.cos((Math.PI * Math.min(k, 10)) / 10));
    expect(s.valueAt(k)).toBeCloseTo(2 * (0.9 * c + 0.1), 14);
  }
  expect(s.valueAt(5)).toBeCloseTo(2 * 0.55, 14); // halfway: ½(1 + cos(π/2)) = .5 → .9·.5 + .1
  expect(s.valueAt(25)).toBeCloseTo(0.2, 14); // after D: α·lr0
  const w = new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 4 });
  expect([0, 2, 4].map((k) => w.valueAt(k))).toEqual([0, 0.5, 1]); // linear 0 → 1 over 4 steps
  expect(w.valueAt(9)).toBeCloseTo(0.5, 14); // 5 steps into a 10-step cosine from 1
  expect(w.valueAt(14)).toBeCloseTo(0, 14);
});

test('the legacy decay option is InverseTimeDecay(lr, 1, decay), bit for bit, and currentLearningRate shows it', () => {
  const legacy = new SGD({ learningRate: 0.1, decay: 0.5 });
  const scheduled = new SGD({ learningRate: new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 }) });
  expect(trajectory(scheduled, G1)).toEqual(trajectory(legacy, G1));
  expect(legacy.currentLearningRate()).toBe(0.1 / (1 + 0.5 * 5));
  expect(scheduled.currentLearningRate()).toBe(legacy.currentLearningRate());
});

test('an optimizer with a schedule uses schedule(iterations), refuses a new lr, and serialises the schedule', () => {
  const schedule = new ExponentialDecay({ initialLearningRate: 0.01, decaySteps: 1, decayRate: 0.5 });
  const opt = new Adam({ learningRate: schedule });
  trajectory(opt, G1.slice(0, 3));
  expect(opt.currentLearningRate()).toBe(0.01 * 0.5 ** 3);
  expect(opt.learningRate).toBe(0.01 * 0.5 ** 3);
  expect(() => (opt.learningRate = 0.1)).toThrow(/ExponentialDecay schedule and cannot be set/);
  const config = opt.getConfig();
  expect(config.learningRate).toEqual({
    className: 'ExponentialDecay',
    config: { initialLearningRate: 0.01, decaySteps: 1, decayRate: 0.5, staircase: false },
  });
  expect(getSchedule(config.learningRate as { className: string; config: Record<string, unknown> }).valueAt(3)).toBe(schedule.valueAt(3));
  const rebuilt = new Adam(JSON.parse(JSON.stringify(config))); // a saved schedule is rebuilt by the constructor
  expect(rebuilt.schedule).toBeInstanceOf(ExponentialDecay);
  expect(rebuilt.getConfig()).toEqual(config);
  expect(() => new Adam({ learningRate: { className: 'Warmup' } })).toThrow(/unknown learning-rate schedule 'Warmup'/);
  expect(() => new SGD({ learningRate: schedule, decay: 0.1 })).toThrow(/either a learningRate schedule or decay/);
});

test('bad schedule options throw BAD_ARGUMENT naming the option', () => {
  const bad: [() => unknown, RegExp][] = [
    [
      () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }),
      /ExponentialDecay: decaySteps must be a number > 0, got 0/,
    ],
    [() => new InverseTimeDecay({ decaySteps: 1, decayRate: 0.5 } as never), /InverseTimeDecay: initialLearningRate is required/],
    [() => new PiecewiseConstantDecay({ boundaries: [1, 2], values: [1, 0.5] }), /one more entry than boundaries/],
    [() => new PiecewiseConstantDecay({ boundaries: [2, 1], values: [1, 0.5, 0.1] }), /strictly increasing/],
    [() => new CosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 2 }), /alpha must be a number in \[0, 1\]/],
    [
      () => getSchedule({ className: 'Polynomial' }),
      /unknown learning-rate schedule 'Polynomial'; valid names: InverseTimeDecay, ExponentialDecay, PiecewiseConstantDecay, CosineDecay/,
    ],
  ];
  for (const [make, message] of bad) {
    expect(make).toThrow(MlpError);
    expect(make).toThrow(message);
  }
});
