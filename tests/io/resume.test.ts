/**
 * Checkpoint → resume gives exactly the run that was never interrupted (same seed): weights,
 * optimizer slots and iterations, Rng streams (dropout masks, shuffling) and history.
 */
import { Dense, Dropout } from '../../src/layers';
import { Sequential } from '../../src/train/sequential';
import { ModelCheckpoint } from '../../src/train/callbacks/model-checkpoint';
import { loadCheckpoint, saveModel } from '../../src/train/io';
import type { Tensor } from '../../src/tensor';
import { oneHotTargets, removeTempDirs, tempDir, uniformTensor } from './helpers';

afterAll(removeTempDirs);

function makeModel(): Sequential {
  const model = new Sequential(
    [
      new Dense({ units: 10, activation: 'relu', inputShape: [5] }),
      new Dropout({ rate: 0.3 }),
      new Dense({ units: 3, activation: 'softmax' }),
    ],
    { seed: 42 },
  );
  model.compile({ loss: 'categorical_crossentropy', optimizer: { className: 'adam', config: { learningRate: 0.01 } } });
  model.build();
  return model;
}

const x = uniformTensor([40, 5], 1);
const y = oneHotTargets(40, 3, 2);

/** One "epoch" by hand: a permutation from the model's Rng, then batches of 8 through trainOnBatch. */
function handEpoch(model: Sequential): void {
  const order = model.rng.permutation(40);
  for (let start = 0; start < 40; start += 8) {
    const rows = Array.from(order.subarray(start, start + 8));
    const bx = new Float32Array(rows.length * 5);
    const by = new Float32Array(rows.length * 3);
    rows.forEach((r, i) => {
      bx.set(x.data.subarray(r * 5, r * 5 + 5), i * 5);
      by.set(y.data.subarray(r * 3, r * 3 + 3), i * 3);
    });
    model.trainOnBatch(
      new (x.constructor as typeof Tensor)(bx, [rows.length, 5]),
      new (y.constructor as typeof Tensor)(by, [rows.length, 3]),
    );
  }
}

function weightsOf(model: Sequential): number[][] {
  return model.getWeights().map((w) => Array.from(w.data));
}

test('trainOnBatch loop: save after 2 epochs, load, 2 more = 4 epochs uninterrupted (bit-identical)', () => {
  const straight = makeModel();
  for (let e = 0; e < 4; e++) handEpoch(straight);

  const first = makeModel();
  for (let e = 0; e < 2; e++) handEpoch(first);
  const dir = tempDir();
  saveModel(first, dir, { epoch: 2 });
  const ckpt = loadCheckpoint(dir);
  expect(ckpt.epoch).toBe(2);
  for (let e = ckpt.epoch; e < 4; e++) handEpoch(ckpt.model);

  expect(weightsOf(ckpt.model)).toEqual(weightsOf(straight));
  expect(ckpt.model.optimizer!.iterations).toBe(straight.optimizer!.iterations);
  expect(ckpt.model.getRandomState()).toEqual(straight.getRandomState());
});

/** fit twice (2 epochs, checkpoint, resume to 4) against 4 epochs straight; returns both models and histories. */
async function fitResumed(shuffle: boolean) {
  const opts = {
    batchSize: 8,
    shuffle,
    verbose: 0 as const,
    validationData: [uniformTensor([12, 5], 3), oneHotTargets(12, 3, 4)] as [Tensor, Tensor],
  };
  const straight = makeModel();
  const full = await straight.fit(x, y, { ...opts, epochs: 4 });

  const dir = tempDir();
  await makeModel().fit(x, y, { ...opts, epochs: 2, callbacks: [new ModelCheckpoint({ filepath: dir })] });
  const ckpt = loadCheckpoint(dir);
  expect(ckpt.epoch).toBe(2);
  expect(ckpt.history.epoch).toEqual([0, 1]);
  const resumed = await ckpt.model.fit(x, y, { ...opts, epochs: 4, initialEpoch: ckpt.epoch, callbacks: [ckpt.history] });
  return { straight, full, model: ckpt.model, resumed };
}

function expectSameRun(r: Awaited<ReturnType<typeof fitResumed>>): void {
  expect(weightsOf(r.model)).toEqual(weightsOf(r.straight));
  expect(r.resumed.epoch).toEqual(r.full.epoch);
  for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr', 'penalty'])
    expect(r.resumed.history[key]).toEqual(r.full.history[key]);
}

test('fit + ModelCheckpoint, shuffle off: resume from the epoch-2 checkpoint = 4 epochs uninterrupted (weights, history)', async () => {
  expectSameRun(await fitResumed(false));
});

// fit draws a fresh permutation of the training indices each epoch, so the order depends only on
// the Rng state at the epoch's start, which the checkpoint saves.
test('fit + ModelCheckpoint, shuffle on: resume from the epoch-2 checkpoint = 4 epochs uninterrupted', async () => {
  expectSameRun(await fitResumed(true));
});
