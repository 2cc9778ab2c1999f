/**
 * digitGridPng: the grid size follows the layout formula in src/train/plot/digits.ts, and the
 * pixels land where they should. Needs jest under `--experimental-vm-modules` (vega is ESM-only).
 */
import { inflateSync } from 'node:zlib';
import { digitGridPng } from '../../src/train/plot';

/** PNG filter type 4 (PNG spec §9.4): the neighbour closest to left + up − upLeft. */
function paeth(left: number, up: number, upLeft: number): number {
  const p = left + up - upLeft;
  const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
  return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (what resvg writes) into its pixel rows. */
function decodeRgba(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([png[24], png[25], png[28]]).toEqual([8, 6, 0]); // bit depth 8, RGBA, no interlace
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x];
      const left = x >= 4 ? rgba[y * stride + x - 4] : 0;
      const up = y > 0 ? rgba[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      rgba[y * stride + x] = (byte + predictor) & 255;
    }
  }
  return { width, height, rgba };
}

describe('digitGridPng', () => {
  // A 3×2 image (rows × cols) with one white pixel at row 1, col 0, as bytes and as floats.
  const bytes = new Uint8Array([0, 0, 255, 0, 0, 0]);
  const floats = new Float32Array([0, 0, 1, 0, 0, 0]);

  test('size: GAP + gridCols·(cols·scale + GAP) by GAP + gridRows·(rows·scale + caption + GAP)', async () => {
    // 5 images in 2 columns → 3 grid rows; scale 3 → each image 6 wide, 9 tall; GAP 4, captions 14.
    const captions = ['a', 'b', 'c', 'd', 'e'];
    const png = await digitGridPng([bytes, bytes, bytes, bytes, bytes], 3, 2, { columns: 2, scale: 3, captions });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([4 + 2 * (6 + 4), 4 + 3 * (9 + 14 + 4)]);
    // Without captions, and at most `columns` (default 10) but never more than the images.
    const plain = await digitGridPng([floats, floats], 3, 2, { scale: 1 });
    expect([plain.readUInt32BE(16), plain.readUInt32BE(20)]).toEqual([4 + 2 * (2 + 4), 4 + 1 * (3 + 4)]);
  });

  test.each([
    ['bytes', [bytes, bytes]],
    ['floats', [floats, floats]],
  ])('the lit pixel is white, the rest of the image black, the gaps white (%s)', async (_, images) => {
    const { width, rgba } = decodeRgba(await digitGridPng(images as Uint8Array[], 3, 2, { scale: 2 }));
    const gray = (x: number, y: number) => rgba[(y * width + x) * 4];
    // Second image starts at x = 4 + (2·2 + 4) = 12, y = 4; its pixel (row 1, col 0) covers x 12..13, y 6..7.
    for (const left of [4, 12]) {
      expect(gray(left, 6)).toBe(255);
      expect(gray(left + 1, 7)).toBe(255);
      expect(gray(left, 4)).toBe(0); // row 0
      expect(gray(left + 2, 6)).toBe(0); // col 1
    }
    expect(gray(1, 1)).toBe(255);
    expect(gray(9, 6)).toBe(255); // the gap between the two images
  });

  test.each([
    [[], 3, 2, {}, /non-empty/],
    [[new Uint8Array(5)], 3, 2, {}, /image 0 must be .* 6 values, got 5/],
    [[new Float32Array([0, 0, NaN, 0, 0, 0])], 3, 2, {}, /image 0 has NaN/],
    [[new Uint8Array(6)], 3, 2, { captions: ['a', 'b'] }, /one string per image \(1\), got 2/],
    [[new Uint8Array(6)], 3, 2, { scale: 0.5 }, /scale must be an integer/],
    [[new Uint8Array(6)], 3, 2, { columns: 0 }, /columns must be a positive integer/],
  ])('rejects bad input %#', async (images, rows, cols, opts, message) => {
    await expect(digitGridPng(images as Uint8Array[], rows, cols, opts)).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: expect.stringMatching(message),
    });
  });
});
