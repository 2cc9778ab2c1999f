/**
 * The malformed-input corpus in tests/fixtures/bad/ (written by tests/fixtures/make_fixtures.py):
 * one case per file, each asserting the MlpError code and what the message says.
 */
import * as path from 'path';
import { MlpError } from '../../src/tensor/errors';
import { loadCsv } from '../../src/train/data/csv';
import { loadIdxFolder, loadIdxPair, readIdxImages, readIdxLabels } from '../../src/train/data/idx';
import { loadImage } from '../../src/train/data/image';
import { loadNpz } from '../../src/train/data/npz';

const FIX = path.join(__dirname, '..', 'fixtures');
const bad = (name: string): string => path.join(FIX, 'bad', name);
const goodImages = path.join(FIX, 'idx', 'train-images-idx3-ubyte');
const goodLabels = path.join(FIX, 'idx', 'train-labels-idx1-ubyte');

function errorOf(load: () => unknown): MlpError {
  try {
    load();
  } catch (e) {
    if (e instanceof MlpError) return e;
    throw new Error(`expected an MlpError, got ${String(e)}`);
  }
  throw new Error('expected an MlpError, but the file loaded');
}

const cases: [string, () => unknown, 'BAD_FILE' | 'NOT_FOUND', RegExp][] = [
  // IDX
  [
    'truncated IDX images',
    () => readIdxImages(bad('truncated-images-idx3-ubyte')),
    'BAD_FILE',
    /is truncated: header says \[5 × 4 × 4\] = 80 bytes of data but the file has 73/,
  ],
  [
    'IDX cut inside its header',
    () => readIdxImages(bad('header-only-images-idx3-ubyte')),
    'BAD_FILE',
    /truncated inside its header \(10 of 16 bytes\)/,
  ],
  [
    'IDX with the wrong magic number',
    () => readIdxImages(bad('wrong-magic-images-idx3-ubyte')),
    'BAD_FILE',
    /magic number 0x00000801 is not an IDX images file \(expected 0x00000803/,
  ],
  [
    'IDX with bytes after its data',
    () => readIdxImages(bad('extra-bytes-images-idx3-ubyte')),
    'BAD_FILE',
    /has 2 bytes after the \[5 × 4 × 4\] images/,
  ],
  [
    'IDX header claiming 4 billion × 65535² images (rejected before allocating)',
    () => readIdxImages(bad('absurd-count-images-idx3-ubyte')),
    'BAD_FILE',
    /is truncated: header says \[4294967295 × 65535 × 65535\]/,
  ],
  [
    'image and label counts differ',
    () => loadIdxPair(goodImages, bad('four-labels-idx1-ubyte')),
    'BAD_FILE',
    /has 5 images but .*four-labels-idx1-ubyte has 4 labels/,
  ],
  [
    'label outside the class range',
    () => loadIdxPair(goodImages, bad('label-12-idx1-ubyte')),
    'BAD_FILE',
    /label 12 of example 2 is outside 0..9 \(pass numClasses/,
  ],
  ['empty labels file', () => readIdxLabels(bad('empty-idx1-ubyte')), 'BAD_FILE', /is empty, expected an IDX labels file/],
  ['truncated gzip', () => readIdxImages(bad('truncated.gz')), 'BAD_FILE', /gzip data is corrupt/],
  ['missing file', () => loadIdxPair(bad('no-such-file'), goodLabels), 'NOT_FOUND', /no-such-file: IDX images file not found/],
  [
    'folder without the four IDX files',
    () => loadIdxFolder(path.join(FIX, 'csv')),
    'NOT_FOUND',
    /has no train-images-idx3-ubyte\[\.gz\] file/,
  ],
  ['missing folder', () => loadIdxFolder(bad('no-such-folder')), 'NOT_FOUND', /folder of IDX files not found/],
  ['a file where a folder is expected', () => loadIdxFolder(goodImages), 'BAD_FILE', /is a file, expected a folder of IDX files/],
  // CSV
  ['NaN pixel', () => loadCsv(bad('nan.csv')), 'BAD_FILE', /nan\.csv: line 3, column 3: pixel is NaN/],
  ['infinite pixel', () => loadCsv(bad('inf.csv')), 'BAD_FILE', /line 2, column 4: pixel is Infinity, not a finite number/],
  ['pixel above 255', () => loadCsv(bad('pixel-300.csv')), 'BAD_FILE', /line 2, column 3: pixel 300 is outside 0..255 \(integer pixels\)/],
  ['negative pixel', () => loadCsv(bad('negative.csv')), 'BAD_FILE', /line 1, column 5: pixel -1 is outside 0..255/],
  [
    'float pixel above 1',
    () => loadCsv(bad('float-above-1.csv')),
    'BAD_FILE',
    /line 2, column 3: pixel 1.5 is outside 0..1 \(the file has decimal values/,
  ],
  ['non-numeric cell', () => loadCsv(bad('word.csv')), 'BAD_FILE', /line 3, column 4: cell "zero" is not a number/],
  ['empty cell', () => loadCsv(bad('empty-cell.csv')), 'BAD_FILE', /line 2, column 3: empty cell/],
  ['ragged rows', () => loadCsv(bad('ragged.csv')), 'BAD_FILE', /line 3 has 4 cells but line 1 has 5 \(ragged rows\)/],
  ['label outside the class range', () => loadCsv(bad('label-10.csv')), 'BAD_FILE', /line 2, column 1: label 10 is outside 0..9/],
  ['fractional label', () => loadCsv(bad('label-fraction.csv')), 'BAD_FILE', /line 2, column 1: label 2.5 is not a class index/],
  ['empty CSV', () => loadCsv(bad('empty.csv')), 'BAD_FILE', /empty\.csv: is empty, expected a CSV file/],
  ['only blank lines', () => loadCsv(bad('blank-lines.csv')), 'BAD_FILE', /has no rows \(only blank lines\)/],
  ['header but no data', () => loadCsv(bad('header-only.csv')), 'BAD_FILE', /has a header \(line 1\) but no data rows/],
  [
    'a directory where a file is expected',
    () => loadCsv(bad('folder.csv')),
    'BAD_FILE',
    /folder\.csv: is a directory, expected a CSV file/,
  ],
  // npz
  [
    'npz that is not a zip',
    () => loadNpz(bad('not-a-zip.npz')),
    'BAD_FILE',
    /is not a zip archive, or is truncated \(no end-of-central-directory record\)/,
  ],
  ['truncated npz', () => loadNpz(bad('truncated.npz')), 'BAD_FILE', /is not a zip archive, or is truncated/],
  ['corrupt npz entry', () => loadNpz(bad('crc-mismatch.npz')), 'BAD_FILE', /zip entry x_train\.npy fails its CRC-32 check/],
  ['npz without y_test', () => loadNpz(bad('missing-y-test.npz')), 'BAD_FILE', /has no y_test\.npy \(found: x_train, y_train, x_test\)/],
  ['npz with float labels', () => loadNpz(bad('float-labels.npz')), 'BAD_FILE', /y_train\.npy: labels have dtype '<f4'; expected integers/],
  ['npz with NaN pixels', () => loadNpz(bad('nan-pixels.npz')), 'BAD_FILE', /x_train\.npy: value 0 is NaN/],
  // images
  [
    'PNG with a bad signature',
    () => loadImage(bad('bad-signature.png')),
    'BAD_FILE',
    /is not a PNG or PGM \(P2\/P5\) image \(it starts with 89 50 4e 58/,
  ],
  [
    'truncated PNG',
    () => loadImage(bad('truncated.png')),
    'BAD_FILE',
    /PNG chunk at byte \d+ claims \d+ bytes, more than the file holds|is truncated/,
  ],
  ['PNG failing a chunk CRC', () => loadImage(bad('bad-crc.png')), 'BAD_FILE', /PNG chunk "IDAT" fails its CRC check/],
  ['interlaced PNG', () => loadImage(bad('interlaced.png')), 'BAD_FILE', /interlaced \(Adam7\) PNG is not supported/],
  ['16-bit PNG', () => loadImage(bad('16-bit.png')), 'BAD_FILE', /PNG bit depth 16 is not supported/],
  ['truncated PGM', () => loadImage(bad('truncated.pgm')), 'BAD_FILE', /PGM is truncated: 6×5 needs 30 bytes of pixels, the file has 27/],
  ['PGM pixel above maxval', () => loadImage(bad('pixel-above-maxval.pgm')), 'BAD_FILE', /PGM pixel 1 is 11, above maxval 10/],
  [
    'not an image at all',
    () => loadImage(bad('not-an-image.png')),
    'BAD_FILE',
    /is not a PNG or PGM \(P2\/P5\) image \(it starts with 47 49 46 38/,
  ],
];

describe('malformed files are rejected with one clear MlpError', () => {
  test.each(cases)('%s', (_name, load, code, message) => {
    const err = errorOf(load);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });
});
