/**
 * The in-memory data set and the batch source `fit()` iterates over.
 *
 * Images stay BYTES (Uint8Array, 0..255) in memory and are scaled per batch,
 *   x = b / 255,
 * exactly the lecture's `mnist['x_train'] / 255.` (a division, not a multiplication by 1/255, so
 * each value is the correctly rounded quotient), and labels become one-hot rows,
 *   y[c] = (c === label) ? 1 : 0.
 * The 60k MNIST training set therefore costs 60000·784 bytes ≈ 47 MB instead of 188 MB of floats.
 * Data sets read from float files (CSV with decimals, npz '<f4') keep a Float32Array already in 0..1.
 */
import { MlpError, check } from '../../tensor/errors';
import { gatherScaled } from '../../tensor/ops';
import { Tensor, allocFloat, type DType, type FloatArray } from '../../tensor/tensor';
import type { Rng } from '../../tensor/rng';

export interface Dataset {
  x: Uint8Array | Float32Array; // n × featureSize, row-major; bytes are scaled by 1/255 when batched
  labels: Uint8Array; // class index per example, < numClasses
  n: number;
  featureShape: number[];
  featureSize: number;
  numClasses: number;
  source: string;
}

export interface BatchSource {
  n: number;
  inputSize: number;
  outputSize: number;
  /** Copies examples order[start..end) into xOut ((end-start)×inputSize, scaled floats) and yOut (one-hot). */
  fill(order: Int32Array, start: number, end: number, xOut: Float32Array | Float64Array, yOut: Float32Array | Float64Array): void;
}

/** BYTE_SCALE[b] = b / 255, computed once in float64 (stored into float32 outputs with one rounding). */
const BYTE_SCALE = new Float64Array(256);
for (let b = 0; b < 256; b++) BYTE_SCALE[b] = b / 255;

/** Builds a Dataset after checking that its parts agree (sizes, label range). */
export function createDataset(fields: Dataset): Dataset {
  const { x, labels, n, featureSize, featureShape, numClasses, source } = fields;
  check(Number.isInteger(n) && n >= 0, `${source}: example count ${n} must be a non-negative integer`, 'BAD_SHAPE');
  check(
    featureShape.reduce((a, d) => a * d, 1) === featureSize,
    `${source}: feature shape [${featureShape.join(', ')}] does not hold ${featureSize} values`,
    'BAD_SHAPE',
  );
  check(x.length === n * featureSize, `${source}: x has ${x.length} values, expected ${n} × ${featureSize}`, 'BAD_SHAPE');
  check(labels.length === n, `${source}: ${labels.length} labels for ${n} examples`, 'BAD_SHAPE');
  check(Number.isInteger(numClasses) && numClasses >= 1 && numClasses <= 256, `${source}: numClasses ${numClasses} must be in 1..256`);
  for (let i = 0; i < n; i++) {
    if (labels[i] >= numClasses) {
      throw new MlpError(
        'BAD_FILE',
        `${source}: label ${labels[i]} of example ${i} is outside 0..${numClasses - 1} (numClasses is ${numClasses}; pass a larger numClasses if the file has more classes)`,
      );
    }
  }
  return { x, labels, n, featureShape: featureShape.slice(), featureSize, numClasses, source };
}

/** Copies example k into xOut at xAt (inputSize values) and its target into yOut at yAt (outputSize values). */
type CopyExample = (k: number, xOut: FloatArray, xAt: number, yOut: FloatArray, yAt: number) => void;

/** Throws unless order[start…end) are example indices and the outputs hold end − start rows. */
function checkFill(source: BatchSource, order: Int32Array, start: number, end: number, xOut: FloatArray, yOut: FloatArray): void {
  check(start >= 0 && end >= start && end <= order.length, `fill range [${start}, ${end}) is outside the order array of ${order.length}`);
  check(
    xOut.length >= (end - start) * source.inputSize && yOut.length >= (end - start) * source.outputSize,
    'fill output buffers are too small',
    'BAD_SHAPE',
  );
  const n = source.n;
  for (let i = start; i < end; i++) {
    const k = order[i];
    if (!(k >= 0 && k < n)) throw new MlpError('BAD_ARGUMENT', `order[${i}] = ${k} is not an example index in 0..${n - 1}`);
  }
}

/** A BatchSource that checks the fill arguments once per batch, then copies example by example. */
function batchSource(n: number, inputSize: number, outputSize: number, copy: CopyExample): BatchSource {
  const source: BatchSource = {
    n,
    inputSize,
    outputSize,
    fill(order, start, end, xOut, yOut) {
      checkFill(source, order, start, end, xOut, yOut);
      for (let i = start; i < end; i++) copy(order[i], xOut, (i - start) * inputSize, yOut, (i - start) * outputSize);
    },
  };
  return source;
}

/** The BatchSource over a Dataset: bytes scaled by 1/255 (or floats copied), labels one-hot. */
export function batchSourceFromDataset(ds: Dataset): BatchSource {
  const { x, labels, n, featureSize: inputSize, numClasses: outputSize } = ds;
  const oneHot = (k: number, yOut: FloatArray, yAt: number): void => {
    yOut.fill(0, yAt, yAt + outputSize);
    yOut[yAt + labels[k]] = 1;
  };
  if (x instanceof Uint8Array) {
    // The whole batch at once: x = b / 255 is a backend kernel (SIMD in wasm), same bits as a loop.
    const source: BatchSource = {
      n,
      inputSize,
      outputSize,
      fill(order, start, end, xOut, yOut) {
        checkFill(source, order, start, end, xOut, yOut);
        gatherScaled(x, inputSize, order, start, end, xOut);
        for (let i = start; i < end; i++) oneHot(order[i], yOut, (i - start) * outputSize);
      },
    };
    return source;
  }
  return batchSource(n, inputSize, outputSize, (k, xOut, xAt, yOut, yAt) => {
    xOut.set(x.subarray(k * inputSize, (k + 1) * inputSize), xAt);
    oneHot(k, yOut, yAt);
  });
}

/** The BatchSource over tensors already in memory: x [n, …], y [n, classes] (one-hot or soft targets). */
export function batchSourceFromTensors(x: Tensor, y: Tensor): BatchSource {
  check(
    x.rank >= 1 && y.rank === 2,
    `x must be [n, features] and y [n, classes]; got [${x.shape.join(', ')}] and [${y.shape.join(', ')}]`,
    'BAD_SHAPE',
  );
  check(x.rows === y.rows, `x has ${x.rows} examples but y has ${y.rows}`, 'BAD_SHAPE');
  const inputSize = x.cols;
  const outputSize = y.cols;
  return batchSource(x.rows, inputSize, outputSize, (k, xOut, xAt, yOut, yAt) => {
    xOut.set(x.data.subarray(k * inputSize, (k + 1) * inputSize), xAt);
    yOut.set(y.data.subarray(k * outputSize, (k + 1) * outputSize), yAt);
  });
}

/** Examples [start, end) as a view sharing the parent's memory (no copy). */
export function sliceDataset(ds: Dataset, start: number, end: number): Dataset {
  check(
    Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= ds.n,
    `slice [${start}, ${end}) of ${ds.source} must lie within 0..${ds.n}`,
  );
  return {
    x: ds.x.subarray(start * ds.featureSize, end * ds.featureSize),
    labels: ds.labels.subarray(start, end),
    n: end - start,
    featureShape: ds.featureShape.slice(),
    featureSize: ds.featureSize,
    numClasses: ds.numClasses,
    source: `${ds.source}[${start}:${end}]`,
  };
}

/** The examples of all parts, in order. Bytes stay bytes; a mix of bytes and floats becomes floats (bytes / 255). */
export function concatDatasets(parts: Dataset[]): Dataset {
  check(parts.length > 0, 'concatDatasets needs at least one data set');
  const first = parts[0];
  for (const p of parts) {
    check(
      p.featureSize === first.featureSize,
      `cannot concatenate ${p.source} (${p.featureSize} features) with ${first.source} (${first.featureSize})`,
      'BAD_SHAPE',
    );
  }
  const n = parts.reduce((a, p) => a + p.n, 0);
  const allBytes = parts.every((p) => p.x instanceof Uint8Array);
  const x = allBytes ? new Uint8Array(n * first.featureSize) : new Float32Array(n * first.featureSize);
  const labels = new Uint8Array(n);
  let offset = 0;
  for (const p of parts) {
    if (allBytes || p.x instanceof Float32Array) {
      x.set(p.x, offset * first.featureSize);
    } else {
      const base = offset * first.featureSize;
      for (let j = 0; j < p.x.length; j++) x[base + j] = BYTE_SCALE[p.x[j]];
    }
    labels.set(p.labels, offset);
    offset += p.n;
  }
  const numClasses = Math.max(...parts.map((p) => p.numClasses));
  return {
    x,
    labels,
    n,
    featureShape: first.featureShape.slice(),
    featureSize: first.featureSize,
    numClasses,
    source: parts.map((p) => p.source).join(' + '),
  };
}

/** The examples at `indices`, copied, in that order. */
export function gatherDataset(ds: Dataset, indices: ArrayLike<number>, source: string): Dataset {
  const f = ds.featureSize;
  const x = ds.x instanceof Uint8Array ? new Uint8Array(indices.length * f) : new Float32Array(indices.length * f);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    check(Number.isInteger(k) && k >= 0 && k < ds.n, `index ${k} is not an example of ${ds.source} (0..${ds.n - 1})`);
    x.set(ds.x.subarray(k * f, (k + 1) * f), i * f);
    labels[i] = ds.labels[k];
  }
  return { x, labels, n: indices.length, featureShape: ds.featureShape.slice(), featureSize: f, numClasses: ds.numClasses, source };
}

/** x as [n, featureSize] scaled floats and y as one-hot [n, numClasses]. */
export function datasetToTensors(ds: Dataset, dtype: DType = 'float32'): { x: Tensor; y: Tensor } {
  const xData: FloatArray = allocFloat(ds.n * ds.featureSize, dtype);
  const yData: FloatArray = allocFloat(ds.n * ds.numClasses, dtype);
  const order = new Int32Array(ds.n);
  for (let i = 0; i < ds.n; i++) order[i] = i;
  batchSourceFromDataset(ds).fill(order, 0, ds.n, xData, yData);
  return { x: new Tensor(xData, [ds.n, ds.featureSize]), y: new Tensor(yData, [ds.n, ds.numClasses]) };
}

/**
 * A seeded random hold-out: round(n·fraction) examples chosen by a permutation from `rng` go to
 * `valid`, the rest to `train`; both keep the original order of their examples (copies).
 */
/**
 * A seeded random hold-out of round(n·fraction) of the indices 0..n-1 (not the last fraction, the
 * Keras surprise users complain about); both parts keep ascending order. `label` names the option
 * in error messages.
 */
export function splitIndices(
  n: number,
  fraction: number,
  rng: Rng,
  label = 'validation fraction',
): { train: Int32Array; valid: Int32Array } {
  check(Number.isFinite(fraction) && fraction > 0 && fraction < 1, `${label} ${fraction} must be in (0, 1)`);
  const nValid = Math.round(n * fraction);
  check(
    nValid >= 1 && nValid < n,
    `${label} ${fraction} of ${n} examples leaves an empty part; use a value between ${1 / n} and ${1 - 1 / n}`,
  );
  const held = new Uint8Array(n);
  const perm = rng.permutation(n);
  for (let i = 0; i < nValid; i++) held[perm[i]] = 1;
  const train = new Int32Array(n - nValid);
  const valid = new Int32Array(nValid);
  for (let i = 0, t = 0, v = 0; i < n; i++) {
    if (held[i]) valid[v++] = i;
    else train[t++] = i;
  }
  return { train, valid };
}

export function splitDataset(ds: Dataset, fraction: number, rng: Rng): { train: Dataset; valid: Dataset } {
  const { train: trainIdx, valid: validIdx } = splitIndices(ds.n, fraction, rng);
  return {
    train: gatherDataset(ds, trainIdx, `${ds.source} (train split)`),
    valid: gatherDataset(ds, validIdx, `${ds.source} (validation split)`),
  };
}
