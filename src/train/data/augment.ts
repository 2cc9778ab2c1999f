/**
 * Data expansion (lecture "Artificial data expanding", ex_ml7_2.py, and Nielsen's expand_mnist.py).
 *
 * rotate() is skimage.transform.rotate(img, degrees) with its defaults (order=1, mode='constant',
 * cval=0, resize=False, clip=True), following skimage/transform/_warps.py: it builds the inverse
 * map H = T(c) · R(θ) · T(−c) from output pixel (x = column, y = row) to input position, with
 *   θ = degrees · π / 180,   (cx, cy) = (cols / 2 − 0.5, rows / 2 − 0.5)
 *   h02 = (−cos θ · cx + sin θ · cy) + cx,   h12 = (−sin θ · cx − cos θ · cy) + cy
 *   xIn = cos θ · x − sin θ · y + h02,       yIn = sin θ · x + cos θ · y + h12
 * which turns the picture COUNTER-CLOCKWISE as displayed (rows grow downwards): at +90° the
 * output is np.rot90(img), out[y][x] = img[x][cols − 1 − y] for a square image. Then bilinear
 * sampling (_shared/interpolation.pxd), where neighbours outside the image read as cval = 0:
 *   r0 = ⌊yIn⌋, r1 = ⌈yIn⌉, c0 = ⌊xIn⌋, c1 = ⌈xIn⌉, dr = yIn − r0, dc = xIn − c0
 *   top = (1 − dc)·p[r0][c0] + dc·p[r0][c1],   bottom = (1 − dc)·p[r1][c0] + dc·p[r1][c1]
 *   out = (1 − dr)·top + dr·bottom
 * and clip=True: out is clipped to [min(img), max(img)]; when 0 lies outside that range, pixels
 * equal to 0 (fully outside the source) stay 0.
 */
import { check } from '../../tensor/errors';
import type { Rng } from '../../tensor/rng';
import { type Dataset } from './dataset';

/** The rows and columns of a data set's images, from featureShape [rows, cols] (or a square featureSize). */
function imageSize(ds: Dataset): { rows: number; cols: number } {
  if (ds.featureShape.length === 2) return { rows: ds.featureShape[0], cols: ds.featureShape[1] };
  const side = Math.round(Math.sqrt(ds.featureSize));
  check(
    side * side === ds.featureSize,
    `${ds.source}: features [${ds.featureShape.join(', ')}] are not a 2-D image; augmentation needs rows × cols images`,
    'BAD_SHAPE',
  );
  return { rows: side, cols: side };
}

/** Rotates one image (values of `src`, any units) into the float64 `dst`; see the header for the formula. */
function rotateInto(src: ArrayLike<number>, rows: number, cols: number, degrees: number, dst: Float64Array): void {
  const theta = degrees * (Math.PI / 180);
  const cosT = Math.cos(theta);
  const sinT = Math.sin(theta);
  const cx = cols / 2 - 0.5;
  const cy = rows / 2 - 0.5;
  const h02 = -cosT * cx + sinT * cy + cx;
  const h12 = -sinT * cx - cosT * cy + cy;
  let minVal = Infinity;
  let maxVal = -Infinity;
  for (let i = 0; i < rows * cols; i++) {
    if (src[i] < minVal) minVal = src[i];
    if (src[i] > maxVal) maxVal = src[i];
  }
  const preserveZero = !(minVal <= 0 && 0 <= maxVal);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const xIn = cosT * x - sinT * y + h02;
      const yIn = sinT * x + cosT * y + h12;
      const r0 = Math.floor(yIn);
      const r1 = Math.ceil(yIn);
      const c0 = Math.floor(xIn);
      const c1 = Math.ceil(xIn);
      const dr = yIn - r0;
      const dc = xIn - c0;
      const r0In = r0 >= 0 && r0 < rows;
      const r1In = r1 >= 0 && r1 < rows;
      const c0In = c0 >= 0 && c0 < cols;
      const c1In = c1 >= 0 && c1 < cols;
      const p00 = r0In && c0In ? src[r0 * cols + c0] : 0;
      const p01 = r0In && c1In ? src[r0 * cols + c1] : 0;
      const p10 = r1In && c0In ? src[r1 * cols + c0] : 0;
      const p11 = r1In && c1In ? src[r1 * cols + c1] : 0;
      const top = (1 - dc) * p00 + dc * p01;
      const bottom = (1 - dc) * p10 + dc * p11;
      const out = (1 - dr) * top + dr * bottom;
      dst[y * cols + x] = preserveZero && out === 0 ? 0 : Math.min(Math.max(out, minVal), maxVal);
    }
  }
}

/**
 * skimage.transform.rotate(image, degrees) for one rows × cols image (bytes or floats, any scale):
 * counter-clockwise for positive angles, about the centre, bilinear, zero fill. Returns float64
 * values in the input's units.
 */
export function rotate(image: Float32Array | Uint8Array, rows: number, cols: number, degrees: number): Float64Array {
  check(
    Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0 && image.length === rows * cols,
    `rotate needs a rows × cols image; got ${image.length} values for ${rows} × ${cols}`,
    'BAD_SHAPE',
  );
  check(Number.isFinite(degrees), `rotation angle ${degrees} must be a finite number of degrees`);
  const out = new Float64Array(rows * cols);
  rotateInto(image, rows, cols, degrees, out);
  return out;
}

export interface RotationOptions {
  /** One rotated copy per range, angle ~ U(lo, hi) degrees per image (lecture: [[5, 25], [-25, -5]]). */
  ranges?: [number, number][];
}

/** The angles expandByRotation draws: for each range in turn, one U(lo, hi) per image (range-major, like the lecture's ext1 then ext2). */
export function rotationAngles(n: number, rng: Rng, ranges: [number, number][]): Float64Array {
  const angles = new Float64Array(n * ranges.length);
  for (let k = 0; k < ranges.length; k++) {
    const [lo, hi] = ranges[k];
    check(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi, `rotation range [${lo}, ${hi}] must be two finite angles with lo ≤ hi`);
    for (let i = 0; i < n; i++) angles[k * n + i] = rng.uniformRange(lo, hi);
  }
  return angles;
}

/** A data set of `copies` × n examples: the originals first, the other copies zeroed, labels repeated. */
function expanded(ds: Dataset, copies: number, source: string): Dataset {
  const x = ds.x instanceof Uint8Array ? new Uint8Array(copies * ds.x.length) : new Float32Array(copies * ds.x.length);
  const labels = new Uint8Array(copies * ds.n);
  for (let k = 0; k < copies; k++) labels.set(ds.labels, k * ds.n);
  x.set(ds.x, 0);
  return {
    x,
    labels,
    n: copies * ds.n,
    featureShape: ds.featureShape.slice(),
    featureSize: ds.featureSize,
    numClasses: ds.numClasses,
    source,
  };
}

/**
 * The lecture's expansion: the originals, then one copy rotated by U(+5°, +25°), then one by
 * U(−25°, −5°) (defaults), seeded by `rng`. Byte images stay bytes, rounded to the nearest integer.
 */
export function expandByRotation(ds: Dataset, rng: Rng, opts: RotationOptions = {}): Dataset {
  const ranges = opts.ranges ?? [
    [5, 25],
    [-25, -5],
  ];
  const { rows, cols } = imageSize(ds);
  const f = ds.featureSize;
  const angles = rotationAngles(ds.n, rng, ranges);
  const out = expanded(ds, 1 + ranges.length, `${ds.source} + ${ranges.length} rotated copies`);
  const bytes = out.x instanceof Uint8Array;
  const rotated = new Float64Array(f);
  for (let j = 0; j < angles.length; j++) {
    const i = j % ds.n;
    rotateInto(ds.x.subarray(i * f, (i + 1) * f), rows, cols, angles[j], rotated);
    const base = (ds.n + j) * f;
    if (bytes) for (let p = 0; p < f; p++) out.x[base + p] = Math.round(rotated[p]);
    else out.x.set(rotated, base);
  }
  return out;
}

/** Nielsen's four one-pixel shifts (row shift, column shift): down, up, right, left; vacated pixels are 0. */
const SHIFTS: [number, number][] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];

/**
 * Nielsen's expand_mnist.py: the originals, then every image shifted one pixel down, up, right and
 * left (5× the data). Copies are grouped (all "down", then all "up", …) rather than shuffled as
 * in expand_mnist.py, since fit() shuffles every epoch anyway.
 */
export function expandByShift(ds: Dataset): Dataset {
  const { rows, cols } = imageSize(ds);
  const f = ds.featureSize;
  const out = expanded(ds, 1 + SHIFTS.length, `${ds.source} + 4 shifted copies`);
  for (let k = 0; k < SHIFTS.length; k++) {
    const [dy, dx] = SHIFTS[k];
    for (let i = 0; i < ds.n; i++) {
      const src = i * f;
      const dst = ((k + 1) * ds.n + i) * f;
      for (let y = 0; y < rows; y++) {
        const sy = y - dy;
        if (sy < 0 || sy >= rows) continue;
        for (let x = 0; x < cols; x++) {
          const sx = x - dx;
          if (sx >= 0 && sx < cols) out.x[dst + y * cols + x] = ds.x[src + sy * cols + sx];
        }
      }
    }
  }
  return out;
}
