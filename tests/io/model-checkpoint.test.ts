/** ModelCheckpoint: Keras 3 path formatting, save-best-only decisions and messages, what each save holds. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Dense } from '../../src/layers';
import { Sequential } from '../../src/train/sequential';
import { Output } from '../../src/train/callbacks/callback';
import { ModelCheckpoint, formatCheckpointPath, type ModelCheckpointOptions } from '../../src/train/callbacks/model-checkpoint';
import { History } from '../../src/train/history';
import { loadCheckpoint } from '../../src/train/io';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

function model(): Sequential {
  const m = new Sequential([new Dense({ units: 2, inputShape: [3], activation: 'softmax' })], { seed: 9 });
  m.compile({ loss: 'categorical_crossentropy', optimizer: 'sgd' });
  m.build();
  return m;
}

/** A checkpoint callback wired to a model, printing into `lines`. */
function wired(options: ModelCheckpointOptions, lines: string[]): ModelCheckpoint {
  const cb = new ModelCheckpoint(options);
  cb.setModel(model());
  cb.output = new Output({ write: (t: string) => lines.push(...t.split('\n').filter((l) => l !== '')) });
  return cb;
}

describe('formatCheckpointPath', () => {
  test('{epoch} is 1-based with two digits; {epoch:03d} and {val_loss:.2f} as in Python', () => {
    expect(formatCheckpointPath('ckpt-{epoch}', 0, {})).toBe('ckpt-01');
    expect(formatCheckpointPath('ckpt-{epoch}', 122, {})).toBe('ckpt-123');
    expect(formatCheckpointPath('e{epoch:03d}-{val_loss:.2f}', 4, { val_loss: 0.12345 })).toBe('e005-0.12');
    expect(formatCheckpointPath('plain', 4, {})).toBe('plain');
  });

  test('an unknown placeholder names the keys there are', () => {
    expect(() => formatCheckpointPath('m-{val_acc}', 0, { loss: 1 })).toThrow(/no value for \{val_acc\} \(known: epoch, loss\)/);
  });
});

describe('ModelCheckpoint', () => {
  test('saves every epoch into its formatted folder, each with epoch + 1 and the history so far', () => {
    const dir = tempDir();
    const lines: string[] = [];
    const cb = wired({ filepath: path.join(dir, 'ckpt-{epoch}'), verbose: 1 }, lines);
    cb.onEpochEnd(0, { loss: 0.9, val_loss: 1.0 });
    cb.onEpochEnd(1, { loss: 0.7, val_loss: 0.8 });
    expect(fs.readdirSync(dir).sort()).toEqual(['ckpt-01', 'ckpt-02']);
    const second = loadCheckpoint(path.join(dir, 'ckpt-02'));
    expect(second.epoch).toBe(2);
    expect(second.history.history).toEqual({ loss: [0.9, 0.7], val_loss: [1.0, 0.8] });
    expect(lines).toEqual([
      `Epoch 1: saving model to ${dir}/ckpt-01`,
      `Epoch 1: finished saving model to ${dir}/ckpt-01`,
      `Epoch 2: saving model to ${dir}/ckpt-02`,
      `Epoch 2: finished saving model to ${dir}/ckpt-02`,
    ]);
  });

  test('saveBestOnly with val_loss (auto = min): saves on improvement only, with the Keras messages', () => {
    const dir = path.join(tempDir(), 'best');
    const lines: string[] = [];
    const cb = wired({ filepath: dir, saveBestOnly: true, verbose: 1 }, lines);
    const losses = [0.5, 0.6, 0.4, NaN, 0.4];
    losses.forEach((v, e) => cb.onEpochEnd(e, { loss: 1, val_loss: v }));
    expect(cb.best).toBe(0.4);
    expect(loadCheckpoint(dir).epoch).toBe(3);
    expect(lines.filter((l) => !l.includes('finished'))).toEqual([
      `Epoch 1: val_loss improved from inf to 0.50000, saving model to ${dir}`,
      'Epoch 2: val_loss did not improve from 0.50000',
      `Epoch 3: val_loss improved from 0.50000 to 0.40000, saving model to ${dir}`,
      'Epoch 4: val_loss did not improve from 0.40000',
      'Epoch 5: val_loss did not improve from 0.40000',
    ]);
  });

  test('auto mode maximises accuracy; mode and initialValueThreshold as given', () => {
    const dir = path.join(tempDir(), 'acc');
    const cb = wired({ filepath: dir, monitor: 'val_accuracy', saveBestOnly: true }, []);
    expect(cb.mode).toBe('max');
    cb.onEpochEnd(0, { val_accuracy: 0.5 });
    cb.onEpochEnd(1, { val_accuracy: 0.4 });
    expect(loadCheckpoint(dir).epoch).toBe(1);
    const thresholded = wired(
      { filepath: path.join(tempDir(), 't'), monitor: 'loss', mode: 'max', saveBestOnly: true, initialValueThreshold: 2 },
      [],
    );
    thresholded.onEpochEnd(0, { loss: 1.5 });
    expect(thresholded.lastSaved).toBeNull();
    thresholded.onEpochEnd(1, { loss: 2.5 });
    expect(thresholded.lastSaved).not.toBeNull();
  });

  test('a missing monitor warns and saves (as Keras); a metric auto cannot direct is an error', () => {
    const dir = path.join(tempDir(), 'm');
    const lines: string[] = [];
    const cb = wired({ filepath: dir, saveBestOnly: true }, lines);
    cb.onEpochEnd(0, { loss: 1 });
    expect(lines[0]).toMatch(/can save best model only with val_loss available \(logs have loss\); saving/);
    expect(fs.existsSync(path.join(dir, 'model.json'))).toBe(true);
    expect(() => new ModelCheckpoint({ filepath: dir, monitor: 'penalty' })).toThrow(
      /cannot tell whether 'penalty' should go up or down: pass mode 'min' or 'max'/,
    );
    expect(() => new ModelCheckpoint({ filepath: dir, saveBestonly: true } as unknown as ModelCheckpointOptions)).toThrow(
      /unknown option 'saveBestonly'/,
    );
  });

  test('a resumed run continues the given history and stores state()', () => {
    const previous = new History();
    previous.onEpochEnd(0, { loss: 2 });
    const dir = path.join(tempDir(), 'r');
    const cb = wired({ filepath: dir, history: previous, state: () => ({ wait: 3 }) }, []);
    cb.onEpochEnd(1, { loss: 1 });
    const ckpt = loadCheckpoint(dir);
    expect(ckpt.history.epoch).toEqual([0, 1]);
    expect(ckpt.history.history.loss).toEqual([2, 1]);
    expect(ckpt.state).toEqual({ wait: 3 });
    expect(previous.epoch).toEqual([0]); // the caller's History is not touched
  });
});
