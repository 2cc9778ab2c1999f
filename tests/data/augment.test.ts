import * as fs from 'fs';
import * as path from 'path';
import { Rng } from '../../src/tensor/rng';
import { expandByRotation, expandByShift, rotate, rotationAngles } from '../../src/train/data/augment';
import { createDataset, sliceDataset } from '../../src/train/data/dataset';
import { loadMnist } from '../../src/train/data/mnist';

const goldenCases = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rotate-scipy.json'), 'utf8')) as {
  rows: number;
  cols: number;
  image: number[];
  goldens: { angle: number; out: number[] }[];
}[];

describe('rotate (skimage.transform.rotate defaults)', () => {
  const image3 = Float32Array.from([0, 100, 0, 0, 0, 200, 50, 0, 0]); // 3×3, asymmetric

  test('0° is the identity', () => {
    expect(Array.from(rotate(image3, 3, 3, 0))).toEqual(Array.from(image3));
    const mnist = loadMnist().train.x.subarray(0, 784);
    expect(Array.from(rotate(mnist, 28, 28, 0))).toEqual(Array.from(mnist));
  });

  test('+90° is counter-clockwise as displayed: transpose, then flip upside down (np.rot90)', () => {
    // out[y][x] = img[x][n − 1 − y]: the right column of the input becomes the top row.
    const out = rotate(image3, 3, 3, 90);
    const rot90 = [0, 200, 0, 100, 0, 0, 0, 0, 50];
    out.forEach((v, i) => expect(v).toBeCloseTo(rot90[i], 9));
    // −90° is clockwise: transpose, then flip left-right.
    const cw = rotate(image3, 3, 3, -90);
    [50, 0, 0, 0, 0, 100, 0, 200, 0].forEach((v, i) => expect(cw[i]).toBeCloseTo(v, 9));
  });

  test('30° on a 3×3 image matches values derived by hand from the formula', () => {
    // θ = 30°, cos θ = √3/2, sin θ = 1/2, centre (cx, cy) = (1, 1):
    // h02 = −cos·1 + sin·1 + 1 = 1.5 − √3/2 ≈ 0.634, h12 = −sin·1 − cos·1 + 1 = 0.5 − √3/2 ≈ −0.366
    const out = rotate(image3, 3, 3, 30);
    const s = Math.sqrt(3) / 2;
    // (y, x) = (0, 0): xIn = h02 ≈ 0.634, yIn = h12 ≈ −0.366 → r0 = −1 (outside, 0), r1 = 0, c0 = 0, c1 = 1,
    // dr = dc = 1.5 − √3/2; top = 0; bottom = (1 − dc)·0 + dc·100; out = dr·bottom = 100·(1.5 − √3/2)²
    expect(out[0]).toBeCloseTo(100 * (1.5 - s) ** 2, 10);
    // (y, x) = (1, 2): xIn = 2cos − sin + h02 = 1 + √3/2, yIn = 2sin + cos + h12 = 1.5 → dr = 0.5, dc = √3/2;
    // top = (1 − dc)·img[1][1] + dc·img[1][2] = 200·√3/2; bottom = (1 − dc)·img[2][1] + dc·img[2][2] = 0
    expect(out[1 * 3 + 2]).toBeCloseTo(0.5 * 200 * s, 10);
    // The centre maps to itself.
    expect(out[4]).toBeCloseTo(0, 12);
  });

  test('non-square 2×3 at 90°: centre (cols/2 − 0.5, rows/2 − 0.5) = (1, 0.5), and the clip to [min, max]', () => {
    // xIn = 1.5 − y, yIn = x − 0.5 for the image [[1, 2, 3], [4, 5, 6]]:
    // (0,0): rows −1 (0) and 0, cols 1, 2 → 0.5·0 + 0.5·(2 + 3)/2 = 1.25
    // (0,1): rows 0, 1 → 0.5·2.5 + 0.5·5.5 = 4      (0,2): rows 1, 2 (0) → 0.5·5.5 = 2.75
    // (1,0): cols 0, 1 → 0.5·1.5 = 0.75, which skimage's clip=True raises to min(img) = 1 (scipy would keep 0.75)
    // (1,1): 0.5·1.5 + 0.5·4.5 = 3                   (1,2): 0.5·4.5 = 2.25
    const out = rotate(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3, 90);
    [1.25, 4, 2.75, 1, 3, 2.25].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 10));
  });

  test.each(goldenCases.map((c) => [`${c.rows}×${c.cols}`, c] as const))(
    'matches scipy.ndimage.rotate(order=1, grid-constant, reshape=False) on a %s image at several angles',
    (_size, golden) => {
      const image = Float32Array.from(golden.image);
      for (const { angle, out } of golden.goldens) {
        const mine = rotate(image, golden.rows, golden.cols, angle);
        let worst = 0;
        for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(mine[i] - out[i]));
        expect({ angle, close: worst < 1e-9 }).toEqual({ angle, close: true });
      }
    },
  );
});

describe('data expansion', () => {
  const part = sliceDataset(loadMnist().train, 0, 40);

  test('expandByRotation triples the set: originals, then U(5°, 25°), then U(−25°, −5°), rounded bytes', () => {
    const big = expandByRotation(part, new Rng(11));
    expect([big.n, big.x.length]).toEqual([120, 120 * 784]);
    expect(big.x).toBeInstanceOf(Uint8Array);
    expect(Array.from(big.labels.subarray(80, 85))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(big.x.subarray(0, 40 * 784))).toEqual(Array.from(part.x));
    const angles = rotationAngles(40, new Rng(11), [
      [5, 25],
      [-25, -5],
    ]);
    for (let j = 0; j < 40; j++) {
      expect(angles[j]).toBeGreaterThanOrEqual(5);
      expect(angles[j]).toBeLessThan(25);
      expect(angles[40 + j]).toBeGreaterThanOrEqual(-25);
      expect(angles[40 + j]).toBeLessThan(-5);
    }
    for (const j of [0, 17, 40 + 3, 79]) {
      const i = j % 40;
      const expected = Array.from(rotate(part.x.subarray(i * 784, (i + 1) * 784), 28, 28, angles[j]), Math.round);
      expect(Array.from(big.x.subarray((40 + j) * 784, (41 + j) * 784))).toEqual(expected);
    }
  });

  test('expandByRotation is seeded: same seed, same bytes; another seed, other bytes', () => {
    const a = expandByRotation(part, new Rng(5));
    const b = expandByRotation(part, new Rng(5));
    const c = expandByRotation(part, new Rng(6));
    expect(Buffer.from(a.x).equals(Buffer.from(b.x))).toBe(true);
    expect(Buffer.from(a.x).equals(Buffer.from(c.x))).toBe(false);
  });

  test('expandByShift: originals, then down, up, right, left by one pixel with zero fill (expand_mnist.py)', () => {
    const ds = createDataset({
      x: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
      labels: Uint8Array.from([4]),
      n: 1,
      featureShape: [3, 3],
      featureSize: 9,
      numClasses: 10,
      source: 'm',
    });
    const big = expandByShift(ds);
    expect([big.n, Array.from(big.labels)]).toEqual([5, [4, 4, 4, 4, 4]]);
    const copy = (k: number): number[] => Array.from(big.x.subarray(9 * k, 9 * k + 9));
    expect(copy(0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(copy(1)).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6]); // down: np.roll(+1, axis 0), row 0 zeroed
    expect(copy(2)).toEqual([4, 5, 6, 7, 8, 9, 0, 0, 0]); // up
    expect(copy(3)).toEqual([0, 1, 2, 0, 4, 5, 0, 7, 8]); // right: np.roll(+1, axis 1), column 0 zeroed
    expect(copy(4)).toEqual([2, 3, 0, 5, 6, 0, 8, 9, 0]); // left
  });
});
