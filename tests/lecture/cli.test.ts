/** The one subprocess test of the lecture command: the real CLI (dist/) lists and runs a recipe. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, mlp, tmpDir } from '../cli/helpers';

beforeAll(() => ensureBuilt());

test('mlp lecture list / run momentum --quick / an unknown name', async () => {
  const out = tmpDir('mlp-lecture-cli-');
  try {
    const list = await mlp(['lecture', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/early-stopping +ex_ml7_1c/);
    const run = await mlp(['lecture', 'run', 'momentum', '--quick', '--out', out]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('momentum: with momentum the training loss is lower after the same number of epochs: holds');
    for (const f of ['momentum.svg', 'momentum.png', 'results.md', 'results.json']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('mlp lecture run momentum --quick');
    const bad = await mlp(['lecture', 'run', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "error: unknown lecture experiment 'nope': valid names are overtraining, more-data, l2-output, dropout, early-stopping, augment-rotate, learning-rate, momentum, batch-size, optimizers, relu-vs-sigmoid, leaky-prelu\n",
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
