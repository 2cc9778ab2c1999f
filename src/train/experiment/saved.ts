/**
 * Working with a saved model (`mlp evaluate`, `mlp predict`): find it, evaluate it on a data set
 * with the confusion matrix, and classify examples read from files. A model is found in a run
 * folder (DIR/model, or DIR/checkpoint for a run that was interrupted) or a model folder itself
 * (DIR/model.json, also one written by TF.js).
 *
 * Inputs are scaled as in training: bytes x ↦ x / 255, floats kept (already in 0..1).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MlpError } from '../../tensor/errors';
import { Tensor, allocFloat } from '../../tensor/tensor';
import { loadCsvFeatures, loadImage, npyValues, readIdxImages, readNpz, sliceDataset, type Dataset } from '../data';
import { loadModel } from '../io/load';
import { MODEL_JSON } from '../io/save';
import type { Sequential } from '../sequential';
import { resolveConfig } from './config';
import { loadExperimentData, loadSource } from './data';
import { confusionMatrix, evaluateDataset, type Score } from './evaluate';
import { FILES, readConfigFile } from './outdir';

/** The model folder inside `dir`: DIR/model, DIR itself, or DIR/checkpoint. */
export function findModelDir(dir: string): string {
  for (const candidate of [path.join(dir, FILES.model), dir, path.join(dir, FILES.checkpoint)]) {
    if (fs.existsSync(path.join(candidate, MODEL_JSON))) return candidate;
  }
  const what = fs.existsSync(dir) ? 'has no model' : 'does not exist';
  throw new MlpError('NOT_FOUND', `${dir} ${what}: give a run folder (mlp train --out DIR) or a model folder holding ${MODEL_JSON}`);
}

/** The saved model, compiled (a model.json from TF.js has no loss: categorical cross-entropy is assumed). */
export function loadSavedModel(dir: string): Sequential {
  const model = loadModel(findModelDir(dir));
  if (!model.loss) model.compile({ loss: 'categorical_crossentropy', optimizer: 'sgd' });
  return model;
}

export type Split = 'train' | 'valid' | 'test';
export const SPLITS: Split[] = ['test', 'valid', 'train'];

/**
 * The data set to evaluate on: with `data`, that source's test set (a CSV file: all of it); else,
 * for a run folder, `split` of the run's own data (its config); else the MNIST test set.
 */
export function evaluationSet(dir: string, opts: { data?: string; split?: Split; testSize?: number }): Dataset {
  let ds: Dataset | null;
  if (opts.data !== undefined || !fs.existsSync(path.join(dir, FILES.config))) {
    if (opts.split !== undefined && opts.split !== 'test') {
      throw new MlpError(
        'BAD_CONFIG',
        `--split ${opts.split} needs a run folder with ${FILES.config} (and no --data): other data has only its test set`,
      );
    }
    const source = loadSource(resolveConfig({ data: opts.data ?? 'mnist' }));
    ds = source.test ?? source.train;
  } else {
    const data = loadExperimentData({ ...readConfigFile(dir), augment: null });
    ds = { train: data.trainOriginal, valid: data.valid, test: data.test }[opts.split ?? 'test'];
    if (!ds)
      throw new MlpError(
        'BAD_CONFIG',
        `the run in ${dir} has no ${opts.split ?? 'test'} set; valid splits: ${SPLITS.filter((s) => s === 'train' || data[s]).join(', ')}`,
      );
  }
  if (opts.testSize !== undefined) {
    if (!Number.isInteger(opts.testSize) || opts.testSize < 1 || opts.testSize > ds.n)
      throw new MlpError('BAD_ARGUMENT', `--test-size must be an integer in 1..${ds.n}, got ${opts.testSize}`);
    ds = sliceDataset(ds, 0, opts.testSize);
  }
  return ds;
}

export interface EvaluationReport extends Score {
  n: number;
  source: string;
  confusion: number[][];
}

export function evaluateSaved(model: Sequential, ds: Dataset): EvaluationReport {
  return { ...evaluateDataset(model, ds), n: ds.n, source: ds.source, confusion: confusionMatrix(model, ds) };
}

/** Examples to classify: bytes (0..255) or floats (0..1), n × featureSize. */
export interface Inputs {
  x: Uint8Array | Float32Array | Float64Array;
  n: number;
  featureSize: number;
  source: string;
  note?: string;
}

interface InputReader {
  describe: string;
  matches(file: string): boolean;
  read(file: string, side: number): Inputs;
}

const INPUT_READERS: InputReader[] = [
  {
    describe: 'a PNG or PGM image of one digit',
    matches: (f) => /\.(png|pgm)$/i.test(f),
    read: (f, side) => {
      const img = loadImage(f, { size: side });
      const note = `${img.width}×${img.height} image${img.width !== side || img.height !== side ? ` resized to ${side}×${side}` : ''}${img.inverted ? ', inverted (dark digit on a light background)' : ''}`;
      return { x: img.pixels, n: 1, featureSize: side * side, source: f, note };
    },
  },
  { describe: 'a CSV of pixels (optionally with a label column)', matches: (f) => /\.csv$/i.test(f), read: (f) => loadCsvFeatures(f) },
  {
    describe: 'an .npz holding x_test (or x)',
    matches: (f) => /\.npz$/i.test(f),
    read: (f) => {
      const arrays = readNpz(f);
      const key = ['x_test', 'x', 'x_train'].find((k) => arrays.has(k));
      if (!key) throw new MlpError('BAD_FILE', `${f}: no x_test, x or x_train array (found ${[...arrays.keys()].join(', ') || 'none'})`);
      const arr = arrays.get(key)!;
      const n = arr.shape[0] ?? 1;
      const x = arr.descr === '|u1' ? arr.bytes : npyValues(arr, `${f}:${key}`, new Float32Array(arr.shape.reduce((a, d) => a * d, 1)));
      return { x, n, featureSize: x.length / Math.max(n, 1), source: `${f}:${key}` };
    },
  },
  {
    describe: 'an IDX images file (…-images-idx3-ubyte[.gz])',
    matches: () => true,
    read: (f) => {
      const idx = readIdxImages(f);
      return { x: idx.pixels, n: idx.n, featureSize: idx.rows * idx.cols, source: f };
    },
  },
];

/** Reads examples from an image, CSV, npz or IDX file, sized for `model`. */
export function readInputs(file: string, model: Sequential): Inputs {
  if (!fs.existsSync(file))
    throw new MlpError('NOT_FOUND', `--input ${file} does not exist (give ${INPUT_READERS.map((r) => r.describe).join(', ')})`);
  const side = Math.round(Math.sqrt(model.inputSize));
  const inputs = INPUT_READERS.find((r) => r.matches(file))!.read(file, side);
  if (inputs.featureSize !== model.inputSize) {
    throw new MlpError(
      'BAD_SHAPE',
      `${inputs.source} has ${inputs.featureSize} values per example but the model expects ${model.inputSize}`,
    );
  }
  return inputs;
}

/** Class probabilities [n, classes] for the inputs, in inference mode. */
export function predictInputs(model: Sequential, inputs: Inputs): Tensor {
  const data = allocFloat(inputs.n * inputs.featureSize, model.dtype);
  const bytes = inputs.x instanceof Uint8Array;
  for (let i = 0; i < data.length; i++) data[i] = bytes ? inputs.x[i] / 255 : inputs.x[i];
  return model.predict(new Tensor(data, [inputs.n, inputs.featureSize]), { batchSize: 500 });
}
