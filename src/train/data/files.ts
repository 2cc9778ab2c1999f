/**
 * Reading data files safely: every loader goes through `readDataFile`, which turns the ways a path
 * can be wrong (missing, a directory, empty, too large, gzip that does not inflate) into one
 * MlpError naming the file, and `inflateLimited`, which never inflates more bytes than the caller
 * declared (a 1 kB zip bomb must not allocate gigabytes).
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { MlpError } from '../../tensor/errors';

/** Largest file or inflated payload a loader accepts (EMNIST "byclass" images are ~550 MB). */
export const MAX_DATA_BYTES = 1 << 30;

/** Throws MlpError(code, `${file}: ${what}`), the one message shape used by every loader. */
export function fail(file: string, what: string, code: 'BAD_FILE' | 'NOT_FOUND' = 'BAD_FILE'): never {
  throw new MlpError(code, `${file}: ${what}`);
}

/** "a CSV file", "an IDX labels file". */
function withArticle(what: string): string {
  return `${/^[aeiouAEIOU]/.test(what) ? 'an' : 'a'} ${what}`;
}

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The bytes of `file`, gunzipped when the name ends in `.gz` or the content starts with the gzip
 * magic number. Rejects a missing path (NOT_FOUND), a directory, an empty file and a file or
 * inflated payload larger than `maxBytes` (BAD_FILE), before reading or allocating it.
 */
export function readDataFile(file: string, what: string, maxBytes = MAX_DATA_BYTES): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    fail(file, `${what} not found (no such file)`, 'NOT_FOUND');
  }
  if (stat.isDirectory()) fail(file, `is a directory, expected ${withArticle(what)}`);
  if (!stat.isFile()) fail(file, `is not a regular file, expected ${withArticle(what)}`);
  if (stat.size === 0) fail(file, `is empty, expected ${withArticle(what)}`);
  if (stat.size > maxBytes) fail(file, `is ${stat.size} bytes, larger than the ${maxBytes}-byte limit for ${withArticle(what)}`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    fail(file, `cannot be read (${(e as Error).message})`);
  }
  if (file.endsWith('.gz') || isGzip(bytes)) {
    bytes = inflateLimited(file, bytes, 'gzip', maxBytes);
    if (bytes.length === 0) fail(file, `inflates to nothing, expected ${withArticle(what)}`);
  }
  return bytes;
}

type Inflater = (buf: Uint8Array, opts: zlib.ZlibOptions) => Buffer;

/** zlib formats by name, so callers dispatch without branching. */
const INFLATERS: Record<'gzip' | 'zlib' | 'raw', Inflater> = {
  gzip: zlib.gunzipSync,
  zlib: zlib.inflateSync,
  raw: zlib.inflateRawSync,
};

/**
 * Inflates `bytes` (gzip, zlib or raw deflate), refusing to produce more than `maxBytes`: the
 * limit goes to zlib itself (`maxOutputLength`), so nothing larger is ever allocated.
 */
export function inflateLimited(file: string, bytes: Uint8Array, format: 'gzip' | 'zlib' | 'raw', maxBytes: number): Buffer {
  try {
    return INFLATERS[format](bytes, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      fail(file, `${format} data inflates to more than ${maxBytes} bytes`);
    }
    fail(file, `${format} data is corrupt (${err.message})`);
  }
}

/** A directory that exists, or NOT_FOUND / BAD_FILE naming it. */
export function checkDirectory(dir: string, what: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    fail(dir, `${what} not found (no such folder)`, 'NOT_FOUND');
  }
  if (!stat.isDirectory()) fail(dir, `is a file, expected ${withArticle(what)}`);
}

/** Number of pixels in a square image side × side, or 0 when `size` is not a perfect square. */
export function squareSide(size: number): number {
  const side = Math.round(Math.sqrt(size));
  return side * side === size ? side : 0;
}

/** The feature shape of a flat row of `size` values: [side, side] when square, else [size]. */
export function featureShapeOf(size: number): number[] {
  const side = squareSide(size);
  return side > 1 ? [side, side] : [size];
}
