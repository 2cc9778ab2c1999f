/**
 * `mlp train`: flags → TrainConfig → runExperiment (or resume). Prints the header, the progress
 * display, the lecture's performance report and, on a terminal, the loss curve.
 */
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { MlpError } from '../../src/tensor/errors';
import { resume, runExperiment, type ExperimentResult } from '../../src/train/experiment';
import { terminalCurve } from '../../src/train/plot';
import { parseVerbose } from '../options';
import { runIO, withInterrupt } from '../run-io';
import { addTrainFlags, configFromFlags, type Flags } from '../train-flags';

const EXAMPLES = `
Examples (the lecture's experiments; every flag has a default, so each line changes one thing):
  $ mlp train                                   # ex_ml7_1c base: 784-30-10 sigmoid, SGD lr 1.0, batch 120, 100 epochs
  $ mlp train --train-size 50000                # more data (ex_ml7_1): 50k training images
  $ mlp train --reg l2                          # ex_ml7_1a: l2(0.01) on the output layer's kernel
  $ mlp train --reg l2 --lambda 5 --reg-layers all   # the lecture's λ/2n·Σw² on every layer
  $ mlp train --dropout 0.2                     # ex_ml7_1b: Dropout(0.2) on the input and the hidden layer
  $ mlp train --early-stopping                  # ex_ml7_1c: stop when val_loss has not improved for 3 epochs
  $ mlp train --augment rotate                  # ex_ml7_2: the training set tripled by ±5°…25° rotations
  $ mlp train --lr 20                           # ex_ml7_3: too large a learning rate (random walk)
  $ mlp train --momentum 0.4                    # ex_ml7_3a
  $ mlp train --batch-size 10                   # ex_ml7_3b
  $ mlp train --optimizer adam                  # ex_ml7_3c (Adam's Keras default lr 0.001)
  $ mlp train --arch 784-256-256-10 --activation relu --lr 0.2 --epochs 40   # ex_ml7_3d
  $ mlp train --out runs/base                   # save model, checkpoints, history, curves
  $ mlp train --resume runs/base                # continue after Ctrl-C from the last complete epoch
  $ mlp train --json --verbose 0 > epochs.jsonl # one JSON object per epoch on stdout

Validation: --valid-size takes the LAST examples of the training set (the lecture's images
50000-59999); --validation-split takes a seeded random fraction of the training examples instead.`;

/** Flags that may accompany --resume: how long to train, where, and how to show it. */
const RESUME_FLAGS = new Set(['resume', 'epochs', 'threads', 'backend', 'verbose', 'json', 'curve', 'debug']);

function givenFlags(cmd: Command): string[] {
  return Object.keys(cmd.opts()).filter((key) => cmd.getOptionValueSource(key) === 'cli');
}

function run(flags: Flags, cmd: Command, signal: AbortSignal): Promise<ExperimentResult> {
  const io = runIO(flags, signal);
  if (flags.resume === undefined) return runExperiment(configFromFlags(flags), io);
  const extra = givenFlags(cmd).filter((key) => !RESUME_FLAGS.has(key));
  if (extra.length > 0) {
    const names = extra.map((k) => `--${k.replace(/([A-Z])/g, '-$1').toLowerCase()}`).join(', ');
    throw new MlpError(
      'BAD_CONFIG',
      `--resume continues a run with its saved config; ${names} cannot change it (only --epochs, --threads, --backend, --verbose, --json)`,
    );
  }
  return resume(flags.resume as string, io, {
    epochs: flags.epochs as number | undefined,
    threads: flags.threads as number | undefined,
    backend: flags.backend as string | undefined,
  });
}

export function register(program: Command): void {
  const cmd = program
    .command('train')
    .description("train a network (default: the lecture's 784-30-10 sigmoid network on MNIST) and report loss and accuracy");
  addTrainFlags(cmd);
  cmd.optionsGroup('Output:');
  cmd
    .option('--out <dir>', 'write the model, a checkpoint per epoch, history.json/csv, results.json and curves.svg/png here')
    .option('--resume <dir>', 'continue the run saved in <dir> from its last complete epoch (also after Ctrl-C)')
    .option('--verbose <level>', '0 silent, 1 progress bar (default on a terminal), 2 one line per epoch', parseVerbose)
    .option('--json', "print one JSON object per epoch on stdout (its metrics and 'seconds'), nothing else; other output goes to stderr")
    .option('--curve', 'print the loss curve at the end even when stdout is not a terminal')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: Flags, command: Command) => {
      const result = await withInterrupt((signal) => run(flags, command, signal));
      if (flags.json) return;
      if (result.out) process.stdout.write(`saved in ${result.out} (${listWritten(result.out)})\n`);
      if (process.stdout.isTTY || flags.curve)
        process.stdout.write(`${terminalCurve(result.history.history.loss ?? [], { label: 'loss' })}\n`);
    });
}

/** What the run actually left in its out folder (a run that diverged in epoch 1 has no checkpoint or curves). */
function listWritten(dir: string): string {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort()
    .join(', ');
}
