/**
 * saveModel(model, dir, extras): a folder TF.js loads as a layers-model, plus what resuming needs.
 *
 *   dir/model.json          format 'layers-model', generatedBy, convertedBy: null, modelTopology,
 *                           weightsManifest [{paths: ['weights-<n>.bin'], weights: [{name, shape,
 *                           dtype: 'float32'}]}], userDefinedMetadata.mlp.sideFile = 'mlp-<n>.json'
 *   dir/weights-<n>.bin     the weights, float32 little-endian, in manifest (Keras) order
 *   dir/mlp-<n>.json        the side file (side-file.ts)
 *   dir/optimizer-<n>.bin   the optimizer's slots, when the model is compiled
 *
 * The folder changes atomically as a whole. With n = 1 + the largest generation in the folder:
 *   1. write weights-<n>.bin, optimizer-<n>.bin, mlp-<n>.json (each: temp file, fsync, rename); fsync dir
 *   2. write model.json the same way — the commit: from this rename on, generation n is the model
 *   3. delete older generations' files and temp files of writers that died mid-write
 * A kill before the rename of step 2 leaves the previous model.json, whose files step 3 has not yet
 * touched; a kill after it leaves the new, complete one (and maybe stale files the next save removes).
 * One writer per folder at a time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlpError } from '../../tensor/errors';
import type { Sequential } from '../sequential';
import { fsyncDir, makeDirDurable, removeAbandonedTemps, removeQuietly, writeFileAtomic } from './atomic';
import { fileRecord, encodeOptimizer, sideFileJson, type SaveExtras } from './side-file';
import { topologyToKeras } from './topology';
import { libraryVersion } from './version';
import { encodeFloats } from './weights';

export const MODEL_JSON = 'model.json';

/** Files of one generation: weights-3.bin, optimizer-3.bin, mlp-3.json. */
const GENERATION_FILE = /^(?:weights|optimizer|mlp)-(\d+)\.(?:bin|json)$/;

export interface SaveResult {
  dir: string;
  generation: number;
  files: string[];
}

function nextGeneration(names: string[]): number {
  let max = 0;
  for (const name of names) {
    const m = GENERATION_FILE.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** The model.json object for `model` whose weights are in `weightsFile`. */
export function modelJsonFor(model: Sequential, weightsFile: string, sideFile: string | null): Record<string, unknown> {
  const generator = `mlp ${libraryVersion()}`;
  return {
    format: 'layers-model',
    generatedBy: generator,
    convertedBy: null,
    modelTopology: topologyToKeras(model.name, model.layers, model.inputShape!, generator),
    weightsManifest: [
      { paths: [weightsFile], weights: model.params().map((p) => ({ name: p.name, shape: [...p.shape], dtype: 'float32' })) },
    ],
    ...(sideFile ? { userDefinedMetadata: { mlp: { sideFile } } } : {}),
  };
}

function prepareFolder(dir: string): string[] {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw new MlpError('BAD_ARGUMENT', `cannot save the model to '${dir}': it is a file, not a folder`);
  }
  makeDirDurable(path.resolve(dir));
  return fs.readdirSync(dir);
}

export function saveModel(model: Sequential, dir: string, extras: SaveExtras = {}): SaveResult {
  if (!model.built)
    throw new MlpError('NOT_BUILT', 'saveModel: build the model (or train it) before saving it: its weights do not exist yet');
  if (extras.epoch !== undefined && !(Number.isSafeInteger(extras.epoch) && extras.epoch >= 0)) {
    throw new MlpError(
      'BAD_ARGUMENT',
      `saveModel: extras.epoch must be the number of completed epochs (an integer ≥ 0), got ${String(extras.epoch)}`,
    );
  }
  // Everything is encoded before the first byte is written: a model that cannot be saved leaves the folder as it was.
  const weightsBytes = encodeFloats(
    model.params().map((p) => p.value),
    model.params().map(() => 'float32'),
  );
  const optimizer = encodeOptimizer(model);
  try {
    const before = prepareFolder(dir);
    const n = nextGeneration(before);
    const weightsFile = `weights-${n}.bin`;
    const optimizerFile = optimizer ? `optimizer-${n}.bin` : null;
    const sideFile = `mlp-${n}.json`;
    const files = {
      weights: fileRecord(weightsFile, weightsBytes),
      optimizer: optimizer && optimizerFile ? fileRecord(optimizerFile, optimizer.bytes) : null,
    };
    const side = sideFileJson(model, extras, `mlp ${libraryVersion()}`, files, optimizer?.entries ?? []);
    const modelJson = `${JSON.stringify(modelJsonFor(model, weightsFile, sideFile), null, 1)}\n`;

    writeFileAtomic(path.join(dir, weightsFile), weightsBytes);
    if (optimizer && optimizerFile) writeFileAtomic(path.join(dir, optimizerFile), optimizer.bytes);
    writeFileAtomic(path.join(dir, sideFile), side);
    fsyncDir(dir);
    writeFileAtomic(path.join(dir, MODEL_JSON), modelJson);
    fsyncDir(dir);

    const current = new Set([weightsFile, optimizerFile, sideFile]);
    for (const name of before) {
      if (GENERATION_FILE.test(name) && !current.has(name)) removeQuietly(path.join(dir, name));
    }
    removeAbandonedTemps(dir, before);
    return { dir, generation: n, files: [MODEL_JSON, ...[...current].filter((f): f is string => f !== null)] };
  } catch (e) {
    if (e instanceof MlpError) throw e;
    throw new MlpError('BAD_ARGUMENT', `cannot save the model to '${dir}': ${(e as Error).message}`);
  }
}
