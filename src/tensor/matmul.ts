/**
 * Matrix product in plain TypeScript: the readable reference kernel and the fallback backend.
 *
 *   out[i][j] = Σ_p op(A)[i][p] · op(B)[p][j]        (or out[i][j] += … when `accumulate`)
 *
 * op(X) is X or Xᵀ. Storage is row-major: A is m×k (or k×m when transA), B is k×n (or n×k when
 * transB). The backward pass of a Dense layer needs the three cases
 *   forward  z  = x · W          (NN)
 *   weights  dW = xᵀ · dz        (TN)
 *   inputs   dx = dz · Wᵀ        (NT)
 *
 * The textbook triple loop runs at ~1 GFLOP/s because every multiply waits on a load. This is the
 * blocked scheme of BLIS (Van Zee & van de Geijn, "BLIS: A Framework for Rapidly Instantiating BLAS
 * Functionality", 2015), scalar because V8 does not vectorise:
 *   1. split p into blocks of KC so the packed operands stay in cache;
 *   2. pack op(B)[p0:p0+KC][:] into panels of NR = 4 columns, p-major (bPack[panel][p][s]);
 *   3. pack op(A)[i0:i0+4][p0:p0+KC] into one panel, p-major (aPack[p][r]);
 *   4. micro-kernel: a 4×4 block of `out` held in 16 local variables (registers), updated with one
 *      rank-1 product per p:  c_rs += aPack[p][r] · bPack[p][s].
 * Packing reads A and B through strides, so the transposes cost nothing in the inner loop. On ragged
 * edges the micro-kernel still computes a full 4×4 block (no branches); the rows and columns that
 * do not exist are simply not written back. The packed copies are float64: V8 computes in doubles
 * anyway, so a Float32Array load costs a conversion, and float64 inputs (gradient checks) keep their
 * precision. Each k-block's 4×4 sums are added to `out` once (~4.4–5.4 GFLOP/s vs ~1 for the triple
 * loop; `npm run bench`).
 */
import type { FloatArray } from './tensor';

/** Depth of a k-block: a 4×KC panel of A and KC×4 panels of B stay in L1/L2. */
const KC = 256;
/** Width of a column block: its KC×NC packed panel of B (1 MB) stays in L2. */
const NC = 512;
/** Rows (MR) and columns (NR) of the micro-kernel's register block. */
const MR = 4;
const NR = 4;

// Packing buffers of fixed size, reused across calls (no allocation per step). The kernels read them
// as module constants rather than arguments: V8 then folds their address and length into the code.
const aPack = new Float64Array(MR * KC);
const bPack = new Float64Array(KC * NC);
const tile = new Float64Array(MR * NR);

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
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      packB(b, p0, kc, jc, nc, bRow, bCol);
      for (let i0 = 0; i0 < m; i0 += MR) {
        const mr = Math.min(MR, m - i0);
        packA(a, i0, mr, p0, kc, aRow, aCol);
        for (let j0 = 0; j0 < nc; j0 += NR) {
          microKernel((j0 / NR) * kc * NR, kc);
          addTile(out, i0, jc + j0, mr, Math.min(NR, nc - j0), n);
        }
      }
    }
  }
}

/** bPack[panel][p][s] = op(B)[p0 + p][jc + panel·NR + s]; a ragged last panel keeps stale values. */
function packB(b: FloatArray, p0: number, kc: number, jc: number, nc: number, bRow: number, bCol: number): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const panel = (j0 / NR) * kc * NR;
    const cols = Math.min(NR, nc - j0);
    for (let p = 0; p < kc; p++) {
      const src = (p0 + p) * bRow + (jc + j0) * bCol;
      const dst = panel + p * NR;
      for (let s = 0; s < cols; s++) bPack[dst + s] = b[src + s * bCol];
    }
  }
}

/** aPack[p][r] = op(A)[i0 + r][p0 + p]; rows past m keep stale values. */
function packA(a: FloatArray, i0: number, mr: number, p0: number, kc: number, aRow: number, aCol: number): void {
  for (let p = 0; p < kc; p++) {
    const src = i0 * aRow + (p0 + p) * aCol;
    const dst = p * MR;
    for (let r = 0; r < mr; r++) aPack[dst + r] = a[src + r * aRow];
  }
}

/** tile[r][s] = Σ_p aPack[p][r] · bPack[bBase + p·NR + s], for p < kc: a 4×4 block in registers. */
// prettier-ignore
function microKernel(bBase: number, kc: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++) {
    const x = p * MR;
    const y = bBase + p * NR;
    const a0 = aPack[x], a1 = aPack[x + 1], a2 = aPack[x + 2], a3 = aPack[x + 3];
    const b0 = bPack[y], b1 = bPack[y + 1], b2 = bPack[y + 2], b3 = bPack[y + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
  tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
}

/** out[i0 + r][j0 + s] += tile[r][s] for the rows/columns that exist (mr × nr of the 4×4). */
function addTile(out: FloatArray, i0: number, j0: number, mr: number, nr: number, n: number): void {
  for (let r = 0; r < mr; r++) {
    const o = (i0 + r) * n + j0;
    for (let s = 0; s < nr; s++) out[o + s] += tile[r * NR + s];
  }
}
