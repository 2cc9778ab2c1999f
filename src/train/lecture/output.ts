/**
 * What `mlp lecture run NAME --out DIR` writes: DIR/NAME.svg and DIR/NAME.png (loss above accuracy,
 * one colour per configuration, training solid and validation dashed), DIR/NAME-digits.png for the
 * rotation recipe (a few digits and their two rotated copies), and DIR/results.md (the final
 * numbers, the lecture's claim and whether it held, and for early stopping the lecture's
 * three-line performance report) and DIR/results.json (histories and numbers, to redraw without training).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Rng } from '../../tensor/rng';
import { expandByRotation, loadMnist, rotationAngles, sliceDataset } from '../data';
import { DEFAULT_SEED } from '../experiment';
import { digitGridPng, writePlot } from '../plot';
import type { RecipeReport } from './run';

const DIGITS = 8;
const ROTATION_RANGES: [number, number][] = [
  [5, 25],
  [-25, -5],
];

async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, data);
  await rename(temp, file);
}

/** Originals (top row) and their copies rotated by U(+5°, +25°) and U(−25°, −5°), with the angles. */
export async function rotationFigure(file: string, seed: number): Promise<void> {
  const originals = sliceDataset(loadMnist().train, 0, DIGITS);
  const expanded = expandByRotation(originals, new Rng(seed), { ranges: ROTATION_RANGES });
  const angles = rotationAngles(DIGITS, new Rng(seed), ROTATION_RANGES);
  const size = originals.featureSize;
  const images = Array.from({ length: expanded.n }, (_, i) => expanded.x.subarray(i * size, (i + 1) * size) as Uint8Array);
  const captions = images.map((_, i) =>
    i < DIGITS ? `label ${originals.labels[i]}` : `${angles[i - DIGITS] > 0 ? '+' : ''}${angles[i - DIGITS].toFixed(1)}°`,
  );
  const [rows, cols] = originals.featureShape;
  await writeAtomic(file, await digitGridPng(images, rows, cols, { columns: DIGITS, scale: 3, captions }));
}

function f(v: number | undefined, digits = 4): string {
  return v === undefined ? '—' : Number.isFinite(v) ? v.toFixed(digits) : String(v);
}

/** The lecture's report: `Loss: %.5f, Acc: %.5f` for training, validation and testing. */
export function performanceLines(run: RecipeReport['runs'][number]): string[] {
  const { train, valid, test } = run.outcome.final;
  const h = run.outcome.history;
  const lines = [
    `Epoch 1/${run.stats.epochs}: loss: ${f(h.loss?.[0])} - accuracy: ${f(h.accuracy?.[0])} - val_loss: ${f(h.val_loss?.[0])} - val_accuracy: ${f(h.val_accuracy?.[0])}`,
    `Stopped after ${run.stats.epochs} epochs (best val_loss at epoch ${run.stats.epochs - run.stats.bestFromEnd + 1})`,
  ];
  for (const [name, s] of [
    ['training', train],
    ['validation', valid],
    ['testing', test],
  ] as const) {
    if (s) lines.push(`Performance (${name})`, `Loss: ${f(s.loss, 5)}, Acc: ${f(s.accuracy, 5)}`);
  }
  return lines;
}

export function resultsMarkdown(report: RecipeReport): string {
  const { recipe } = report;
  const command = `mlp lecture run ${recipe.name}${report.quick ? ' --quick' : ''}${report.seed !== undefined ? ` --seed ${report.seed}` : ''}`;
  const lines = [
    `# ${recipe.title} (${recipe.script})`,
    '',
    recipe.about,
    '',
    `Command: \`${command}\` (${report.quick ? 'quick settings' : "the lecture's settings"}, seed ${report.seed ?? DEFAULT_SEED}).`,
    '',
    '| configuration | epochs | loss | accuracy | val_loss | val_accuracy | test loss | test accuracy | seconds |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.runs) {
    const s = r.stats;
    const test = r.outcome.final.test;
    const diverged = r.outcome.diverged ? ` (diverged at epoch ${r.outcome.diverged.epoch + 1})` : '';
    lines.push(
      `| ${r.label}${diverged} | ${s.epochs} | ${f(s.loss)} | ${f(s.accuracy)} | ${f(s.val_loss)} | ${f(s.val_accuracy)} | ${f(test?.loss)} | ${f(test?.accuracy)} | ${r.outcome.seconds.toFixed(1)} |`,
    );
  }
  lines.push(
    '',
    'loss, accuracy, val_loss, val_accuracy: the last epoch (training metrics are running means over the epoch, as Keras logs them); test: the final model on the test set.',
  );
  if (report.verdict) {
    lines.push(
      '',
      `**Claim:** ${report.verdict.text} — **${report.verdict.holds ? 'holds' : 'does NOT hold'}**`,
      '',
      ...report.verdict.details.map((d) => `- ${d}`),
    );
  }
  for (const r of report.runs) {
    if (r.config.earlyStopping) lines.push('', `Report of "${r.label}":`, '', '```text', ...performanceLines(r), '```');
  }
  return `${lines.join('\n')}\n`;
}

/** Everything needed to redraw the figure and rewrite results.md without training again. */
export function resultsJson(report: RecipeReport): object {
  return {
    recipe: report.recipe.name,
    quick: report.quick,
    seed: report.seed ?? DEFAULT_SEED,
    seconds: report.seconds,
    verdict: report.verdict,
    runs: report.runs.map((r) => ({
      label: r.label,
      config: r.config,
      seconds: r.outcome.seconds,
      diverged: r.outcome.diverged,
      final: r.outcome.final,
      stats: r.stats,
      history: r.outcome.history,
    })),
  };
}

/** Writes the figure(s), results.md and results.json into `out`; returns the files written. */
export async function writeRecipeOutput(report: RecipeReport, out: string): Promise<string[]> {
  await mkdir(out, { recursive: true });
  const { recipe } = report;
  const plotted = report.runs.map((r) => ({ label: r.label, history: r.outcome.history }));
  const figure = await writePlot(plotted, path.join(out, recipe.name), { metric: 'both', title: `${recipe.script}: ${recipe.name}` });
  const files = [figure.svg, figure.png];
  if (recipe.digitFigure) {
    const digits = path.join(out, `${recipe.name}-digits.png`);
    await rotationFigure(digits, report.seed ?? DEFAULT_SEED);
    files.push(digits);
  }
  const results = path.join(out, 'results.md');
  await writeAtomic(results, resultsMarkdown(report));
  const json = path.join(out, 'results.json');
  await writeAtomic(json, `${JSON.stringify(resultsJson(report), null, 1)}\n`);
  files.push(results, json);
  return files;
}
