/**
 * Divergence: a batch loss that becomes NaN or ±Infinity. onNaN 'stop' (default) ends training
 * cleanly with the last finite weights (end of the last good epoch, or the initial weights) and
 * names the epoch and step; onNaN 'continue' trains on with NaN metrics. A linear output with MSE
 * and a huge lr diverges within a few steps.
 */
import { LearningRateScheduler, SGD } from '../../src';
import { allWeights, fakeStream, tinyData, tinyModel } from './fit-fixtures';

describe('fit when the loss diverges', () => {
  test("onNaN 'stop' restores the weights and optimizer state of the last good epoch and names epoch and step", async () => {
    const { x, y } = tinyData(16, 1);
    const blowUp = () => new LearningRateScheduler((epoch) => (epoch < 2 ? 0.05 : 1e20));
    const stream = fakeStream();
    const model = tinyModel({ loss: 'mse' });
    const history = await model.fit(x, y, { epochs: 6, batchSize: 4, callbacks: [blowUp()], verbose: 2, output: stream });

    expect(history.diverged).not.toBeNull();
    const { epoch, step } = history.diverged!;
    expect(epoch).toBe(2);
    expect(history.epoch).toEqual([0, 1]); // the diverged epoch gets no entry
    expect(allWeights(model).every(Number.isFinite)).toBe(true);
    expect(stream.text).toContain(`Epoch 3/6, step ${step + 1}/4: the loss is `);
    expect(stream.text).toContain('the weights are back to the end of epoch 2 (the last finite ones).');

    // the same run stopped after two good epochs has exactly these weights and optimizer state
    const twin = tinyModel({ loss: 'mse' });
    await twin.fit(x, y, { epochs: 2, batchSize: 4, callbacks: [blowUp()], verbose: 0 });
    expect(allWeights(model)).toEqual(allWeights(twin));
    expect(model.optimizer!.iterations).toBe(twin.optimizer!.iterations);
    expect(model.optimizer!.learningRate).toBe(0.05);
  });

  test('weights that overflow on the last step of an epoch (loss still finite) count as divergence too', async () => {
    const { x, y } = tinyData(16, 1);
    const model = tinyModel({ loss: 'mse' });
    const stream = fakeStream();
    const scheduler = new LearningRateScheduler((epoch) => (epoch < 2 ? 0.05 : 1e10));
    const history = await model.fit(x, y, { epochs: 6, batchSize: 4, callbacks: [scheduler], verbose: 2, output: stream });
    expect(history.diverged).toEqual({ epoch: 2, step: 3 });
    expect(stream.text).toContain('Epoch 3/6, step 4/4: a weight is no longer finite. Training stopped');
    expect(allWeights(model).every(Number.isFinite)).toBe(true);
  });

  test('a run that diverges in its first epoch goes back to the initial weights', async () => {
    const { x, y } = tinyData(16, 2);
    const model = tinyModel({ loss: 'mse' });
    model.compile({ loss: 'mse', optimizer: new SGD({ learningRate: 1e10, momentum: 0.9 }) });
    model.build();
    const initial = allWeights(model);
    const stream = fakeStream();
    const history = await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 2, output: stream });
    expect(history.diverged?.epoch).toBe(0);
    expect(history.epoch).toEqual([]);
    expect(allWeights(model)).toEqual(initial);
    expect(model.optimizer!.iterations).toBe(0);
    expect(stream.text).toContain('the weights are back to their values before training');
  });

  test("onNaN 'continue' trains every epoch and reports the non-finite metrics", async () => {
    const { x, y } = tinyData(16, 3);
    const model = tinyModel({ loss: 'mse', lr: 1e10 });
    const history = await model.fit(x, y, { epochs: 4, batchSize: 4, onNaN: 'continue', verbose: 0 });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(history.diverged).toBeNull();
    expect(history.history.loss.some((v) => !Number.isFinite(v))).toBe(true);
    expect(model.optimizer!.iterations).toBe(16);
  });
});
