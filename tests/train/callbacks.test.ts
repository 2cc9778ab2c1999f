/**
 * Callbacks through fit: hook order, async hooks, stopping from a callback, LearningRateScheduler,
 * ReduceLROnPlateau, CSVLogger (and historyToCsv / historyToJSON), TerminateOnNaN, LambdaCallback.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CSVLogger,
  Callback,
  LambdaCallback,
  LearningRateScheduler,
  ReduceLROnPlateau,
  TerminateOnNaN,
  historyToCsv,
  historyToJSON,
  type Logs,
} from '../../src';
import { fakeStream, tinyData, tinyModel } from './fit-fixtures';

const quiet = { verbose: 0 as const };

class Recorder extends Callback {
  constructor(
    private readonly tag: string,
    private readonly calls: string[],
  ) {
    super();
  }
  override onTrainBegin(): void {
    this.calls.push(`${this.tag}:trainBegin`);
  }
  override onEpochBegin(epoch: number): void {
    this.calls.push(`${this.tag}:epochBegin ${epoch}`);
  }
  override onBatchBegin(batch: number, logs: Logs): void {
    this.calls.push(`${this.tag}:batchBegin ${batch} size ${logs.size}`);
  }
  override onBatchEnd(batch: number): void {
    this.calls.push(`${this.tag}:batchEnd ${batch}`);
  }
  override onEpochEnd(epoch: number, logs: Logs): void {
    this.calls.push(`${this.tag}:epochEnd ${epoch}`);
    logs.custom = epoch * 10; // seen by History, which runs after the user's callbacks (as in Keras)
  }
  override onTrainEnd(): void {
    this.calls.push(`${this.tag}:trainEnd`);
  }
}

function tmpFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-callbacks-')), name);
}

describe('callbacks in fit', () => {
  test('hooks run in order, callbacks in list order, model and params set before onTrainBegin', async () => {
    const { x, y } = tinyData(6, 1);
    const calls: string[] = [];
    const a = new Recorder('A', calls);
    const model = tinyModel();
    const history = await model.fit(x, y, { epochs: 2, batchSize: 4, callbacks: [a, new Recorder('B', calls)], ...quiet });
    const epoch = (e: number) => [
      `A:epochBegin ${e}`, `B:epochBegin ${e}`,
      'A:batchBegin 0 size 4', 'B:batchBegin 0 size 4', 'A:batchEnd 0', 'B:batchEnd 0',
      'A:batchBegin 1 size 2', 'B:batchBegin 1 size 2', 'A:batchEnd 1', 'B:batchEnd 1',
      `A:epochEnd ${e}`, `B:epochEnd ${e}`,
    ]; // prettier-ignore
    expect(calls).toEqual(['A:trainBegin', 'B:trainBegin', ...epoch(0), ...epoch(1), 'A:trainEnd', 'B:trainEnd']);
    expect(a.model).toBe(model);
    expect(a.params).toMatchObject({ epochs: 2, steps: 2, samples: 6, batchSize: 4, verbose: 0 });
    expect(history.history.custom).toEqual([0, 10]);
  });

  test('batch logs carry the running epoch means as numbers', async () => {
    const { x, y } = tinyData(8, 2);
    const batches: Logs[] = [];
    const history = await tinyModel().fit(x, y, {
      epochs: 1,
      batchSize: 4,
      callbacks: [new LambdaCallback({ onBatchEnd: (_b, logs) => void batches.push({ ...logs }) })],
      ...quiet,
    });
    expect(batches).toHaveLength(2);
    expect(typeof batches[0].loss).toBe('number');
    expect(batches[1].loss).toBe(history.history.loss[0]);
    expect(batches[1].accuracy).toBe(history.history.accuracy[0]);
  });

  test('async hooks are awaited before training goes on', async () => {
    const { x, y } = tinyData(8, 3);
    const events: string[] = [];
    const slow = new LambdaCallback({
      onEpochEnd: async (epoch) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${epoch} done`);
      },
      onEpochBegin: (epoch) => void events.push(`begin ${epoch}`),
    });
    await tinyModel().fit(x, y, { epochs: 2, batchSize: 4, callbacks: [slow], ...quiet });
    expect(events).toEqual(['begin 0', 'end 0 done', 'begin 1', 'end 1 done']);
  });

  test('any callback can stop training: fit ends after the current batch and still ends that epoch', async () => {
    const { x, y } = tinyData(12, 4);
    const model = tinyModel();
    let epochNow = 0;
    const stopper = new LambdaCallback({
      onEpochBegin: (epoch) => void (epochNow = epoch),
      onBatchEnd: (batch) => {
        if (epochNow === 1 && batch === 0) model.stopTraining = true;
      },
    });
    const history = await model.fit(x, y, { epochs: 10, batchSize: 4, callbacks: [stopper], ...quiet });
    expect(history.epoch).toEqual([0, 1]);
    expect(model.optimizer!.iterations).toBe(3 + 1);
  });

  test('LearningRateScheduler sets the lr at each epoch start; history.lr records it', async () => {
    const { x, y } = tinyData(8, 5);
    const model = tinyModel({ lr: 0.5 });
    const seen: number[] = [];
    const scheduler = new LearningRateScheduler((epoch, lr) => {
      seen.push(lr);
      return 0.1 * (epoch + 1);
    });
    const history = await model.fit(x, y, { epochs: 3, batchSize: 4, callbacks: [scheduler], ...quiet });
    expect(seen).toEqual([0.5, 0.1, 0.2]);
    expect(history.history.lr).toEqual([0.1, 0.2, 0.1 * 3]);
    expect(model.optimizer!.learningRate).toBe(0.1 * 3);
    const bad = new LearningRateScheduler(() => NaN);
    await expect(tinyModel().fit(x, y, { callbacks: [bad], ...quiet })).rejects.toThrow(/returned NaN; it must return a number >= 0/);
  });

  test('ReduceLROnPlateau multiplies the lr by factor after patience epochs without improvement', async () => {
    const { x, y } = tinyData(8, 6);
    const model = tinyModel({ lr: 0.4 });
    const stream = fakeStream();
    // minDelta 100: only the first epoch counts as an improvement; patience 1 reduces after every other epoch
    const reduce = new ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1, minDelta: 100, verbose: 1 });
    const history = await model.fit(x, y, { epochs: 4, batchSize: 4, callbacks: [reduce], verbose: 0, output: stream });
    expect(history.history.lr).toEqual([0.4, 0.4, 0.2, 0.1]);
    expect(model.optimizer!.learningRate).toBe(0.05);
    expect(stream.text).toContain('Epoch 2: ReduceLROnPlateau reducing learning rate to 0.2.');
  });

  test('CSVLogger writes Keras CSV rows each epoch, equal to historyToCsv; append continues the file', async () => {
    const { x, y } = tinyData(8, 7);
    const v = tinyData(4, 8);
    const file = tmpFile('log.csv');
    const model = tinyModel();
    const history = await model.fit(x, y, {
      epochs: 2,
      batchSize: 4,
      validationData: [v.x, v.y],
      callbacks: [new CSVLogger(file)],
      ...quiet,
    });
    const text = fs.readFileSync(file, 'utf8');
    const [header, ...rows] = text.trimEnd().split('\n');
    expect(header).toBe('epoch,accuracy,loss,lr,penalty,seconds,val_accuracy,val_loss');
    expect(rows).toHaveLength(2);
    rows.forEach((row, i) => {
      const cells = row.split(',').map(Number);
      expect(cells[0]).toBe(i);
      expect(cells[2]).toBe(history.history.loss[i]);
      expect(cells[7]).toBe(history.history.val_loss[i]);
    });
    expect(historyToCsv(history)).toBe(text);

    await model.fit(x, y, {
      epochs: 1,
      batchSize: 4,
      validationData: [v.x, v.y],
      callbacks: [new CSVLogger(file, { append: true })],
      ...quiet,
    });
    const appended = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(appended).toHaveLength(4);
    expect(appended.filter((line) => line.startsWith('epoch'))).toHaveLength(1);
    expect(() => new CSVLogger('')).toThrow(/filename/);
    await expect(model.fit(x, y, { callbacks: [new CSVLogger(path.join(file, 'no', 'such', 'dir.csv'))], ...quiet })).rejects.toThrow(
      /CSVLogger: cannot open/,
    );
  });

  test('historyToJSON is JSON-able and keeps NaN and Infinity readable; CSV writes nan and inf', async () => {
    const { x, y } = tinyData(8, 9);
    const history = await tinyModel().fit(x, y, { epochs: 2, batchSize: 4, ...quiet });
    history.history.loss[1] = NaN;
    history.history.accuracy[1] = -Infinity;
    const json = JSON.parse(JSON.stringify(historyToJSON(history)));
    expect(json.epoch).toEqual([0, 1]);
    expect(json.history.loss[0]).toBe(history.history.loss[0]);
    expect(json.history.loss[1]).toBe('NaN');
    expect(Number(json.history.accuracy[1])).toBe(-Infinity);
    expect(json.params.steps).toBe(2);
    expect(historyToCsv(history).split('\n')[2]).toMatch(/^1,-inf,nan,/);
  });

  test('TerminateOnNaN ends an onNaN "continue" run at the first invalid batch loss', async () => {
    const { x, y } = tinyData(16, 10);
    const stream = fakeStream();
    const model = tinyModel({ loss: 'mse', lr: 1e10 });
    const history = await model.fit(x, y, {
      epochs: 5,
      batchSize: 4,
      onNaN: 'continue',
      callbacks: [new TerminateOnNaN()],
      verbose: 0,
      output: stream,
    });
    expect(stream.text).toMatch(/^Batch \d: Invalid loss, terminating training\n$/);
    const losses = history.history.loss;
    expect(losses.length).toBeLessThan(5);
    expect(losses.map(Number.isFinite)).toEqual([...losses.slice(1).map(() => true), false]);
  });

  test('LambdaCallback accepts only hook names, as functions', () => {
    expect(() => new LambdaCallback({ onEpochStart: () => {} } as object)).toThrow(/must be one of onTrainBegin/);
    expect(() => new LambdaCallback({ onEpochEnd: 3 } as never)).toThrow(MlpErrorLike);
  });
});

const MlpErrorLike = /LambdaCallback: 'onEpochEnd' must be one of/;
