/**
 * runExperiment and resume through the library (the CLI tests drive the same code as a subprocess,
 * and also check the figures: vega is an ES module that jest's CommonJS runtime cannot import, so
 * in-process runs here pass plots: false).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MlpError } from '../../src/tensor/errors';
import { resume, runExperiment, type PartialTrainConfig } from '../../src/train/experiment';

// One matmul thread: jest runs test files side by side on the 2 cores, and in-process runs stay independent of the worker pool.
const SMALL: PartialTrainConfig = {
  threads: 1,
  trainSize: 300,
  validSize: 200,
  testSize: 200,
  hidden: [16],
  epochs: 4,
  batchSize: 50,
  seed: 11,
};
const quiet = { log: null, plots: false };

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-run-'));
}

function weightsOf(result: { model: { getWeights(): { data: ArrayLike<number> }[] } }): number[][] {
  return result.model.getWeights().map((w) => Array.from(w.data));
}

describe('runExperiment', () => {
  it('trains, reports train/validation/test and writes the output folder', async () => {
    const out = tmpDir();
    const lines: string[] = [];
    const r = await runExperiment({ ...SMALL, out }, { log: (l) => lines.push(l), command: 'mlp train --test', plots: false });
    expect(r.history.epoch).toEqual([0, 1, 2, 3]);
    expect(Object.keys(r.history.history)).toEqual(
      expect.arrayContaining(['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr', 'seconds']),
    );
    expect(r.final.test!.accuracy).toBeGreaterThan(0.3);
    expect(lines).toContain('Performance (testing)');
    expect(lines.join('\n')).toMatch(/300 training examples .*\n.*200 validation examples .*\[59800:60000\]/);
    for (const f of [
      'command.txt',
      'config.json',
      'history.json',
      'history.csv',
      'results.json',
      'model/model.json',
      'checkpoint/model.json',
    ]) {
      expect(fs.existsSync(path.join(out, f))).toBe(true);
    }
    expect(fs.readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const config = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8'));
    expect(config.arch).toEqual([784, 16, 10]);
    expect(fs.readFileSync(path.join(out, 'command.txt'), 'utf8')).toBe('mlp train --test\n');
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.final.valid.accuracy).toBeCloseTo(r.final.valid!.accuracy, 12);
  }, 30000);

  it('an abort stops after the current batch, checkpoints the last complete epoch, and resume reaches the same weights', async () => {
    const straight = await runExperiment({ ...SMALL, inputDropout: 0.1, earlyStopping: { patience: 10 } }, quiet);

    const out = tmpDir();
    const controller = new AbortController();
    const interrupted = runExperiment(
      { ...SMALL, inputDropout: 0.1, earlyStopping: { patience: 10 }, out },
      { ...quiet, signal: controller.signal, onEpoch: (epoch) => epoch === 1 && controller.abort() },
    );
    await expect(interrupted).rejects.toThrow(MlpError);
    await expect(interrupted).rejects.toThrow(/checkpoint of epoch 2\/4 .*resume with: mlp train --resume/);

    const resumed = await resume(out, quiet);
    expect(resumed.history.epoch).toEqual([0, 1, 2, 3]);
    expect(resumed.history.history.loss).toEqual(straight.history.history.loss);
    expect(weightsOf(resumed)).toEqual(weightsOf(straight));
  }, 30000);

  it('an abort in the middle of an epoch discards that partial epoch (no out: a folder of its own)', async () => {
    // 200 batches per epoch, and fit yields to the event loop after every one (yieldEveryMs 0): the
    // abort queued at the end of epoch 1 lands after the first batch of epoch 2, however fast it runs
    // (with the default 50 ms, a fast machine could finish epoch 2 before the next yield).
    const LONG: PartialTrainConfig = { ...SMALL, trainSize: 2000, batchSize: 10, epochs: 3 };
    const straight = await runExperiment(LONG, quiet);
    const dir = path.join(tmpDir(), 'interrupted');
    const controller = new AbortController();
    const run = runExperiment(LONG, {
      ...quiet,
      yieldEveryMs: 0,
      signal: controller.signal,
      interruptDir: dir,
      onEpoch: (epoch) => epoch === 0 && setImmediate(() => controller.abort()),
    });
    await expect(run).rejects.toThrow(/interrupted: the checkpoint of epoch 1\/3/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).out).toBe(dir);
    const resumed = await resume(dir, quiet);
    expect(resumed.history.epoch).toEqual([0, 1, 2]);
    expect(weightsOf(resumed)).toEqual(weightsOf(straight));
  }, 30000);

  it('lr = 20 on sigmoid random-walks but stays finite (the fused softmax loss cannot overflow)', async () => {
    const r = await runExperiment({ ...SMALL, optimizerOptions: { learningRate: 20 } }, quiet);
    expect(r.diverged).toBeNull();
    expect(r.history.history.loss.every(Number.isFinite)).toBe(true);
  }, 30000);

  it('a diverging run (relu, lr 1e10) stops cleanly and keeps the last finite weights', async () => {
    const lines: string[] = [];
    const r = await runExperiment(
      { ...SMALL, optimizerOptions: { learningRate: 1e10 }, activation: 'relu' },
      { log: (l) => lines.push(l), plots: false },
    );
    expect(r.diverged).not.toBeNull();
    expect(lines.join('\n')).toMatch(/diverged at epoch \d+, step \d+/);
    for (const w of weightsOf(r)) expect(w.every(Number.isFinite)).toBe(true);
  }, 30000);
});
