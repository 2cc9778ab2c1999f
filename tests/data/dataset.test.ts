import { MlpError } from '../../src/tensor/errors';
import { Rng } from '../../src/tensor/rng';
import { tensor } from '../../src/tensor/tensor';
import {
  batchSourceFromDataset,
  batchSourceFromTensors,
  concatDatasets,
  createDataset,
  datasetToTensors,
  sliceDataset,
  splitDataset,
  type Dataset,
} from '../../src/train/data/dataset';

/** n examples of 2×2 bytes: example i holds [4i, 4i+1, 4i+2, 4i+3], label i % 3. */
function tiny(n: number): Dataset {
  const x = new Uint8Array(4 * n);
  for (let i = 0; i < x.length; i++) x[i] = i;
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % 3;
  return createDataset({ x, labels, n, featureShape: [2, 2], featureSize: 4, numClasses: 3, source: 'tiny' });
}

describe('Dataset', () => {
  test('batchSourceFromDataset scales bytes by 1/255 (division) and one-hot encodes the labels, in the given order', () => {
    const src = batchSourceFromDataset(tiny(4));
    expect([src.n, src.inputSize, src.outputSize]).toEqual([4, 4, 3]);
    const x = new Float32Array(8);
    const y = new Float32Array(6).fill(7); // stale values must be overwritten
    src.fill(Int32Array.from([9, 3, 1]), 1, 3, x, y);
    // order[1] = 3 → bytes 12..15, label 0; order[2] = 1 → bytes 4..7, label 1
    expect(Array.from(x)).toEqual([12, 13, 14, 15, 4, 5, 6, 7].map((b) => Math.fround(b / 255)));
    expect(Array.from(y)).toEqual([1, 0, 0, 0, 1, 0]);
  });

  test('every byte b becomes exactly b / 255 in float64 (a division, as numpy x / 255.)', () => {
    const ds = createDataset({
      x: Uint8Array.from({ length: 256 }, (_, b) => b),
      labels: Uint8Array.from([0]),
      n: 1,
      featureShape: [256],
      featureSize: 256,
      numClasses: 1,
      source: 'bytes',
    });
    const { x } = datasetToTensors(ds, 'float64');
    for (let b = 0; b < 256; b++) expect(x.data[b]).toBe(b / 255);
  });

  test('fill rejects an order index outside the data set', () => {
    const src = batchSourceFromDataset(tiny(2));
    expect(() => src.fill(Int32Array.from([0, 2]), 0, 2, new Float32Array(8), new Float32Array(6))).toThrow(/order\[1\] = 2/);
  });

  test('batchSourceFromTensors copies rows of x and y', () => {
    const src = batchSourceFromTensors(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      tensor([
        [1, 0],
        [0, 1],
        [1, 0],
      ]),
    );
    const x = new Float64Array(4);
    const y = new Float64Array(4);
    src.fill(Int32Array.from([2, 0]), 0, 2, x, y);
    expect(Array.from(x)).toEqual([5, 6, 1, 2]);
    expect(Array.from(y)).toEqual([1, 0, 1, 0]);
    expect(() =>
      batchSourceFromTensors(
        tensor([[1, 2]]),
        tensor([
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toThrow(MlpError);
  });

  test('sliceDataset is a view sharing memory', () => {
    const ds = tiny(5);
    const s = sliceDataset(ds, 1, 3);
    expect([s.n, s.x.length, Array.from(s.labels)]).toEqual([2, 8, [1, 2]]);
    ds.x[4] = 200;
    expect(s.x[0]).toBe(200);
    expect(() => sliceDataset(ds, 3, 6)).toThrow(/within 0..5/);
  });

  test('concatDatasets keeps bytes, and turns a bytes + floats mix into floats', () => {
    const a = tiny(2);
    const both = concatDatasets([a, tiny(1)]);
    expect(both.x).toBeInstanceOf(Uint8Array);
    expect([both.n, Array.from(both.labels)]).toEqual([3, [0, 1, 0]]);
    const floats = { ...tiny(1), x: Float32Array.from([0.5, 0.25, 0, 1]) };
    const mixed = concatDatasets([a, floats]);
    expect(mixed.x).toBeInstanceOf(Float32Array);
    expect(mixed.x[1]).toBeCloseTo(1 / 255, 7);
    expect(Array.from(mixed.x.subarray(8))).toEqual([0.5, 0.25, 0, 1]);
  });

  test('datasetToTensors gives [n, features] floats and one-hot [n, classes]', () => {
    const { x, y } = datasetToTensors(tiny(2), 'float64');
    expect([x.shape, y.shape, x.dtype]).toEqual([[2, 4], [2, 3], 'float64']);
    expect(x.data[5]).toBe(5 / 255);
    expect(Array.from(y.data)).toEqual([1, 0, 0, 0, 1, 0]);
  });

  test('splitDataset is a seeded hold-out: same seed, same split; parts partition the examples', () => {
    const ds = tiny(20);
    const a = splitDataset(ds, 0.25, new Rng(3));
    const b = splitDataset(ds, 0.25, new Rng(3));
    const c = splitDataset(ds, 0.25, new Rng(4));
    expect([a.train.n, a.valid.n]).toEqual([15, 5]);
    expect(Array.from(a.valid.x)).toEqual(Array.from(b.valid.x));
    expect(Array.from(a.valid.x)).not.toEqual(Array.from(c.valid.x));
    const firstBytes = [...Array.from(a.train.x), ...Array.from(a.valid.x)].filter((_, i) => i % 4 === 0).sort((p, q) => p - q);
    expect(firstBytes).toEqual(Array.from({ length: 20 }, (_, i) => 4 * i));
    expect(() => splitDataset(ds, 1, new Rng(1))).toThrow(/\(0, 1\)/);
  });

  test('createDataset rejects a label outside numClasses and a size mismatch', () => {
    const ds = tiny(2);
    expect(() => createDataset({ ...ds, labels: Uint8Array.from([0, 3]) })).toThrow(/label 3 of example 1 is outside 0..2/);
    expect(() => createDataset({ ...ds, n: 3 })).toThrow(MlpError);
  });
});
