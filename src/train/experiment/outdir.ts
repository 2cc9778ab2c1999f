/**
 * The output folder of a run (`--out DIR`):
 *
 *   command.txt     the exact command that started the run
 *   config.json     the resolved TrainConfig (repeat the run with `mlp train --config DIR/config.json`)
 *   checkpoint/     the last complete epoch: weights, optimizer state, random streams, history
 *                   (rewritten after every epoch; `mlp train --resume DIR` continues from it)
 *   model/          the final model (TF.js layers-model format + side file; `mlp evaluate DIR`)
 *   history.json    Keras History (`epoch`, `history.loss`, …) and history.csv (CSVLogger layout)
 *   results.json    final loss/accuracy on train/validation/test, epochs, seconds, divergence
 *   curves.svg/png  loss and accuracy against epoch, training solid, validation dashed
 *
 * Every file is written to a temporary name and renamed (io/atomic.ts), so the folder never holds
 * half a file, whenever the run is stopped.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MlpError } from '../../tensor/errors';
import { historyToCsv, historyToJSON, type History } from '../history';
import { makeDirDurable, writeFileAtomic } from '../io/atomic';
import { writePlot } from '../plot';
import type { TrainConfig } from './config';
import type { FinalScores } from './report';

export const FILES = {
  command: 'command.txt',
  config: 'config.json',
  checkpoint: 'checkpoint',
  model: 'model',
  history: 'history.json',
  historyCsv: 'history.csv',
  results: 'results.json',
  curves: 'curves',
} as const;

export interface Results {
  final: FinalScores;
  /** Epochs completed (the History length). */
  epochs: number;
  /** Wall-clock seconds of training (fit), excluding data loading and the final evaluation. */
  seconds: number;
  /** 1-based epoch at which early stopping ended training, or null. */
  stoppedEpoch: number | null;
  diverged: { epoch: number; step: number } | null;
  seed: number;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}

/** Creates the folder (refusing a file in its place) and records the command and the config. */
export function startOutDir(dir: string, config: TrainConfig, command: string | undefined): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw new MlpError('BAD_ARGUMENT', `--out ${dir} is a file; give a folder (it is created if needed)`);
  }
  try {
    makeDirDurable(path.resolve(dir));
  } catch (err) {
    throw new MlpError('BAD_ARGUMENT', `--out ${dir}: cannot create the folder (${(err as Error).message})`);
  }
  writeFileAtomic(path.join(dir, FILES.command), `${command ?? '(library call: runExperiment)'}\n`);
  writeConfigFile(dir, config);
}

export function writeConfigFile(dir: string, config: TrainConfig): void {
  writeFileAtomic(path.join(dir, FILES.config), json(config));
}

export function readConfigFile(dir: string): TrainConfig {
  const file = path.join(dir, FILES.config);
  if (!fs.existsSync(file))
    throw new MlpError('NOT_FOUND', `${dir} is not a run folder: ${FILES.config} is missing (start a run with --out DIR first)`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TrainConfig;
  } catch (err) {
    throw new MlpError('BAD_FILE', `${file} is not valid JSON (${(err as Error).message})`);
  }
}

/** History (JSON and CSV), results and the curves, at the end of a run. */
export async function finishOutDir(dir: string, history: History, results: Results, label: string, plots: boolean): Promise<void> {
  writeFileAtomic(path.join(dir, FILES.history), json(historyToJSON(history)));
  writeFileAtomic(path.join(dir, FILES.historyCsv), historyToCsv(history));
  writeFileAtomic(path.join(dir, FILES.results), json(results));
  if (plots && history.epoch.length > 0) {
    await writePlot([{ label, history: history.history }], path.join(dir, FILES.curves), { metric: 'both', title: label });
  }
}
