/**
 * Fuzzing every parser with random and mutated bytes: each may only return data or throw an
 * MlpError — no other exception, no hang. Mutations start from the valid fixtures so that they
 * get past the magic numbers and exercise the deeper checks. Runs are bounded (the file takes a
 * few seconds); fast-check's seed is printed on failure to replay it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { MlpError } from '../../src/tensor/errors';
import { loadCsv, parseCsv } from '../../src/train/data/csv';
import { inflateLimited } from '../../src/train/data/files';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, loadIdxPair, parseIdx } from '../../src/train/data/idx';
import { decodeImage, loadImage } from '../../src/train/data/image';
import { parseNpy } from '../../src/train/data/npy';
import { loadNpz } from '../../src/train/data/npz';
import { readZip } from '../../src/train/data/zip';

const FIX = path.join(__dirname, '..', 'fixtures');
const fixture = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(FIX, name)));

/** Runs `parse`; passes if it returns or throws an MlpError, fails on any other exception. */
function onlyMlpErrors(parse: (bytes: Uint8Array) => unknown): (bytes: Uint8Array) => void {
  return (bytes) => {
    try {
      parse(bytes);
    } catch (e) {
      if (!(e instanceof MlpError)) throw new Error(`non-MlpError ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    }
  };
}

/** A valid file with some bytes overwritten, then possibly cut short or extended. */
function mutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      tail: fc.uint8Array({ maxLength: 16 }),
    })
    .map(({ edits, cut, tail }) => {
      const out = Uint8Array.from(base);
      for (const [at, v] of edits) out[at % out.length] = v;
      const kept = cut === undefined ? out : out.subarray(0, cut % (out.length + 1));
      return Uint8Array.from([...kept, ...tail]);
    });
}

const bytesOf = (base: Uint8Array): fc.Arbitrary<Uint8Array> => fc.oneof(mutated(base), fc.uint8Array({ maxLength: 600 }));

/** MLP_FUZZ_SCALE=100 runs a long fuzzing session by hand; the default keeps the file to a few seconds. */
const SCALE = Number(process.env.MLP_FUZZ_SCALE ?? 1);
const RUNS = { numRuns: 300 * SCALE };

function parseNpz(bytes: Uint8Array): void {
  for (const entry of readZip(bytes, 'fuzz.npz')) parseNpy(entry.read(), `fuzz.npz:${entry.name}`);
}

describe('fuzz: parsers on random and mutated bytes only return data or throw MlpError', () => {
  test('IDX images and labels', () => {
    const images = fixture('idx/train-images-idx3-ubyte');
    const labels = fixture('idx/train-labels-idx1-ubyte');
    fc.assert(
      fc.property(
        bytesOf(images),
        onlyMlpErrors((b) => parseIdx(b, 'fuzz', IDX_IMAGES_MAGIC)),
      ),
      RUNS,
    );
    fc.assert(
      fc.property(
        bytesOf(labels),
        onlyMlpErrors((b) => parseIdx(b, 'fuzz', IDX_LABELS_MAGIC)),
      ),
      RUNS,
    );
  });

  test('gzip, zlib and raw inflate', () => {
    const gz = fixture('idx-gz/emnist-digits-train-images-idx3-ubyte.gz');
    fc.assert(
      fc.property(
        bytesOf(gz),
        onlyMlpErrors((b) => inflateLimited('fuzz', b, 'gzip', 4096)),
      ),
      RUNS,
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        onlyMlpErrors((b) => inflateLimited('fuzz', b, 'raw', 4096)),
      ),
      RUNS,
    );
  });

  test('CSV', () => {
    const csv = fixture('csv/train.csv');
    const csvish = fc
      .array(fc.constantFrom('0', '1', '255', '256', '0.5', '-1', 'nan', 'inf', 'x', ',', ',', '\n', '\r\n', ' ', '', '1e3', '.'), {
        maxLength: 60,
      })
      .map((parts) => new Uint8Array(Buffer.from(parts.join(''))));
    const parse = onlyMlpErrors((b) => parseCsv(Buffer.from(b), 'fuzz.csv', true));
    fc.assert(fc.property(fc.oneof(bytesOf(csv), csvish), parse), RUNS);
    fc.assert(
      fc.property(
        csvish,
        onlyMlpErrors((b) => parseCsv(Buffer.from(b), 'fuzz.csv', 'auto')),
      ),
      RUNS,
    );
  });

  test('npz (zip + npy), stored and deflated', () => {
    fc.assert(fc.property(bytesOf(fixture('npz/mnist-tiny.npz')), onlyMlpErrors(parseNpz)), RUNS);
    fc.assert(fc.property(bytesOf(fixture('npz/mnist-tiny-compressed.npz')), onlyMlpErrors(parseNpz)), RUNS);
  });

  test('PNG (every colour type) and PGM', () => {
    for (const name of ['images/gray.png', 'images/rgba.png', 'images/palette.png', 'images/gray.pgm', 'images/gray-p2.pgm']) {
      fc.assert(
        fc.property(
          bytesOf(fixture(name)),
          onlyMlpErrors((b) => decodeImage(b, 'fuzz')),
        ),
        { numRuns: 150 * SCALE },
      );
    }
  });

  test('whole loaders on mutated files written to disk', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-fuzz-'));
    const labels = path.join(FIX, 'idx/train-labels-idx1-ubyte');
    try {
      const loaders: [string, (file: string) => unknown][] = [
        ['npz/mnist-tiny-compressed.npz', (f) => loadNpz(f)],
        ['csv/float.csv', (f) => loadCsv(f)],
        ['idx/train-images-idx3-ubyte', (f) => loadIdxPair(f, labels)],
        ['idx-gz/emnist-digits-train-images-idx3-ubyte.gz', (f) => loadIdxPair(f, labels)],
        ['images/paper-56.png', (f) => loadImage(f)],
      ];
      for (const [name, load] of loaders) {
        const target = path.join(dir, path.basename(name));
        const writeThenLoad = (b: Uint8Array): unknown => {
          fs.writeFileSync(target, b);
          return load(target);
        };
        fc.assert(fc.property(bytesOf(fixture(name)), onlyMlpErrors(writeThenLoad)), { numRuns: 60 * SCALE });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
