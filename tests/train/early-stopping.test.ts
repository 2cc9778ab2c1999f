/**
 * EarlyStopping on scripted metric sequences (onEpochEnd fed directly), against the Keras 3 rules of
 * reference/MATH.md §13: wait += 1 each monitored epoch; an improvement (v − δ < best, best unset at
 * first) resets wait unless a baseline is not beaten; stop when wait ≥ patience and epoch > 0.
 */
import { EarlyStopping, MlpError, Sequential } from '../../src';
import { fakeStream, tinyModel } from './fit-fixtures';
import { Output } from '../../src/train/callbacks/callback';

/** Runs the callback over `values` of `key` like fit would; returns the epochs run and the callback. */
function script(
  es: EarlyStopping,
  values: number[],
  key = 'val_loss',
  model: Sequential = tinyModel(),
): { epochs: number; model: Sequential } {
  model.build();
  es.setModel(model);
  model.stopTraining = false;
  es.onTrainBegin({});
  let epochs = 0;
  for (let epoch = 0; epoch < values.length; epoch++) {
    epochs++;
    es.onEpochEnd(epoch, { [key]: values[epoch] });
    if (model.stopTraining) break;
  }
  es.onTrainEnd({});
  return { epochs, model };
}

describe('EarlyStopping (Keras 3 semantics)', () => {
  test('patience 3 stops 3 epochs after the best: the best epoch is the 4th from last', () => {
    const values = [1.0, 0.9, 0.8, 0.85, 0.86, 0.87, 0.5, 0.4];
    const es = new EarlyStopping({ patience: 3 });
    const { epochs } = script(es, values);
    expect(epochs).toBe(6); // best at epoch 2 (0-based); epochs 3, 4, 5 do not improve
    expect(es.stoppedEpoch).toBe(5);
    expect(es.best).toBe(0.8);
    expect(es.bestEpoch).toBe(epochs - 4);
  });

  test('patience 0 stops at the first epoch that does not improve, never at epoch 0', () => {
    expect(script(new EarlyStopping({ patience: 0 }), [1, 0.5, 0.6, 0.1]).epochs).toBe(3);
    // epoch 0 always improves (best starts unset), so even patience 0 runs epoch 1
    expect(script(new EarlyStopping({ patience: 0 }), [5, 6]).epochs).toBe(2);
  });

  test('minDelta: a gain not larger than |minDelta| is no improvement (strict), its sign is ignored', () => {
    const values = [1, 0.95, 0.9, 0.85];
    expect(script(new EarlyStopping({ patience: 1 }), values).epochs).toBe(4);
    // 0.95 − (−0.1) = 1.05 is not < 1, so epoch 1 does not improve: wait 1 ≥ patience 1 → stop
    expect(script(new EarlyStopping({ patience: 1, minDelta: 0.1 }), values).epochs).toBe(2);
    expect(script(new EarlyStopping({ patience: 1, minDelta: -0.1 }), values).epochs).toBe(2);
    // exactly |minDelta| better is still not enough: 0.75 − (−0.25) = 1, not < 1 (exact in binary)
    expect(script(new EarlyStopping({ patience: 1, minDelta: 0.25 }), [1, 0.75, 0.5]).epochs).toBe(2);
  });

  test('baseline: improvements that do not beat the baseline do not restart the patience count', () => {
    const values = [1, 0.9, 0.95, 0.96, 0.97];
    // no baseline: wait 0, 0, 1, 2 → stops at epoch 3 (patience 2)
    expect(script(new EarlyStopping({ patience: 2 }), values).epochs).toBe(4);
    // baseline 0.5: epochs 0 and 1 improve but leave wait at 1 and 2; epoch 2: wait 3 ≥ 2 → stop
    expect(script(new EarlyStopping({ patience: 2, baseline: 0.5 }), values).epochs).toBe(3);
    // a value that beats the baseline resets the count
    expect(script(new EarlyStopping({ patience: 2, baseline: 0.95 }), [1, 0.9, 0.91, 0.92, 0.93]).epochs).toBe(4);
  });

  test('mode auto: loss goes down, accuracy goes up; min and max force a direction', () => {
    expect(new EarlyStopping({ monitor: 'val_loss' }).mode).toBe('min');
    expect(new EarlyStopping({ monitor: 'loss' }).mode).toBe('min');
    expect(new EarlyStopping({ monitor: 'val_accuracy' }).mode).toBe('max');
    expect(new EarlyStopping({ monitor: 'acc' }).mode).toBe('max');
    const rising = [0.5, 0.6, 0.7, 0.8];
    expect(script(new EarlyStopping({ monitor: 'val_accuracy', patience: 0 }), rising, 'val_accuracy').epochs).toBe(4);
    expect(script(new EarlyStopping({ monitor: 'val_accuracy', mode: 'min', patience: 0 }), rising, 'val_accuracy').epochs).toBe(2);
    expect(script(new EarlyStopping({ mode: 'max', patience: 0 }), [1, 2, 3], 'val_loss').epochs).toBe(3);
    expect(() => new EarlyStopping({ monitor: 'val_f1' })).toThrow(/pass mode: 'min' or 'max'/);
    expect(() => new EarlyStopping({ mode: 'up' as 'min' })).toThrow(MlpError);
    expect(() => new EarlyStopping({ patience: 1.5 })).toThrow(/patience must be an integer/);
    expect(() => new EarlyStopping({ restoreBest: true } as object)).toThrow(/unknown option 'restoreBest'/);
  });

  test('restoreBestWeights restores the best epoch at train end, even when training was not stopped', () => {
    const model = tinyModel();
    model.build();
    const marked = (k: number) => model.getWeights().map((w) => w.data.map(() => k));
    const es = new EarlyStopping({ patience: 10, restoreBestWeights: true });
    es.setModel(model);
    es.onTrainBegin({});
    [3, 1, 2, 4].forEach((v, epoch) => {
      model.setWeights(marked(epoch)); // the weights "at the end of" epoch i are all i
      es.onEpochEnd(epoch, { val_loss: v });
    });
    expect(model.stopTraining).toBe(false);
    es.onTrainEnd({});
    expect(model.getWeights().every((w) => w.data.every((v) => v === 1))).toBe(true);
    expect(es.bestEpoch).toBe(1);
  });

  test('startFromEpoch: epochs before it are not monitored', () => {
    const values = [1, 2, 3, 4];
    expect(script(new EarlyStopping({ patience: 0 }), values).epochs).toBe(2);
    const es = new EarlyStopping({ patience: 0, startFromEpoch: 2 });
    expect(script(es, values).epochs).toBe(4); // epoch 2 is the first monitored (an improvement), 3 stops
    expect(es.stoppedEpoch).toBe(3);
    expect(es.best).toBe(3);
  });

  test('a missing monitor is skipped with one warning; messages are 1-based as in Keras', () => {
    const stream = fakeStream();
    const es = new EarlyStopping({ patience: 1, verbose: 1, restoreBestWeights: true });
    es.output = new Output(stream);
    script(es, [1, 1, 1], 'loss');
    expect(stream.text.match(/'val_loss' is not in the logs/g)).toHaveLength(1);
    const es2 = new EarlyStopping({ patience: 1, verbose: 1, restoreBestWeights: true });
    const stream2 = fakeStream();
    es2.output = new Output(stream2);
    script(es2, [1, 0.5, 0.7, 0.8]);
    expect(stream2.text).toBe('Epoch 3: early stopping\nRestoring model weights from the end of the best epoch: 2.\n');
  });
});
