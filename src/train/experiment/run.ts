/**
 * `runExperiment(config, io)`: one training run from a TrainConfig, as the lecture's scripts do it:
 *
 *   check the config → load and split the data (augment) → build and compile the model → header
 *   → fit(train, validationData = valid, callbacks = History, EarlyStopping, epoch snapshots)
 *   → evaluate train (unaugmented), validation and test → the lecture's performance report
 *   → the output folder (model, history, results, curves; see outdir.ts)
 *
 * `resume(dir)` continues a run from DIR/checkpoint (the last complete epoch) with the config in
 * DIR/config.json; it ends with the same weights as the run would have without the interruption.
 *
 * An aborted `io.signal` (the CLI's SIGINT) stops training after the current batch; the state of
 * the last complete epoch is saved as a checkpoint (in `out`, or a new runs/<timestamp> folder) and
 * the run ends with MlpError('INTERRUPTED'), whose message says how to resume.
 */
import * as path from 'path';
import { MlpError } from '../../tensor/errors';
import type { OutputStream } from '../callbacks/callback';
import { LambdaCallback } from '../callbacks/lambda-callback';
import { History } from '../history';
import { saveModel } from '../io/save';
import type { Sequential } from '../sequential';
import { resolveConfig, type PartialTrainConfig, type TrainConfig } from './config';
import { batchSourceFromDataset } from '../data';
import { EpochSnapshot, ResumableEarlyStopping, type RunState } from './checkpoint';
import { loadExperimentData, type ExperimentData } from './data';
import { applyEngine } from './engine';
import { evaluateDataset } from './evaluate';
import { architectureOf, buildModel } from './model';
import { FILES, finishOutDir, startOutDir, type Results } from './outdir';
import { finalLines, headerLines, runLabel, type FinalScores } from './report';
import { validateConfig } from './validate';

export interface ExperimentIO {
  /** Receives the header, the final report and messages, one line at a time; null = silent. Default console.log. */
  log?: ((line: string) => void) | null;
  /** fit's progress display: 0 silent, 1 bar, 2 one line per epoch. Default 0 for library calls. */
  verbose?: 0 | 1 | 2;
  /** Where the progress display goes (default process.stdout). */
  progress?: OutputStream;
  /** Called after every epoch with its metrics (loss, accuracy, val_*, lr, penalty, seconds). */
  onEpoch?: (epoch: number, logs: Record<string, number>) => void;
  /** Aborting it stops training after the current batch and checkpoints the last complete epoch. */
  signal?: AbortSignal;
  /** fit's `yieldEveryMs`: training time between two yields to the event loop, where an abort lands (default 50). */
  yieldEveryMs?: number;
  /** The command line recorded in out/command.txt. */
  command?: string;
  /** Write curves.svg/png into `out` (default true). */
  plots?: boolean;
  /** Where an interrupted run without `out` saves its checkpoint (default runs/<timestamp>). */
  interruptDir?: string;
}

export interface ExperimentResult {
  config: TrainConfig;
  history: History;
  final: FinalScores;
  model: Sequential;
  /** Wall-clock seconds of training (fit). */
  seconds: number;
  /** 1-based epoch at which early stopping ended training, or null. */
  stoppedEpoch: number | null;
  diverged: { epoch: number; step: number } | null;
  out: string | null;
}

/** Where a run resumes from: completed epochs, their history and the callbacks' state. */
interface Start {
  epoch: number;
  history: History;
  state: RunState | null;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
}

function epochLogger(io: ExperimentIO): LambdaCallback | null {
  const onEpoch = io.onEpoch;
  return onEpoch ? new LambdaCallback({ onEpochEnd: (epoch, logs) => onEpoch(epoch, { ...logs }) }) : null;
}

/** Stops fit after the current batch when the signal is aborted. */
function watchSignal(signal: AbortSignal | undefined, model: Sequential): { interrupted: () => boolean; dispose: () => void } {
  let interrupted = false;
  const stop = (): void => {
    interrupted = true;
    model.stopTraining = true;
  };
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop);
  return { interrupted: () => interrupted, dispose: () => signal?.removeEventListener('abort', stop) };
}

async function finalScores(model: Sequential, data: ExperimentData): Promise<FinalScores> {
  const final: FinalScores = { train: evaluateDataset(model, data.trainOriginal) };
  if (data.valid) final.valid = evaluateDataset(model, data.valid);
  if (data.test) final.test = evaluateDataset(model, data.test);
  return final;
}

async function execute(
  config: TrainConfig,
  io: ExperimentIO,
  data: ExperimentData,
  model: Sequential,
  start: Start,
): Promise<ExperimentResult> {
  const log = io.log === undefined ? console.log : io.log;
  const verbose = io.verbose ?? 0;
  const history = start.history;
  const es = config.earlyStopping;
  const earlyStopping = es
    ? new ResumableEarlyStopping({
        monitor: es.monitor,
        patience: es.patience,
        minDelta: es.minDelta,
        restoreBestWeights: es.restoreBest,
        verbose: verbose > 0 ? 1 : 0,
      })
    : null;
  if (earlyStopping) earlyStopping.resumeFrom = start.state?.earlyStopping ?? null;
  const snapshot = new EpochSnapshot(history, earlyStopping, config.out ? path.join(config.out, FILES.checkpoint) : null);
  const logger = epochLogger(io);
  const callbacks = [history, ...(earlyStopping ? [earlyStopping] : []), snapshot, ...(logger ? [logger] : [])];
  const watch = watchSignal(io.signal, model);
  const t0 = performance.now();
  try {
    // fit draws a fresh permutation from the model's Rng each epoch, so --resume shuffles identically
    await model.fit(batchSourceFromDataset(data.train), {
      epochs: config.epochs,
      shuffle: true,
      batchSize: config.batchSize,
      validationData: data.valid ?? undefined,
      callbacks,
      verbose,
      initialEpoch: start.epoch,
      onNaN: config.onNaN,
      output: io.progress,
      ...(io.yieldEveryMs === undefined ? {} : { yieldEveryMs: io.yieldEveryMs }),
    });
  } finally {
    watch.dispose();
  }
  const seconds = (performance.now() - t0) / 1e3;
  if (watch.interrupted()) {
    const dir = config.out ?? io.interruptDir ?? path.join('runs', timestamp());
    if (!config.out) startOutDir(dir, { ...config, out: dir }, io.command);
    snapshot.restore();
    snapshot.save(path.join(dir, FILES.checkpoint));
    throw new MlpError(
      'INTERRUPTED',
      `interrupted: the checkpoint of epoch ${snapshot.epoch}/${config.epochs} (the last complete one) is in ${path.join(dir, FILES.checkpoint)}; resume with: mlp train --resume ${dir}`,
    );
  }
  if (history.diverged && log && verbose === 0) {
    log(
      `training diverged at epoch ${history.diverged.epoch + 1}, step ${history.diverged.step + 1} (loss not finite); the last finite weights were kept`,
    );
  }
  const final = await finalScores(model, data);
  if (log) for (const line of finalLines(final)) log(line);
  const stoppedEpoch = earlyStopping && earlyStopping.stoppedEpoch > 0 ? earlyStopping.stoppedEpoch + 1 : null;
  const result: ExperimentResult = { config, history, final, model, seconds, stoppedEpoch, diverged: history.diverged, out: config.out };
  if (config.out) {
    const results: Results = { final, epochs: history.epoch.length, seconds, stoppedEpoch, diverged: history.diverged, seed: config.seed };
    saveModel(model, path.join(config.out, FILES.model), { epoch: history.epoch.length, history });
    await finishOutDir(config.out, history, results, runLabel(config), io.plots ?? true);
  }
  return result;
}

/** Checks the config, loads the data, builds the model; the config comes back with its full `arch`. */
function prepare(resolved: TrainConfig, io: ExperimentIO): { config: TrainConfig; data: ExperimentData; model: Sequential } {
  validateConfig(resolved);
  applyEngine(resolved);
  const data = loadExperimentData(resolved);
  const arch = architectureOf(resolved, data.train.featureSize, data.numClasses);
  const config = { ...resolved, arch, hidden: arch.slice(1, -1) };
  const model = buildModel(config, { featureShape: data.featureShape, numClasses: data.numClasses, trainSize: data.train.n });
  const log = io.log === undefined ? console.log : io.log;
  if (log) for (const line of headerLines(config, data, model)) log(line);
  return { config, data, model };
}

/** Trains the network a config describes (defaults: the lecture's base network) and reports on it. */
export async function runExperiment(partial: PartialTrainConfig = {}, io: ExperimentIO = {}): Promise<ExperimentResult> {
  const { config, data, model } = prepare(resolveConfig(partial), io);
  if (config.out) startOutDir(config.out, config, io.command);
  return execute(config, io, data, model, { epoch: 0, history: new History(), state: null });
}

export { execute as continueExperiment, prepare as prepareExperiment, type Start };
