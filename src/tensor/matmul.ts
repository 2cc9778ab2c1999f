/**
 * Matrix product in plain TypeScript: the readable reference kernel and the fallback backend.
 *
 *   out[m×n] = op(A)[m×k] · op(B)[k×n]        (or out += … when `accumulate`)
 *
 * op(X) is X or Xᵀ. Storage is row-major: A is m×k (or k×m when transA), B is k×n (or n×k when
 * transB). The backward pass of a Dense layer needs the three cases
 *   forward  z  = x · W          (NN)
 *   weights  dW = xᵀ · dz        (TN)
 *   inputs   dx = dz · Wᵀ        (NT)
 */
import type { FloatArray } from './tensor';

export function matmulJs(
  a: FloatArray,
  b: FloatArray,
  out: FloatArray,
  m: number,
  k: number,
  n: number,
  transA = false,
  transB = false,
  accumulate = false,
): void {
  if (!accumulate) out.fill(0, 0, m * n);
  // Strides of op(A)[i][p] and op(B)[p][j] in memory.
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;
  if (!transB) {
    // i-p-j order: the inner loop streams a row of B and a row of out.
    for (let i = 0; i < m; i++) {
      const outBase = i * n;
      for (let p = 0; p < k; p++) {
        const aip = a[i * aRow + p * aCol];
        if (aip === 0) continue;
        const bBase = p * bRow;
        for (let j = 0; j < n; j++) out[outBase + j] += aip * b[bBase + j];
      }
    }
  } else {
    // B transposed: row j of B is column j of op(B); dot products along k.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        const bBase = j * bCol;
        for (let p = 0; p < k; p++) sum += a[i * aRow + p * aCol] * b[bBase + p];
        out[i * n + j] += sum;
      }
    }
  }
}
