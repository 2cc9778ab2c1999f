/**
 * The benchmark's plumbing (not its speed: timing lives in `npm run bench`, never in tests): one
 * training configuration runs in a child process and prints one JSON line with the fields the README
 * table and the issue ask for; a bad suite name is one line and exit 2.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ensureBuilt, ROOT } from './helpers';

const RUN = path.join(ROOT, 'dist', 'bench', 'run.js');

beforeAll(() => ensureBuilt());

describe('npm run bench', () => {
  it('train-one W1 wasm 2 2: one JSON line with s/epoch, GFLOP/s, peak memory, the loss and the machine', () => {
    const run = spawnSync(process.execPath, [RUN, 'train-one', 'W1', 'wasm', '2', '2'], { encoding: 'utf8', timeout: 120000 });
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(lines).toHaveLength(1);
    const row = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(row).toMatchObject({
      bench: 'train',
      workload: 'W1',
      system: 'mlp',
      backend: 'wasm',
      threads: 2,
      epochs: 2,
      cores: expect.any(Number),
    });
    expect(row.epoch_seconds).toHaveLength(2);
    expect(row.s_epoch).toBeGreaterThan(0);
    expect(row.gflop_epoch).toBeCloseTo((2 * 784 * 30 * 2 + 2 * 30 * 10 * 3) * 1e-5, 3); // 10 000 images
    expect(row.gflops_implied).toBeCloseTo((row.gflop_epoch as number) / (row.s_epoch as number), 1);
    expect(row.peak_rss_mb).toBeGreaterThan(20);
    expect(row.peak_rss_mb).toBeLessThan(300); // the memory bound (W2 peaks ~150 MB)
    expect(row.final_train_loss).toBeLessThan(1); // it trained: 2.3 at the start
  });

  it('an unknown suite is one line naming the valid ones, exit 2', () => {
    const run = spawnSync(process.execPath, [RUN, 'gpu'], { encoding: 'utf8', timeout: 60000 });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe("unknown benchmark 'gpu': valid ones are gemm, train");
  });
});
