/**
 * The data of a TrainConfig: where it comes from, how it is split, how it is expanded.
 *
 * Sources: 'mnist' (the bundled MNIST), a folder of IDX files, an .npz (x_train, y_train, x_test,
 * y_test) — each with a training and a test part — or a labelled CSV (one set; its test set, if
 * any, is `testData`). From the training part, as the lecture's ex_ml7_1c:
 *   train = examples [0, trainSize)              (trainSize null: all but the validation ones)
 *   valid = examples [n − validSize, n)          (the lecture's 50 000…59 999)
 * or, with validationSplit f, a seeded random fraction f of the first trainSize examples is held
 * out. test = the first testSize test examples. Augmentation then expands `train` only:
 *   rotate: `copies` extra copies, copy k rotated by U(min, max) degrees, counter-clockwise for
 *           even k and clockwise for odd k (the lecture: +5…+25°, then −25…−5°)
 *   shift:  Nielsen's four one-pixel shifts (5× the data)
 * Splitting and augmentation draw from their own stream, seeded from config.seed, so the model's
 * weights, shuffling and dropout (the model's Rng) do not depend on them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MlpError } from '../../tensor/errors';
import { Rng } from '../../tensor/rng';
import {
  expandByRotation,
  expandByShift,
  loadCsv,
  loadIdxFolder,
  loadMnist,
  loadNpz,
  sliceDataset,
  splitDataset,
  type Dataset,
} from '../data';
import type { AugmentConfig, TrainConfig } from './config';

export interface ExperimentData {
  /** What fit trains on (augmented when asked). */
  train: Dataset;
  /** The training examples before augmentation (the "training" row of the final report). */
  trainOriginal: Dataset;
  valid: Dataset | null;
  test: Dataset | null;
  featureShape: number[];
  numClasses: number;
}

export function isCsv(file: string): boolean {
  return /\.csv$/i.test(file);
}

interface Source {
  describe: string;
  matches(data: string): boolean;
  load(config: TrainConfig): { train: Dataset; test: Dataset | null };
}

/** Tried in order; the first that matches loads the data. */
const SOURCES: Source[] = [
  { describe: "'mnist'", matches: (d) => d === 'mnist', load: () => loadMnist() },
  { describe: 'a .npz file', matches: (d) => /\.npz$/i.test(d), load: (c) => loadNpz(c.data) },
  {
    describe: 'a labelled .csv file',
    matches: isCsv,
    load: (c) => ({ train: loadCsv(c.data), test: c.testData !== null ? loadCsv(c.testData) : null }),
  },
  {
    describe: 'a folder of IDX files',
    matches: (d) => fs.existsSync(d) && fs.statSync(d).isDirectory(),
    load: (c) => loadIdxFolder(c.data),
  },
];

/** The training part and, if the source has one, the test part of the data. */
export function loadSource(config: TrainConfig): { train: Dataset; test: Dataset | null } {
  const source = SOURCES.find((s) => s.matches(config.data));
  if (!source) {
    const what = fs.existsSync(config.data) ? `${config.data} is not a data file this tool reads` : `${config.data} does not exist`;
    throw new MlpError(
      fs.existsSync(config.data) ? 'BAD_FILE' : 'NOT_FOUND',
      `--data: ${what}; use ${SOURCES.map((s) => s.describe).join(', ')}`,
    );
  }
  return source.load(config);
}

/** The stream for splitting and augmentation, independent of the model's (weights, shuffling, dropout). */
export function dataRng(seed: number): Rng {
  return new Rng((seed ^ 0x5bd1e995) >>> 0);
}

type Expander = (ds: Dataset, rng: Rng, a: AugmentConfig) => Dataset;

const EXPANDERS: Record<AugmentConfig['kind'], Expander> = {
  rotate: (ds, rng, a) => {
    const { minDegrees: lo, maxDegrees: hi, copies } = a as Extract<AugmentConfig, { kind: 'rotate' }>;
    const ranges = Array.from({ length: copies }, (_, k): [number, number] => (k % 2 === 0 ? [lo, hi] : [-hi, -lo]));
    return expandByRotation(ds, rng, { ranges });
  },
  shift: (ds) => expandByShift(ds),
};

function split(config: TrainConfig, pool: Dataset, rng: Rng): { train: Dataset; valid: Dataset | null } {
  const n = pool.n;
  const v = config.validSize;
  const t = config.trainSize ?? n - v;
  if (t < 1 || t + v > n) {
    throw new MlpError(
      'BAD_CONFIG',
      `--train-size ${config.trainSize ?? 'all'} + --valid-size ${v} need ${t + v} examples but ${pool.source} has ${n}; the training and validation examples would overlap. Use smaller sizes (at most ${n} together)`,
    );
  }
  const train = sliceDataset(pool, 0, t);
  if (v > 0) return { train, valid: sliceDataset(pool, n - v, n) };
  if (config.validationSplit > 0) return splitDataset(train, config.validationSplit, rng);
  return { train, valid: null };
}

export function loadExperimentData(config: TrainConfig): ExperimentData {
  const source = loadSource(config);
  const rng = dataRng(config.seed);
  const { train: trainOriginal, valid } = split(config, source.train, rng);
  let test = source.test;
  if (test && config.testSize !== null) {
    if (config.testSize > test.n)
      throw new MlpError('BAD_CONFIG', `--test-size ${config.testSize} exceeds the ${test.n} test examples of ${test.source}`);
    test = sliceDataset(test, 0, config.testSize);
  }
  const train = config.augment ? EXPANDERS[config.augment.kind](trainOriginal, rng, config.augment) : trainOriginal;
  for (const [name, ds] of [
    ['validation', valid],
    ['test', test],
  ] as const) {
    if (ds && ds.featureSize !== train.featureSize) {
      throw new MlpError(
        'BAD_FILE',
        `the ${name} set ${ds.source} has ${ds.featureSize} values per example but the training set has ${train.featureSize}`,
      );
    }
  }
  const numClasses = Math.max(train.numClasses, valid?.numClasses ?? 0, test?.numClasses ?? 0);
  return { train, trainOriginal, valid, test, featureShape: train.featureShape.slice(), numClasses };
}

/** A short name for the data in headers and plot titles. */
export function dataName(config: TrainConfig): string {
  return config.data === 'mnist' ? 'MNIST' : path.basename(config.data);
}
