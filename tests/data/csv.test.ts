import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCsv, loadCsvFeatures } from '../../src/train/data/csv';

const FIX = path.join(__dirname, '..', 'fixtures', 'csv');

describe('CSV (Kaggle layout)', () => {
  test('a header row is detected; integer pixels stay bytes', () => {
    const ds = loadCsv(path.join(FIX, 'train.csv'));
    expect(ds.x).toBeInstanceOf(Uint8Array);
    expect([ds.n, ds.featureSize, ds.featureShape]).toEqual([3, 4, [2, 2]]);
    expect(Array.from(ds.labels)).toEqual([7, 2, 0]);
    expect(Array.from(ds.x)).toEqual([0, 128, 255, 3, 10, 20, 30, 40, 255, 0, 0, 1]);
  });

  test('decimal cells make a 0..1 float file; no header, CRLF and blank lines are fine', () => {
    const ds = loadCsv(path.join(FIX, 'float.csv'));
    expect(ds.x).toBeInstanceOf(Float32Array);
    expect(Array.from(ds.labels)).toEqual([1, 9]);
    expect(Array.from(ds.x)).toEqual([0, 0.5, 1, 0.25, Math.fround(0.1), 0.75, 0.5, 0]);
  });

  test('a label written as 5.0 does not make the pixels floats (only pixel cells decide the scale)', () => {
    const file = path.join(os.tmpdir(), `mlp-csv-${process.pid}.csv`);
    fs.writeFileSync(file, '5.0,0,255\n');
    const ds = loadCsv(file);
    fs.unlinkSync(file);
    expect([ds.x instanceof Uint8Array, ds.labels[0], Array.from(ds.x)]).toEqual([true, 5, [0, 255]]);
  });

  test('unlabelled CSV for prediction; a `label` header column is skipped automatically', () => {
    const f = loadCsvFeatures(path.join(FIX, 'features.csv'));
    expect([f.n, f.featureSize, Array.from(f.x)]).toEqual([2, 4, [0, 128, 255, 3, 10, 20, 30, 40]]);
    const g = loadCsvFeatures(path.join(FIX, 'labelled-features.csv'));
    expect([g.featureSize, Array.from(g.x)]).toEqual([4, [0, 128, 255, 3]]);
    const h = loadCsvFeatures(path.join(FIX, 'labelled-features.csv'), { hasLabel: false });
    expect(h.featureSize).toBe(5);
  });
});
