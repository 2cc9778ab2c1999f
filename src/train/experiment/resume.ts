/**
 * `resume(dir)`: continues the run saved in `dir` (an `out` folder, or the folder an interrupted
 * run printed) from its last complete epoch: DIR/config.json gives the run, DIR/checkpoint the
 * weights, optimizer state, random streams, History and EarlyStopping state. The model is rebuilt
 * from the config exactly as a fresh run builds it and then given the saved state, so the resumed
 * run ends with the same weights as an uninterrupted one. `epochs` may be raised to train longer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MlpError } from '../../tensor/errors';
import { History } from '../history';
import { loadCheckpoint } from '../io/load';
import { MODEL_JSON } from '../io/save';
import { resolveConfig, type TrainConfig } from './config';
import type { RunState } from './checkpoint';
import { FILES, readConfigFile, writeConfigFile } from './outdir';
import { continueExperiment, prepareExperiment, type ExperimentIO, type ExperimentResult } from './run';

/** What may change when resuming: how long to train and on which engine. */
export type ResumeOverrides = Partial<Pick<TrainConfig, 'epochs' | 'threads' | 'backend'>>;

export async function resume(dir: string, io: ExperimentIO = {}, overrides: ResumeOverrides = {}): Promise<ExperimentResult> {
  if (!fs.existsSync(dir)) throw new MlpError('NOT_FOUND', `--resume ${dir}: no such folder`);
  const saved = readConfigFile(dir);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const { config, data, model } = prepareExperiment(resolveConfig({ ...saved, ...defined, out: dir }), io);
  if (Object.keys(defined).length > 0) writeConfigFile(dir, config);
  const log = io.log === undefined ? console.log : io.log;
  const checkpointDir = path.join(dir, FILES.checkpoint);
  if (!fs.existsSync(path.join(checkpointDir, MODEL_JSON))) {
    if (log) log(`${dir} has no checkpoint yet (no epoch was completed): starting from epoch 1`);
    return continueExperiment(config, io, data, model, { epoch: 0, history: new History(), state: null });
  }
  const checkpoint = loadCheckpoint(checkpointDir);
  if (!checkpoint.resumable || !checkpoint.model.optimizer) {
    throw new MlpError('BAD_FILE', `${checkpointDir}: the checkpoint has no optimizer state or side file; it cannot be resumed`);
  }
  model.setWeights(checkpoint.model.getWeights());
  model.optimizer!.setState(checkpoint.model.optimizer.getState());
  model.setRandomState(checkpoint.model.getRandomState());
  if (log) log(`resuming ${dir} after epoch ${checkpoint.epoch} of ${config.epochs}`);
  const state = checkpoint.state as unknown as RunState | null;
  return continueExperiment(config, io, data, model, { epoch: checkpoint.epoch, history: checkpoint.history, state });
}
