/**
 * Keras's `mnist.npz` (keras.datasets.mnist.load_data): a zip of four .npy arrays
 *   x_train (60000, 28, 28) '|u1', y_train (60000,) '|u1' (or '<i8'), x_test, y_test,
 * stored or deflated (np.savez / np.savez_compressed). Byte images stay bytes; float images
 * ('<f4', '<f8') must already be scaled to 0..1 (the same rule as CSV files with decimals).
 * Also a small writer, used by the tests and fixtures and to export data for Python.
 */
import * as fs from 'fs';
import { createDataset, type Dataset } from './dataset';
import { fail, readDataFile } from './files';
import { elementType, encodeNpy, npyValues, parseNpy, type NpyArray } from './npy';
import { readZip, writeZip } from './zip';

export interface NpzInput {
  descr: string;
  shape: number[];
  values: ArrayLike<number>;
}

/** The arrays of an .npz file by name (without `.npy`). */
export function readNpz(file: string): Map<string, NpyArray> {
  const bytes = readDataFile(file, '.npz file');
  const arrays = new Map<string, NpyArray>();
  for (const entry of readZip(bytes, file)) {
    if (!entry.name.endsWith('.npy')) continue;
    const name = entry.name.slice(0, -4);
    arrays.set(name, parseNpy(entry.read(), `${file}:${entry.name}`));
  }
  return arrays;
}

/** Image array → bytes (a view for '|u1') or 0..1 floats, validated. */
function images(arr: NpyArray, where: string): Uint8Array | Float32Array {
  const kind = arr.descr.slice(1);
  if (kind === 'u1') return arr.bytes;
  const isFloat = kind.startsWith('f');
  const values = isFloat
    ? npyValues(arr, where, new Float32Array(arr.bytes.length / elementType(arr.descr, where).type.size))
    : npyValues(arr, where);
  const max = isFloat ? 1 : 255;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= max)) {
      const why = Number.isNaN(v)
        ? 'NaN'
        : `${v}, outside 0..${max}${isFloat ? ' (float images must be scaled to 0..1; divide by 255)' : ''}`;
      fail(where, `value ${i} is ${why}`);
    }
  }
  return isFloat ? (values as Float32Array) : Uint8Array.from(values);
}

/** Label array → class indices, validated against numClasses. */
function labels(arr: NpyArray, where: string, numClasses: number): Uint8Array {
  if (!/^[<>|=][ui]\d$/.test(arr.descr)) fail(where, `labels have dtype '${arr.descr}'; expected integers ('|u1', '<i8', …)`);
  const values = npyValues(arr, where);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= numClasses)
      fail(where, `label ${v} of example ${i} is outside 0..${numClasses - 1} (pass numClasses if the data set has more classes)`);
    out[i] = v;
  }
  return out;
}

function datasetFrom(file: string, arrays: Map<string, NpyArray>, xName: string, yName: string, numClasses: number): Dataset {
  const x = arrays.get(xName);
  const y = arrays.get(yName);
  const missing = [xName, yName].filter((k) => !arrays.has(k));
  if (!x || !y) {
    fail(
      file,
      `has no ${missing.map((k) => `${k}.npy`).join(' or ')} (found: ${[...arrays.keys()].join(', ') || 'no arrays'}); a Keras mnist.npz holds x_train, y_train, x_test, y_test`,
    );
  }
  const where = `${file}:${xName}.npy`;
  if (x.shape.length < 2) fail(where, `shape (${x.shape.join(', ')}) is not (examples, features…)`);
  const n = x.shape[0];
  const featureShape = x.shape.slice(1);
  const featureSize = featureShape.reduce((a, d) => a * d, 1);
  if (y.shape.length !== 1 && !(y.shape.length === 2 && y.shape[1] === 1))
    fail(`${file}:${yName}.npy`, `shape (${y.shape.join(', ')}) is not (examples,)`);
  if (y.shape[0] !== n) fail(file, `${xName} has ${n} examples but ${yName} has ${y.shape[0]}`);
  if (n === 0 || featureSize === 0) fail(where, `shape (${x.shape.join(', ')}) holds no data`);
  return createDataset({
    x: images(x, where),
    labels: labels(y, `${file}:${yName}.npy`, numClasses),
    n,
    featureShape,
    featureSize,
    numClasses,
    source: `${file}:${xName}`,
  });
}

/** {train, test} from an .npz holding x_train, y_train, x_test, y_test (Keras's mnist.npz layout). */
export function loadNpz(file: string, opts: { numClasses?: number } = {}): { train: Dataset; test: Dataset } {
  const arrays = readNpz(file);
  const numClasses = opts.numClasses ?? 10;
  return {
    train: datasetFrom(file, arrays, 'x_train', 'y_train', numClasses),
    test: datasetFrom(file, arrays, 'x_test', 'y_test', numClasses),
  };
}

/** The bytes of an .npz holding `arrays` (np.savez layout; `compress` → np.savez_compressed). */
export function encodeNpz(arrays: Record<string, NpzInput>, compress = false): Buffer {
  const entries = Object.entries(arrays).map(([name, a]) => ({ name: `${name}.npy`, data: encodeNpy(a.descr, a.shape, a.values) }));
  return writeZip(entries, compress);
}

/** Writes an .npz file (see encodeNpz). */
export function saveNpz(file: string, arrays: Record<string, NpzInput>, compress = false): void {
  fs.writeFileSync(file, encodeNpz(arrays, compress));
}
