/** `mlp plot DIR…`: the lecture's figures (loss and/or accuracy against epoch) from saved runs. */
import * as fs from 'fs';
import * as path from 'path';
import { Option, type Command } from 'commander';
import { MlpError } from '../../src/tensor/errors';
import { RUN_FILES } from '../../src/train/experiment';
import { writePlot } from '../../src/train/plot';
import { collect } from '../options';

const EXAMPLES = `
Examples:
  $ mlp plot runs/base runs/l2 runs/dropout --label none --label "l2(0.01)" --label "dropout 0.2" --out overtraining
  $ mlp plot runs/compare-*/[0-9]* --metric loss
  $ mlp plot runs/base/history.json --metric accuracy --out base-accuracy`;

/** A run's Keras History from DIR/history.json (or a history.json path); NaN/Infinity come back as numbers. */
function readHistory(target: string): Record<string, number[]> {
  const file = fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, RUN_FILES.history) : target;
  if (!fs.existsSync(file))
    throw new MlpError(
      'NOT_FOUND',
      `${target}: no ${RUN_FILES.history} (give run folders written by mlp train --out, or history.json files)`,
    );
  let parsed: { history?: Record<string, (number | string)[]> };
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MlpError('BAD_FILE', `${file} is not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed.history !== 'object' || parsed.history === null)
    throw new MlpError('BAD_FILE', `${file} has no "history" object (Keras History layout)`);
  return Object.fromEntries(Object.entries(parsed.history).map(([k, v]) => [k, v.map(Number)]));
}

export function register(program: Command): void {
  program
    .command('plot')
    .description("draw saved runs' training curves into one figure (SVG and PNG), training solid, validation dashed")
    .argument('<dirs...>', 'run folders (or history.json files)')
    .addOption(
      new Option('--metric <which>', 'loss, accuracy or both (two panels, as the lecture)')
        .choices(['loss', 'accuracy', 'both'])
        .default('both'),
    )
    .option('--label <name>', 'legend label of each run, in order (repeatable; default: the folder name)', collect)
    .option('--title <text>', 'figure title')
    .option('--out <file>', 'output path without extension; FILE.svg and FILE.png are written (default: curves)', 'curves')
    .addHelpText('after', EXAMPLES)
    .action(async (dirs: string[], flags: { metric: 'loss' | 'accuracy' | 'both'; label?: string[]; title?: string; out: string }) => {
      const labels = flags.label ?? [];
      if (labels.length > 0 && labels.length !== dirs.length)
        throw new MlpError('BAD_ARGUMENT', `${labels.length} --label for ${dirs.length} runs: give one per run, in order, or none`);
      const runs = dirs.map((d, i) => ({
        label: labels[i] ?? path.basename(path.resolve(d).replace(/[/\\]history\.json$/, '')),
        history: readHistory(d),
      }));
      const files = await writePlot(runs, flags.out, { metric: flags.metric, title: flags.title });
      process.stdout.write(`${files.svg}\n${files.png}\n`);
    });
}
