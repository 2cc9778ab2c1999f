/**
 * Shared by the matmul and backend tests: the textbook triple loop in float64 as the reference,
 * the shapes to try (odd ones, non-multiples of every tile size) and a tolerance check.
 *
 *   ref[i][j] = Σ_p op(A)[i][p] · op(B)[p][j]
 */
import { Rng } from '../../src/tensor/rng';
import type { FloatArray } from '../../src/tensor/tensor';

// Hoisted: under jest the code runs in a vm context, where every `Math.abs` in a hot loop is a slow
// global lookup (40× slower on 120×784×30).
const abs = Math.abs;

export interface Case {
  m: number;
  k: number;
  n: number;
}

/** 1×1, tiny, odd, bigger than one k-block (KC) and one column block, and a training shape. */
export const CASES: Case[] = [
  { m: 1, k: 1, n: 1 },
  { m: 7, k: 13, n: 5 },
  { m: 3, k: 1, n: 9 },
  { m: 17, k: 600, n: 11 },
  { m: 13, k: 5, n: 530 },
  { m: 120, k: 784, n: 30 },
];

/** The transpose cases of a Dense layer (NN forward, TN weights, NT inputs) plus TT. */
export const TRANSPOSES: Array<[boolean, boolean]> = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

export function randomArray(rng: Rng, n: number, dtype: 'float32' | 'float64' = 'float32'): FloatArray {
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform() * 2 - 1;
  return out;
}

/** The reference product in float64, plus Σ_p |op(A)[i][p]·op(B)[p][j]| to scale the tolerance. */
export function reference(
  a: FloatArray,
  b: FloatArray,
  c0: FloatArray | null,
  { m, k, n }: Case,
  transA: boolean,
  transB: boolean,
): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = c0 ? c0[i * n + j] : 0;
      let total = abs(sum);
      for (let p = 0; p < k; p++) {
        const x = (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
        sum += x;
        total += abs(x);
      }
      value[i * n + j] = sum;
      scale[i * n + j] = total;
    }
  }
  return { value, scale };
}

/** Largest |got − want| / (Σ|terms| + tiny): float32 rounding of a k-term sum stays below ~1e-6. */
export function worstRelativeError(got: FloatArray, want: { value: Float64Array; scale: Float64Array }): number {
  let worst = 0;
  for (let i = 0; i < want.value.length; i++) {
    const e = abs(got[i] - want.value[i]) / (want.scale[i] + 1e-30);
    if (!(e <= worst)) worst = e;
  }
  return worst;
}
