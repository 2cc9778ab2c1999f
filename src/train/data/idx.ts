/**
 * IDX files, the format MNIST, Fashion-MNIST and EMNIST ship in (LeCun et al.,
 * http://yann.lecun.com/exdb/mnist/): a 4-byte magic number 0x0000 TT DD (TT = element type, 0x08
 * for unsigned bytes; DD = number of dimensions), then DD big-endian uint32 sizes, then the values
 * row-major. Images are 0x00000803 (n × rows × cols), labels 0x00000801 (n).
 *
 * The values are used in place: the image bytes of the data set are a view into the file's buffer,
 * so loading costs one read of the file and no copy. Every size in the header is checked against
 * the file length before anything is allocated.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createDataset, type Dataset } from './dataset';
import { checkDirectory, fail, readDataFile } from './files';
import { allocBytes } from '../../tensor/tensor';

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

export interface IdxOptions {
  /** Labels must lie in 0..numClasses-1 (default 10; EMNIST letters need 27, byclass 62). */
  numClasses?: number;
}

function hex(magic: number): string {
  return `0x${magic.toString(16).padStart(8, '0')}`;
}

/** Parses the header of an IDX file of unsigned bytes with the expected magic; returns dims and the value bytes. */
export function parseIdx(bytes: Uint8Array, file: string, expectedMagic: number): { dims: number[]; values: Uint8Array } {
  const kind = expectedMagic === IDX_IMAGES_MAGIC ? 'images' : 'labels';
  const rank = expectedMagic & 0xff;
  const headerSize = 4 + 4 * rank;
  if (bytes.length < 4) fail(file, `is ${bytes.length} bytes, too short for an IDX ${kind} file (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    fail(
      file,
      `magic number ${hex(magic)} is not an IDX ${kind} file (expected ${hex(expectedMagic)}: unsigned bytes, ${rank} dimension${rank > 1 ? 's' : ''})`,
    );
  }
  if (bytes.length < headerSize) fail(file, `is truncated inside its header (${bytes.length} of ${headerSize} bytes)`);
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d, false));
  if (dims[0] === 0) fail(file, `holds no ${kind} (count 0 in the header)`);
  if (dims.some((d) => d === 0)) fail(file, `has a zero size in its dimensions [${dims.join(', ')}]`);
  const expected = dims.reduce((a, d) => a * d, 1);
  const actual = bytes.length - headerSize;
  if (actual < expected) {
    fail(file, `is truncated: header says [${dims.join(' × ')}] = ${expected} bytes of data but the file has ${actual}`);
  }
  if (actual > expected) {
    fail(
      file,
      `has ${actual - expected} bytes after the [${dims.join(' × ')}] ${kind} its header declares (wrong header or two files joined?)`,
    );
  }
  return { dims, values: new Uint8Array(bytes.buffer, bytes.byteOffset + headerSize, expected) };
}

/** The images (n × rows × cols bytes) of an IDX images file, gzip'd or not. */
export function readIdxImages(file: string): { n: number; rows: number; cols: number; pixels: Uint8Array } {
  const { dims, values } = parseIdx(readDataFile(file, 'IDX images file'), file, IDX_IMAGES_MAGIC);
  // Into the backend's preferred storage (the wasm memory: batches are then gathered there).
  const pixels = allocBytes(values.length);
  pixels.set(values);
  return { n: dims[0], rows: dims[1], cols: dims[2], pixels };
}

/** The labels (n bytes) of an IDX labels file, gzip'd or not. */
export function readIdxLabels(file: string): Uint8Array {
  return parseIdx(readDataFile(file, 'IDX labels file'), file, IDX_LABELS_MAGIC).values;
}

/** A Dataset from an IDX images file and the IDX labels file that goes with it. */
export function loadIdxPair(imagesPath: string, labelsPath: string, opts: IdxOptions = {}): Dataset {
  const images = readIdxImages(imagesPath);
  const labels = readIdxLabels(labelsPath);
  if (labels.length !== images.n) {
    fail(imagesPath, `has ${images.n} images but ${labelsPath} has ${labels.length} labels; the two files must hold the same examples`);
  }
  const numClasses = opts.numClasses ?? 10;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses) {
      fail(
        labelsPath,
        `label ${labels[i]} of example ${i} is outside 0..${numClasses - 1} (pass numClasses if the data set has more classes)`,
      );
    }
  }
  return createDataset({
    x: images.pixels,
    labels,
    n: images.n,
    featureShape: [images.rows, images.cols],
    featureSize: images.rows * images.cols,
    numClasses,
    source: imagesPath,
  });
}

/** The four standard files; a name matches with any prefix (`emnist-digits-`), `-` or `.` before `idx`, and an optional `.gz`. */
const IDX_ROLES = {
  trainImages: { name: 'train-images-idx3-ubyte', pattern: /(^|[-_.])train-images[-.]idx3-ubyte(\.gz)?$/ },
  trainLabels: { name: 'train-labels-idx1-ubyte', pattern: /(^|[-_.])train-labels[-.]idx1-ubyte(\.gz)?$/ },
  testImages: { name: 't10k-images-idx3-ubyte', pattern: /(^|[-_.])(t10k|test)-images[-.]idx3-ubyte(\.gz)?$/ },
  testLabels: { name: 't10k-labels-idx1-ubyte', pattern: /(^|[-_.])(t10k|test)-labels[-.]idx1-ubyte(\.gz)?$/ },
} as const;

type IdxRole = keyof typeof IDX_ROLES;

/** The paths of the four IDX files in `dir`, or a NOT_FOUND / BAD_FILE error naming what is missing or ambiguous. */
export function findIdxFiles(dir: string): Record<IdxRole, string> {
  checkDirectory(dir, 'folder of IDX files');
  const names = fs.readdirSync(dir);
  const found = {} as Record<IdxRole, string>;
  for (const role of Object.keys(IDX_ROLES) as IdxRole[]) {
    const { name, pattern } = IDX_ROLES[role];
    const matches = names.filter((entry) => pattern.test(entry));
    if (matches.length === 0) {
      const all = Object.values(IDX_ROLES)
        .map((r) => r.name)
        .join(', ');
      fail(dir, `has no ${name}[.gz] file (a folder of IDX files needs ${all})`, 'NOT_FOUND');
    }
    if (matches.length > 1) fail(dir, `has several files that could be the ${name}: ${matches.join(', ')}; keep one`);
    found[role] = path.join(dir, matches[0]);
  }
  return found;
}

/** {train, test} from a folder holding the four standard IDX files (MNIST, Fashion-MNIST, EMNIST). */
export function loadIdxFolder(dir: string, opts: IdxOptions = {}): { train: Dataset; test: Dataset } {
  const files = findIdxFiles(dir);
  return {
    train: loadIdxPair(files.trainImages, files.trainLabels, opts),
    test: loadIdxPair(files.testImages, files.testLabels, opts),
  };
}
