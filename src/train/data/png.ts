/**
 * PNG (RFC 2083 / ISO 15948) reading and gray writing, enough for digit images.
 *
 * Read: 8-bit gray, gray+alpha, RGB, RGBA and palette images, non-interlaced. The IDAT stream is
 * inflated (never beyond the size the header implies), then each row is un-filtered with the
 * previous row `b`, the byte to the left `a` and the one above-left `c`:
 *   None x, Sub x + a, Up x + b, Average x + ⌊(a + b) / 2⌋, Paeth x + paeth(a, b, c)   (mod 256)
 * and pixels become gray with the ITU-R 601-2 luma of PIL's convert('L'), in its 16-bit fixed
 * point (libImaging/Convert.c, L24; the weights sum to 65536 and halves round up),
 *   gray = (19595 R + 38470 G + 7471 B + 32768) >> 16   ≈ 0.299 R + 0.587 G + 0.114 B,
 * composited over a WHITE background when there is alpha (a drawing exported from a canvas is dark
 * strokes on transparent; over white it reads as a digit on paper, which `invert: 'auto'` flips).
 * Write: 8-bit gray, filter None, one IDAT.
 */
import * as zlib from 'zlib';
import { crc32 } from './crc32';
import { fail, inflateLimited } from './files';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Largest image accepted, in pixels (a digit photo is far smaller; this bounds every allocation). */
export const MAX_IMAGE_PIXELS = 1 << 24;

export interface GrayImage {
  width: number;
  height: number;
  /** height × width bytes, row-major, 0 = black. */
  pixels: Uint8Array;
}

/** Gray value of pixel `i` of an un-filtered image, by PNG colour type. */
type ToGray = (raw: Uint8Array, i: number, palette: Uint8Array) => number;

const luma = (r: number, g: number, b: number): number => (19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16;
const overWhite = (v: number, alpha: number): number => (v * alpha + 255 * (255 - alpha)) / 255;

const COLOR_TYPES: Record<number, { channels: number; name: string; toGray: ToGray }> = {
  0: { channels: 1, name: 'gray', toGray: (raw, i) => raw[i] },
  2: { channels: 3, name: 'RGB', toGray: (raw, i) => luma(raw[3 * i], raw[3 * i + 1], raw[3 * i + 2]) },
  3: { channels: 1, name: 'palette', toGray: (raw, i, pal) => luma(pal[3 * raw[i]], pal[3 * raw[i] + 1], pal[3 * raw[i] + 2]) },
  4: { channels: 2, name: 'gray+alpha', toGray: (raw, i) => overWhite(raw[2 * i], raw[2 * i + 1]) },
  6: { channels: 4, name: 'RGBA', toGray: (raw, i) => overWhite(luma(raw[4 * i], raw[4 * i + 1], raw[4 * i + 2]), raw[4 * i + 3]) },
};

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** One row un-filter per PNG filter type; `prev` < 0 on the first row (the row above reads as zeros). */
type RowFilter = (out: Uint8Array, data: Uint8Array, src: number, row: number, prev: number, stride: number, bpp: number) => void;

const above = (out: Uint8Array, prev: number, x: number): number => (prev >= 0 ? out[prev + x] : 0);

const ROW_FILTERS: RowFilter[] = [
  (out, data, src, row, _prev, stride) => {
    for (let x = 0; x < stride; x++) out[row + x] = data[src + x];
  },
  (out, data, src, row, _prev, stride, bpp) => {
    for (let x = 0; x < stride; x++) out[row + x] = (data[src + x] + (x >= bpp ? out[row + x - bpp] : 0)) & 0xff;
  },
  (out, data, src, row, prev, stride) => {
    for (let x = 0; x < stride; x++) out[row + x] = (data[src + x] + above(out, prev, x)) & 0xff;
  },
  (out, data, src, row, prev, stride, bpp) => {
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp] : 0;
      out[row + x] = (data[src + x] + ((a + above(out, prev, x)) >> 1)) & 0xff;
    }
  },
  (out, data, src, row, prev, stride, bpp) => {
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp] : 0;
      const c = x >= bpp ? above(out, prev, x - bpp) : 0;
      out[row + x] = (data[src + x] + paeth(a, above(out, prev, x), c)) & 0xff;
    }
  },
];

/** Reverses the per-row filters; `data` is height rows of (1 filter byte + stride bytes). */
function unfilter(data: Uint8Array, height: number, stride: number, bpp: number, file: string): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = ROW_FILTERS[data[y * (stride + 1)]];
    if (!filter) fail(file, `row ${y} uses PNG filter type ${data[y * (stride + 1)]}; valid types are 0..4`);
    filter(out, data, y * (stride + 1) + 1, y * stride, y > 0 ? (y - 1) * stride : -1, stride, bpp);
  }
  return out;
}

interface PngState {
  header: { width: number; height: number; depth: number; colorType: number; interlace: number } | null;
  palette: Uint8Array;
  idat: Uint8Array[];
  ended: boolean;
}

/** What each chunk type contributes; other (ancillary) chunks are skipped. */
const CHUNKS: Record<string, (state: PngState, body: Uint8Array, file: string) => void> = {
  IHDR: (state, body, file) => {
    if (body.length !== 13) fail(file, `PNG IHDR is ${body.length} bytes, expected 13`);
    const v = new DataView(body.buffer, body.byteOffset, 13);
    state.header = { width: v.getUint32(0), height: v.getUint32(4), depth: body[8], colorType: body[9], interlace: body[12] };
  },
  PLTE: (state, body) => {
    state.palette = body;
  },
  IDAT: (state, body) => {
    state.idat.push(body);
  },
  IEND: (state) => {
    state.ended = true;
  },
};

/** Decodes a PNG into gray bytes; every malformation is a BAD_FILE naming `file`. */
export function decodePng(bytes: Uint8Array, file: string): GrayImage {
  if (!isPng(bytes)) fail(file, 'does not start with the PNG signature (89 50 4E 47 0D 0A 1A 0A): not a PNG or corrupt');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const state: PngState = { header: null, palette: new Uint8Array(0), idat: [], ended: false };
  let at = 8;
  while (!state.ended) {
    if (at + 12 > bytes.length) fail(file, 'is truncated (PNG ends before its IEND chunk)');
    const length = view.getUint32(at, false);
    if (length > bytes.length - at - 12)
      fail(file, `PNG chunk at byte ${at} claims ${length} bytes, more than the file holds (truncated?)`);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length, false))
      fail(file, `PNG chunk ${JSON.stringify(type)} fails its CRC check (corrupt)`);
    if (state.header === null && type !== 'IHDR') fail(file, 'PNG does not begin with an IHDR chunk');
    CHUNKS[type]?.(state, bytes.subarray(at + 8, at + 8 + length), file);
    at += 12 + length;
  }
  if (state.header === null) fail(file, 'PNG has no IHDR chunk');
  const { width, height, depth, colorType, interlace } = state.header;
  const { palette, idat } = state;
  const color = COLOR_TYPES[colorType];
  if (!color) fail(file, `PNG colour type ${colorType} is not valid (0, 2, 3, 4, 6 are)`);
  if (depth !== 8) fail(file, `PNG bit depth ${depth} is not supported; save the image with 8 bits per channel`);
  if (interlace !== 0) fail(file, 'interlaced (Adam7) PNG is not supported; save it non-interlaced');
  if (width === 0 || height === 0 || width * height > MAX_IMAGE_PIXELS)
    fail(file, `PNG size ${width}×${height} is empty or larger than ${MAX_IMAGE_PIXELS} pixels`);
  if (colorType === 3 && palette.length < 3) fail(file, 'palette PNG has no PLTE chunk');
  if (idat.length === 0) fail(file, 'PNG has no image data (IDAT)');
  const stride = width * color.channels;
  const expected = height * (stride + 1);
  const data = inflateLimited(file, Buffer.concat(idat), 'zlib', expected);
  if (data.length !== expected)
    fail(file, `PNG image data inflates to ${data.length} bytes, ${width}×${height} ${color.name} needs ${expected}`);
  const raw = unfilter(data, height, stride, color.channels, file);
  const pixels = new Uint8Array(width * height);
  const entries = Math.floor(palette.length / 3);
  for (let i = 0; i < pixels.length; i++) {
    if (colorType === 3 && raw[i] >= entries) fail(file, `pixel ${i} uses palette entry ${raw[i]} but the palette has ${entries}`);
    pixels[i] = Math.round(color.toGray(raw, i, palette));
  }
  return { width, height, pixels };
}

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** An 8-bit gray PNG of `bytes` (height × width, row-major). */
export function encodePngGray(width: number, height: number, bytes: Uint8Array): Buffer {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || bytes.length !== width * height) {
    fail('encodePngGray', `needs width × height = ${width} × ${height} bytes, got ${bytes.length}`);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: gray
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) rows.set(bytes.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    Buffer.from(PNG_SIGNATURE),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
