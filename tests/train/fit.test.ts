/**
 * fit on tiny seeded problems: History keys, epoch means against trainStep by hand, shuffling with
 * the model's Rng, validation in inference mode, the seeded validationSplit, determinism,
 * initialEpoch, the three input kinds, yielding to the event loop, and argument errors.
 */
import { History, LambdaCallback, MlpError, Rng, Tensor, evaluateModel, validationHoldOut } from '../../src';
import { batchSourceFromTensors, createDataset, datasetToTensors } from '../../src/train/data/dataset';
import { allWeights, fakeStream, tinyData, tinyModel, withoutSeconds } from './fit-fixtures';

const quiet = { verbose: 0 as const };

/** Rows `idx` of t, copied. */
function gather(t: Tensor, idx: ArrayLike<number>): Tensor {
  const c = t.cols;
  const out = new Float32Array(idx.length * c);
  for (let i = 0; i < idx.length; i++) out.set(t.data.subarray(idx[i] * c, (idx[i] + 1) * c), i * c);
  return new Tensor(out, [idx.length, c]);
}

describe('fit', () => {
  test('returns a History with the Keras keys, one value per epoch, 0-based epochs', async () => {
    const { x, y } = tinyData(10, 1);
    const v = tinyData(6, 2);
    const history = await tinyModel().fit(x, y, { epochs: 3, batchSize: 4, validationData: [v.x, v.y], ...quiet });
    expect(history).toBeInstanceOf(History);
    expect(Object.keys(history.history)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr', 'penalty', 'seconds']);
    for (const values of Object.values(history.history)) expect(values).toHaveLength(3);
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.diverged).toBeNull();
    expect(history.params).toMatchObject({ epochs: 3, steps: 3, batchSize: 4, samples: 10, validationSamples: 6 });
  });

  test('epoch loss, accuracy and penalty are batch-size-weighted means of trainStep results; the last partial batch is kept', async () => {
    const { x, y } = tinyData(10, 3);
    const model = tinyModel({ penalty: true });
    const history = await model.fit(x, y, { epochs: 1, batchSize: 4, shuffle: false, ...quiet });

    const twin = tinyModel({ penalty: true });
    const r1 = twin.trainStep(x.sliceRows(0, 4), y.sliceRows(0, 4));
    const r2 = twin.trainStep(x.sliceRows(4, 8), y.sliceRows(4, 8));
    const r3 = twin.trainStep(x.sliceRows(8, 10), y.sliceRows(8, 10)); // steps = ⌈10/4⌉ = 3
    expect(history.history.loss[0]).toBe((r1.loss * 4 + r2.loss * 4 + r3.loss * 2) / 10);
    expect(history.history.accuracy[0]).toBe((r1.correct + r2.correct + r3.correct) / 10);
    expect(history.history.penalty[0]).toBe((r1.penalty * 4 + r2.penalty * 4 + r3.penalty * 2) / 10);
    expect(history.history.penalty[0]).toBeGreaterThan(0);
    expect(allWeights(model)).toEqual(allWeights(twin));
    expect(model.optimizer!.iterations).toBe(3);
  });

  test('shuffle draws each epoch order from the model Rng', async () => {
    const { x, y } = tinyData(10, 4);
    const model = tinyModel();
    await model.fit(x, y, { epochs: 2, batchSize: 4, ...quiet });

    const twin = tinyModel();
    twin.build();
    const order = Int32Array.from({ length: 10 }, (_, i) => i);
    for (let epoch = 0; epoch < 2; epoch++) {
      // a fresh permutation of 0..n-1 each epoch (not a re-shuffle of the last one): resumable
      for (let i = 0; i < 10; i++) order[i] = i;
      twin.rng.shuffle(order);
      for (let start = 0; start < 10; start += 4) {
        const idx = order.subarray(start, Math.min(10, start + 4));
        twin.trainStep(gather(x, idx), gather(y, idx));
      }
    }
    expect(allWeights(model)).toEqual(allWeights(twin));
    const unshuffled = tinyModel();
    await unshuffled.fit(x, y, { epochs: 2, batchSize: 4, shuffle: false, ...quiet });
    expect(allWeights(unshuffled)).not.toEqual(allWeights(model));
  });

  test('validation runs in inference mode, penalty included: val_loss equals evaluate() of a Dropout model', async () => {
    const { x, y } = tinyData(12, 5);
    const v = tinyData(9, 6);
    const model = tinyModel({ dropout: true, penalty: true });
    const history = await model.fit(x, y, { epochs: 1, batchSize: 4, validationData: [v.x, v.y], validationBatchSize: 4, ...quiet });
    const evaluated = model.evaluate(v.x, v.y, { batchSize: 4 });
    expect(history.history.val_loss[0]).toBe(evaluated.loss);
    expect(history.history.val_accuracy[0]).toBe(evaluated.accuracy);
    // the same data in training mode (dropout on) gives another loss, so the equality above means something
    const out = model.forward(v.x, true);
    expect(model.backwardFromLoss(out, v.y).dataLoss + model.regularizationLoss()).not.toBeCloseTo(evaluated.loss, 6);
  });

  test('validationSplit holds out a seeded random subset (not the last fraction) and says so', async () => {
    const { x, y } = tinyData(20, 7);
    const model = tinyModel();
    const { train, valid } = validationHoldOut(model, 20, 0.3);
    expect(valid).toHaveLength(6);
    expect([...train, ...valid].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(Array.from(valid)).not.toEqual([14, 15, 16, 17, 18, 19]);
    expect(validationHoldOut(tinyModel(), 20, 0.3).valid).toEqual(valid);
    expect(validationHoldOut(tinyModel({ seed: 8 }), 20, 0.3).valid).not.toEqual(valid);

    const stream = fakeStream();
    const history = await model.fit(x, y, { epochs: 2, batchSize: 4, validationSplit: 0.3, verbose: 2, output: stream });
    expect(history.params.samples).toBe(14);
    expect(stream.text).toMatch(
      /^Train on 14 examples, validate on 6 examples \(validationSplit 0\.3: a random hold-out drawn with seed 7/,
    );
    expect(history.history.val_loss[1]).toBe(evaluateModel(model, gather(x, valid), gather(y, valid), { batchSize: 4 }).loss);
  });

  test('the same seed gives bit-identical weights and history (dropout and shuffling included)', async () => {
    const run = async () => {
      const { x, y } = tinyData(30, 9);
      const model = tinyModel({ dropout: true });
      const history = await model.fit(x, y, { epochs: 3, batchSize: 8, validationSplit: 0.2, ...quiet });
      return { weights: allWeights(model), history: withoutSeconds(history.history) };
    };
    const a = await run();
    const b = await run();
    expect(b.weights).toEqual(a.weights);
    expect(b.history).toEqual(a.history);
  });

  test('initialEpoch starts the count there (history.epoch, progress header) and runs epochs − initialEpoch epochs', async () => {
    const { x, y } = tinyData(8, 10);
    const stream = fakeStream();
    const model = tinyModel();
    const history = await model.fit(x, y, { epochs: 5, initialEpoch: 3, batchSize: 4, verbose: 2, output: stream });
    expect(history.epoch).toEqual([3, 4]);
    expect(stream.text).toContain('Epoch 4/5\n');
    expect(stream.text).not.toContain('Epoch 3/5');
    expect(model.optimizer!.iterations).toBe(4);
  });

  test('a Dataset, a BatchSource and Tensors of the same examples train identically', async () => {
    const rng = new Rng(11);
    const bytes = Uint8Array.from({ length: 12 * 4 }, () => rng.int(256));
    const ds = createDataset({
      x: bytes,
      labels: Uint8Array.from({ length: 12 }, () => rng.int(3)),
      n: 12,
      featureShape: [4],
      featureSize: 4,
      numClasses: 3,
      source: 'test',
    });
    const t = datasetToTensors(ds);
    const opts = { epochs: 2, batchSize: 5, ...quiet };
    const fromTensors = await tinyModel().fit(t.x, t.y, opts);
    const fromDataset = await tinyModel().fit(ds, opts);
    const fromSource = await tinyModel().fit(batchSourceFromTensors(t.x, t.y), undefined, opts);
    expect(withoutSeconds(fromDataset.history)).toEqual(withoutSeconds(fromTensors.history));
    expect(withoutSeconds(fromSource.history)).toEqual(withoutSeconds(fromTensors.history));
    const validated = await tinyModel().fit(t.x, t.y, { ...opts, validationData: ds });
    expect(validated.history.val_loss).toHaveLength(2);
  });

  test('yields to the event loop during training, so timers and signal handlers run', async () => {
    const { x, y } = tinyData(40, 12);
    const seenBy = async (yieldEveryMs: number): Promise<boolean> => {
      let fired = false;
      setImmediate(() => (fired = true));
      let firedDuringFit = false;
      const probe = new LambdaCallback({ onTrainEnd: () => void (firedDuringFit = fired) });
      await tinyModel().fit(x, y, { epochs: 2, batchSize: 4, yieldEveryMs, callbacks: [probe], ...quiet });
      await new Promise(setImmediate);
      return firedDuringFit;
    };
    expect(await seenBy(Infinity)).toBe(false);
    expect(await seenBy(0)).toBe(true);

    // a "SIGINT handler" that asks to stop is honoured after the batch it interrupts
    const model = tinyModel();
    setImmediate(() => (model.stopTraining = true));
    const history = await model.fit(x, y, { epochs: 50, batchSize: 4, yieldEveryMs: 0, ...quiet });
    expect(history.epoch).toEqual([0]);
    expect(model.optimizer!.iterations).toBe(1);
  });

  test('argument errors are MlpErrors that say what would be valid', async () => {
    const { x, y } = tinyData(6, 13);
    const model = tinyModel();
    await expect(model.fit(x)).rejects.toThrow(/y must be the targets Tensor/);
    await expect(model.fit(x, y, { lr: 0.1 } as object)).rejects.toThrow(/unknown option 'lr'/);
    await expect(model.fit(x, y, { batchSize: 0 })).rejects.toThrow(/batchSize must be a number > 0/);
    await expect(model.fit(x, y, { validationSplit: 0.5, validationData: [x, y] })).rejects.toMatchObject({ code: 'BAD_CONFIG' });
    await expect(model.fit(x, y, { validationSplit: 1 })).rejects.toThrow(/must be in \(0, 1\)/);
    await expect(model.fit(x, y, { verbose: 3 as 1 })).rejects.toThrow(/verbose must be 0, 1 or 2/);
    await expect(model.fit(x, tinyData(6, 1).x)).rejects.toMatchObject({ code: 'BAD_SHAPE' });
    await expect(model.fit(x, y, { callbacks: [{}] as never })).rejects.toThrow(/callbacks\[0\] is not a Callback/);
    const withMse = tinyModel();
    withMse.metrics = ['accuracy', 'mse'];
    await expect(withMse.fit(x, y, quiet)).rejects.toThrow(/metric 'mse' is not supported; valid metrics: accuracy, acc/);
    const uncompiled = tinyModel();
    uncompiled.loss = null;
    await expect(uncompiled.fit(x, y, quiet)).rejects.toBeInstanceOf(MlpError);
  });
});
