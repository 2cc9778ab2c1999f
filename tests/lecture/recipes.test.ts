/**
 * Every lecture experiment runs with --quick settings, in-process through the library, and the
 * lecture's qualitative claim about it holds (more data or dropout narrows the gap, momentum lowers
 * the loss, lr 20 does worse than lr 2, relu beats sigmoid on 784-256-256-10, …). The quick
 * settings were chosen so each claim held for seeds 1337, 1 and 2 (see the report in the commit).
 * Each recipe also writes its figure (SVG + PNG) and results.md.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judge, runStats } from '../../src/train/lecture/claims';
import { RECIPES } from '../../src/train/lecture/recipes';
import { getRecipe, recipeConfig, runRecipe } from '../../src/train/lecture/run';

const out = mkdtempSync(join(tmpdir(), 'mlp-lecture-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('lecture recipes (--quick)', () => {
  test.each(RECIPES.map((r) => [r.name, r] as const))('%s: the lecture claim holds and the figure is written', async (name, recipe) => {
    const report = await runRecipe(recipe, { quick: true, out: join(out, name) });
    expect(report.runs.map((r) => r.label)).toEqual(recipe.runs.map((r) => r.label));
    expect(report.verdict).not.toBeNull();
    if (!report.verdict!.holds) throw new Error(`${name}: ${report.verdict!.text}\n${report.verdict!.details.join('\n')}`);
    const svg = readFileSync(join(out, name, `${name}.svg`), 'utf8');
    for (const r of recipe.runs) expect(svg).toContain(`${r.label} train`);
    expect(
      readFileSync(join(out, name, `${name}.png`))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const results = readFileSync(join(out, name, 'results.md'), 'utf8');
    for (const r of recipe.runs) expect(results).toContain(`| ${r.label}`);
    expect(results).toContain('holds');
    if (recipe.digitFigure) expect(existsSync(join(out, name, `${name}-digits.png`))).toBe(true);
    if (name === 'early-stopping') expect(results).toMatch(/Performance \(testing\)\nLoss: \d\.\d{5}, Acc: 0\.\d{5}/);
  });
});

describe('recipes as data', () => {
  test("full settings are the lecture's; --quick shrinks data and epochs", () => {
    const es = getRecipe('early-stopping');
    const full = recipeConfig(es, es.runs[0].label);
    expect(full.trainSize).toBeUndefined(); // the runner's default: the first 10 000 images
    expect(full.earlyStopping).toEqual({ monitor: 'val_loss', patience: 3 });
    const quick = recipeConfig(es, es.runs[0].label, { quick: true, seed: 5 });
    expect(quick.trainSize).toBeLessThan(10000);
    expect(quick.seed).toBe(5);
    const deep = getRecipe('relu-vs-sigmoid').runs.map((r) => r.config);
    expect(deep.map((c) => [c.arch, c.activation, c.optimizerOptions, c.epochs])).toEqual([
      [[784, 256, 256, 10], 'sigmoid', { learningRate: 1 }, 40],
      [[784, 256, 256, 10], 'relu', { learningRate: 0.2 }, 40],
    ]);
    expect(() => getRecipe('nope')).toThrow(/valid names are overtraining, more-data/);
  });

  test('claims compare the right statistics; a diverged run loses', () => {
    const run = (loss: number[], valLoss: number[]) => ({
      history: { loss, val_loss: valLoss, accuracy: loss.map(() => 0.5), val_accuracy: valLoss.map(() => 0.4) },
      final: {},
    });
    const a = runStats(run([1, 0.5, 0.2], [1.1, 0.6, 0.7]), 5);
    expect(a.lossGap).toBeCloseTo(0.5);
    expect(a.valLossRise).toBeCloseTo(0.1);
    expect(a.bestFromEnd).toBe(2);
    expect(a.epochsLeft).toBe(2);
    const diverged = runStats(run([1, NaN], [1, NaN]), 5);
    expect(diverged.val_loss).toBe(Infinity);
    const claim = {
      text: 't',
      conditions: [{ run: 'a', stat: 'val_loss' as const, op: '<' as const, than: { run: 'b', stat: 'val_loss' as const } }],
    };
    expect(judge(claim, { a, b: diverged }).holds).toBe(true);
    expect(judge(claim, { a: diverged, b: a }).holds).toBe(false);
    expect(judge(claim, { a: diverged, b: a }).details[0]).toMatch(/^NO /);
  });
});
