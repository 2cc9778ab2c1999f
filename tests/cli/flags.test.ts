/** Flags → TrainConfig (in-process): what `mlp train …` asks the library for. */
import { Command } from 'commander';
import { splitArgs } from '../../bin/argv';
import { addTrainFlags, configFromFlags } from '../../bin/train-flags';
import { parseSchedule, resolveConfig } from '../../src/train/experiment';

function configOf(args: string[]) {
  const cmd = addTrainFlags(new Command('train')).exitOverride();
  cmd.parse(args, { from: 'user' });
  return resolveConfig(configFromFlags(cmd.opts()));
}

describe('configFromFlags', () => {
  it('no flags: the library defaults (the lecture base network)', () => {
    expect(configOf([])).toEqual(resolveConfig());
  });

  it('--reg l2 --dropout 0.2: l2 at the default strength on the output layer, dropout on input and hidden', () => {
    expect(configOf(['--reg', 'l2', '--dropout', '0.2'])).toMatchObject({
      reg: 'l2',
      regStrength: null,
      regLayers: 'output',
      inputDropout: 0.2,
      hiddenDropout: 0.2,
    });
    expect(configOf(['--dropout', '0.2', '--input-dropout', '0'])).toMatchObject({ inputDropout: 0, hiddenDropout: 0.2 });
  });

  it('optimizer flags become camelCase options; --lr is learningRate', () => {
    const c = configOf([
      '--optimizer',
      'rmsprop',
      '--lr',
      '0.01',
      '--rho',
      '0.8',
      '--centered',
      '--initial-accumulator',
      '0.2',
      '--momentum-convention',
      'pytorch',
    ]);
    expect(c.optimizer).toBe('rmsprop');
    expect(c.optimizerOptions).toEqual({
      learningRate: 0.01,
      rho: 0.8,
      centered: true,
      initialAccumulatorValue: 0.2,
      momentumConvention: 'pytorch',
    });
  });

  it('early-stopping and rotation details turn those features on', () => {
    expect(configOf(['--patience', '5']).earlyStopping).toEqual({ monitor: 'val_loss', patience: 5, minDelta: 0, restoreBest: false });
    expect(configOf(['--rotate-range', '10,20']).augment).toEqual({ kind: 'rotate', minDegrees: 10, maxDegrees: 20, copies: 2 });
    expect(() => configOf(['--augment', 'shift', '--rotate-copies', '3'])).toThrow(/need --augment rotate/);
  });

  it('--arch sets every size, --hidden the hidden ones, --train-size all lifts the limit', () => {
    expect(configOf(['--arch', '784-256-256-10'])).toMatchObject({ arch: [784, 256, 256, 10], hidden: [256, 256] });
    expect(configOf(['--hidden', '100,50']).hidden).toEqual([100, 50]);
    expect(configOf(['--train-size', 'all']).trainSize).toBeNull();
  });
});

describe('splitArgs and parseSchedule', () => {
  it('splits like a shell: quotes, escapes, empty strings', () => {
    expect(splitArgs(`--lr 0.2  --label "two words" --x 'a b' c\\ d ""`)).toEqual([
      '--lr',
      '0.2',
      '--label',
      'two words',
      '--x',
      'a b',
      'c d',
      '',
    ]);
    expect(() => splitArgs('--label "open')).toThrow(/unterminated " quote/);
  });

  it('reads NAME:key=value,… with lists written a;b', () => {
    expect(parseSchedule('exponential:decaySteps=840,decayRate=0.9,staircase=true')).toEqual({
      className: 'ExponentialDecay',
      config: { decaySteps: 840, decayRate: 0.9, staircase: true },
    });
    expect(parseSchedule('piecewise:boundaries=840;1680,values=1;0.5;0.1').config).toEqual({
      boundaries: [840, 1680],
      values: [1, 0.5, 0.1],
    });
    expect(() => parseSchedule('cosine:decaySteps=x')).toThrow(/'x' is not a number/);
  });
});
