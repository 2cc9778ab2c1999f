import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodeImage, loadImage, resizeBilinear } from '../../src/train/data/image';
import { decodePng, encodePngGray } from '../../src/train/data/png';

const FIX = path.join(__dirname, '..', 'fixtures', 'images');
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'expected.json'), 'utf8')) as {
  width: number;
  height: number;
  gray: number[];
  paethRgb: number[];
};
const read = (name: string): Buffer => fs.readFileSync(path.join(FIX, name));

describe('PNG and PGM decoding', () => {
  // Each PNG fixture uses the row filters None, Sub, Up, Average, Paeth in turn (written by make_fixtures.py).
  test.each(['gray.png', 'gray-alpha.png', 'rgb.png', 'rgba.png', 'palette.png', 'gray.pgm', 'gray-p2.pgm'])(
    '%s decodes to the same 6×5 gray image',
    (name) => {
      const img = decodeImage(read(name), name);
      expect([img.width, img.height]).toEqual([expected.width, expected.height]);
      expect(Array.from(img.pixels)).toEqual(expected.gray);
    },
  );

  test('a noisy 16×12 RGB image with every row Paeth-filtered (predictor ties in the order a, b, c)', () => {
    const img = decodeImage(read('paeth-rgb.png'), 'paeth-rgb.png');
    expect(Array.from(img.pixels)).toEqual(expected.paethRgb);
  });

  test('alpha is composited over white: black strokes on transparent become a dark digit on white', () => {
    const img = decodeImage(read('transparent.png'), 'transparent.png');
    expect(Array.from(img.pixels)).toEqual(expected.gray.map((v) => (v > 0 ? 0 : 255)));
  });

  test('encodePngGray round-trips through the decoder', () => {
    const bytes = Uint8Array.from({ length: 7 * 3 }, (_, i) => (i * 37) % 256);
    const png = encodePngGray(7, 3, bytes);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const img = decodePng(png, 'mem');
    expect([img.width, img.height, Array.from(img.pixels)]).toEqual([7, 3, Array.from(bytes)]);
  });
});

describe('loadImage (mlp predict input)', () => {
  test('a 56×56 dark 1 on white paper is resized to 28×28 and inverted to white on black', () => {
    const img = loadImage(path.join(FIX, 'paper-56.png'));
    expect([img.rows, img.cols, img.width, img.height, img.inverted]).toEqual([28, 28, 56, 56, true]);
    // Stroke: columns 26..29 of 56 → output columns 13 and 14 (centres 26.5, 28.5 ∈ [26, 29]), rows 4..23.
    expect(img.pixels[10 * 28 + 13]).toBe(255);
    expect(img.pixels[10 * 28 + 14]).toBe(255);
    expect(img.pixels[10 * 28 + 12]).toBe(0);
    expect(img.pixels[1 * 28 + 13]).toBe(0);
  });

  test('invert: false keeps the paper white; a white-on-black image is not inverted by auto', () => {
    expect(loadImage(path.join(FIX, 'paper-56.png'), { invert: false }).pixels[0]).toBe(255);
    const dark = loadImage(path.join(FIX, 'gray.png'), { size: 6 });
    expect(dark.inverted).toBe(false);
  });

  test('bilinear resize: 2×2 → 4×4 with aligned pixel centres', () => {
    const out = resizeBilinear({ width: 2, height: 2, pixels: Uint8Array.from([0, 100, 200, 40]) }, 4, 4);
    // row 0 samples sy = max(0.5·2/4 − 0.5, 0) = 0 → the top row; columns sx = 0, 0.25, 0.75, 1 → 0, 25, 75, 100
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 25, 75, 100]);
    // row 1: sy = 0.25 → (1 − 0.25)·top + 0.25·bottom; column 0: 0.75·0 + 0.25·200 = 50
    expect(out[4]).toBe(50);
  });

  test('an image written with encodePngGray loads back unchanged at its own size', () => {
    const file = path.join(os.tmpdir(), `mlp-img-${process.pid}.png`);
    const bytes = Uint8Array.from({ length: 28 * 28 }, (_, i) => (i % 28 < 14 ? 0 : 60));
    fs.writeFileSync(file, encodePngGray(28, 28, bytes));
    const img = loadImage(file);
    fs.unlinkSync(file);
    expect(Array.from(img.pixels)).toEqual(Array.from(bytes));
  });
});
