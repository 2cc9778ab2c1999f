import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { crc32, crc32Reference } from '../../src/train/data/crc32';
import { encodeNpy, parseNpy, npyValues } from '../../src/train/data/npy';
import { encodeNpz, loadNpz, readNpz, saveNpz } from '../../src/train/data/npz';
import { readZip } from '../../src/train/data/zip';

const FIX = path.join(__dirname, '..', 'fixtures', 'npz');
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'expected.json'), 'utf8')) as { x_train: number[]; x_test: number[] };

describe('npz (numpy-written fixtures)', () => {
  test.each(['mnist-tiny.npz', 'mnist-tiny-compressed.npz'])('%s: stored/deflated entries, |u1 images, u1/i8 labels', (name) => {
    const { train, test } = loadNpz(path.join(FIX, name));
    expect([train.n, test.n, train.featureShape]).toEqual([3, 2, [2, 3]]);
    expect(train.x).toBeInstanceOf(Uint8Array);
    expect(Array.from(train.x)).toEqual(expected.x_train);
    expect(Array.from(test.x)).toEqual(expected.x_test);
    expect(Array.from(train.labels)).toEqual([5, 0, 4]);
    expect(Array.from(test.labels)).toEqual([7, 2]);
  });

  test('float images (<f4 and big-endian >f8) are kept as 0..1 floats; <i8 and <i4 labels', () => {
    const { train, test } = loadNpz(path.join(FIX, 'float.npz'));
    expect(train.x).toBeInstanceOf(Float32Array);
    expect(Array.from(train.x)).toEqual(expected.x_train.map((b) => Math.fround(b / 255)));
    expect(Array.from(test.x)).toEqual(expected.x_test.map((b) => Math.fround(b / 255)));
    expect(Array.from(test.labels)).toEqual([7, 2]);
  });
});

describe('npz writer', () => {
  test('round trip through our writer, stored and deflated', () => {
    const arrays = {
      x_train: { descr: '|u1', shape: [2, 2, 2], values: [0, 1, 2, 3, 250, 251, 252, 253] },
      y_train: { descr: '<i8', shape: [2], values: [3, 9] },
      x_test: { descr: '<f4', shape: [1, 2, 2], values: [0, 0.5, 0.25, 1] },
      y_test: { descr: '|u1', shape: [1], values: [1] },
    };
    for (const compress of [false, true]) {
      const file = path.join(os.tmpdir(), `mlp-npz-${process.pid}-${compress}.npz`);
      saveNpz(file, arrays, compress);
      const { train, test } = loadNpz(file);
      fs.unlinkSync(file);
      expect(Array.from(train.x)).toEqual(arrays.x_train.values);
      expect(Array.from(train.labels)).toEqual([3, 9]);
      expect(Array.from(test.x)).toEqual([0, 0.5, 0.25, 1]);
    }
  });

  test('the .npy header is padded to a multiple of 64 bytes and ends in a newline (format 1.0)', () => {
    const npy = encodeNpy('<i8', [3], [1, -2, 3]);
    const headerLength = npy.readUInt16LE(8);
    expect((10 + headerLength) % 64).toBe(0);
    expect(npy[10 + headerLength - 1]).toBe(10);
    expect(npy.toString('latin1', 10, 10 + headerLength)).toContain("'shape': (3,)");
    expect(Array.from(npyValues(parseNpy(npy, 'x'), 'x'))).toEqual([1, -2, 3]);
  });

  test('zip entries carry the right CRC-32 (check value of "123456789" is 0xCBF43926)', () => {
    const check = Buffer.from('123456789');
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32Reference(check)).toBe(0xcbf43926);
    const zip = encodeNpz({ a: { descr: '|u1', shape: [1], values: [7] } });
    expect(readZip(zip, 'mem').map((e) => e.name)).toEqual(['a.npy']);
    const file = path.join(os.tmpdir(), `mlp-npz-${process.pid}-a.npz`);
    fs.writeFileSync(file, zip);
    expect(readNpz(file).get('a')?.shape).toEqual([1]);
    fs.unlinkSync(file);
  });
});
