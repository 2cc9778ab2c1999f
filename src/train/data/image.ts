/**
 * One digit image for `mlp predict`: PGM (P2 text, P5 binary) or PNG, made MNIST-like.
 *
 * 1. Decode to gray bytes (PNG: see png.ts; PGM: v ↦ round(255 · v / maxval)).
 * 2. Resize to size × size (28 × 28) by bilinear sampling when needed, pixel centres aligned:
 *      sy = (y + 0.5) · H / size − 0.5,  sx = (x + 0.5) · W / size − 0.5   (clamped to the image)
 *      out = (1 − fy)(1 − fx)·p00 + (1 − fy)·fx·p01 + fy·(1 − fx)·p10 + fy·fx·p11
 *    The aspect ratio is not kept: crop your digit roughly square first.
 * 3. MNIST digits are white on black. With `invert: 'auto'` (default) an image whose mean is above
 *    127 (dark digit on a light background, as on paper) is inverted, v ↦ 255 − v; pass true or
 *    false to force it.
 */
import { fail, readDataFile } from './files';
import { MAX_IMAGE_PIXELS, decodePng, isPng, type GrayImage } from './png';

export interface ImageOptions {
  /** Side of the square output (default 28, MNIST). */
  size?: number;
  /** Invert to white-on-black: 'auto' (mean > 127, default), true or false. */
  invert?: boolean | 'auto';
}

export interface DigitImage {
  pixels: Uint8Array; // size × size bytes, white digit on black
  rows: number;
  cols: number;
  inverted: boolean;
  /** Size of the file's image before resizing. */
  width: number;
  height: number;
  source: string;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;

/** Reads whitespace-separated tokens of a PGM header, skipping `#` comments. */
class PgmTokens {
  at = 2;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
  ) {}

  next(what: string): number {
    const b = this.bytes;
    while (this.at < b.length && (isSpace(b[this.at]) || b[this.at] === 35)) {
      if (b[this.at] === 35) while (this.at < b.length && b[this.at] !== 10 && b[this.at] !== 13) this.at++;
      else this.at++;
    }
    const start = this.at;
    while (this.at < b.length && b[this.at] >= 48 && b[this.at] <= 57 && this.at - start < 9) this.at++;
    if (this.at === start || (this.at < b.length && !isSpace(b[this.at]) && b[this.at] !== 35)) {
      fail(this.file, `PGM ${what} at byte ${start} is not a non-negative integer${this.at >= b.length ? ' (file ends early)' : ''}`);
    }
    return Number(Buffer.from(b.buffer, b.byteOffset + start, this.at - start).toString('latin1'));
  }
}

/** Decodes a P2 or P5 PGM file into gray bytes 0..255. */
export function decodePgm(bytes: Uint8Array, file: string): GrayImage {
  const binary = bytes[1] === 0x35;
  const tokens = new PgmTokens(bytes, file);
  const width = tokens.next('width');
  const height = tokens.next('height');
  const maxval = tokens.next('maxval');
  if (width === 0 || height === 0 || width * height > MAX_IMAGE_PIXELS)
    fail(file, `PGM size ${width}×${height} is empty or larger than ${MAX_IMAGE_PIXELS} pixels`);
  if (maxval < 1 || maxval > 65535) fail(file, `PGM maxval ${maxval} is outside 1..65535`);
  const count = width * height;
  const pixels = new Uint8Array(count);
  const sampleBytes = maxval > 255 ? 2 : 1;
  const start = tokens.at + 1; // exactly one whitespace byte after maxval
  if (binary && bytes.length - start < count * sampleBytes) {
    fail(
      file,
      `PGM is truncated: ${width}×${height} needs ${count * sampleBytes} bytes of pixels, the file has ${Math.max(0, bytes.length - start)}`,
    );
  }
  for (let i = 0; i < count; i++) {
    const v = binary
      ? sampleBytes === 2
        ? (bytes[start + 2 * i] << 8) | bytes[start + 2 * i + 1]
        : bytes[start + i]
      : tokens.next(`pixel ${i}`);
    if (v > maxval) fail(file, `PGM pixel ${i} is ${v}, above maxval ${maxval}`);
    pixels[i] = Math.round((255 * v) / maxval);
  }
  return { width, height, pixels };
}

/** Image formats by their first bytes. */
const FORMATS: { name: string; matches(bytes: Uint8Array): boolean; decode(bytes: Uint8Array, file: string): GrayImage }[] = [
  { name: 'PNG', matches: isPng, decode: decodePng },
  { name: 'PGM', matches: (b) => b.length >= 2 && b[0] === 0x50 && (b[1] === 0x32 || b[1] === 0x35), decode: decodePgm },
];

/** Decodes PNG or PGM bytes (chosen by their signature) into gray bytes. */
export function decodeImage(bytes: Uint8Array, file: string): GrayImage {
  const format = FORMATS.find((f) => f.matches(bytes));
  if (!format) {
    const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    fail(
      file,
      `is not a PNG or PGM (P2/P5) image (it starts with ${head}); a PNG starts 89 50 4e 47 0d 0a 1a 0a (is the signature damaged?)`,
    );
  }
  return format.decode(bytes, file);
}

/** Bilinear resampling of a gray image to rows × cols, pixel centres aligned, edges clamped. */
export function resizeBilinear(image: GrayImage, rows: number, cols: number): Uint8Array {
  const { width: W, height: H, pixels } = image;
  const out = new Uint8Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    const sy = Math.min(Math.max(((y + 0.5) * H) / rows - 0.5, 0), H - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, H - 1);
    const fy = sy - y0;
    for (let x = 0; x < cols; x++) {
      const sx = Math.min(Math.max(((x + 0.5) * W) / cols - 0.5, 0), W - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, W - 1);
      const fx = sx - x0;
      const top = (1 - fx) * pixels[y0 * W + x0] + fx * pixels[y0 * W + x1];
      const bottom = (1 - fx) * pixels[y1 * W + x0] + fx * pixels[y1 * W + x1];
      out[y * cols + x] = Math.round((1 - fy) * top + fy * bottom);
    }
  }
  return out;
}

/** A digit image from a PNG or PGM file: gray, size × size, white on black. */
export function loadImage(file: string, opts: ImageOptions = {}): DigitImage {
  const size = opts.size ?? 28;
  if (!Number.isInteger(size) || size < 1 || size > 4096) fail(file, `image size ${size} must be an integer in 1..4096`);
  const image = decodeImage(readDataFile(file, 'PNG or PGM image'), file);
  const pixels = image.width === size && image.height === size ? image.pixels : resizeBilinear(image, size, size);
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) sum += pixels[i];
  const inverted = opts.invert === 'auto' || opts.invert === undefined ? sum / pixels.length > 127 : opts.invert;
  if (inverted) for (let i = 0; i < pixels.length; i++) pixels[i] = 255 - pixels[i];
  return { pixels, rows: size, cols: size, inverted, width: image.width, height: image.height, source: file };
}
