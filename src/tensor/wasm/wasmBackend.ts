/**
 * The 'wasm' backend: float32 matmul on our WebAssembly SIMD kernels (gemm.wat), split across threads,
 * and the element-wise kernels of a training step (elementwise.wat; the SGD step of a large parameter
 * split across the threads too, the others on the calling thread).
 *
 *   out[m×n] (+)= op(A)[m×k] · op(B)[k×n]        as in matmul.ts
 *
 * Operands already in the wasm memory (allocated by `wasmFloat32Allocator`) are used where they are;
 * others are copied into staging areas first, and `out` copied back. With T threads, C is cut into 2T
 * blocks of whole rows (when m ≥ n) or whole columns, on micro-tile boundaries (4 rows, 16 columns),
 * that the threads share out as they go (threads/pool.ts); every element is still
 * summed by the same kernel in the same order, so the bits do not depend on T.
 * Products under MIN_PARALLEL_FLOPS run on the calling thread alone: waking a worker costs more.
 * Products whose A is mostly zeros (MNIST's pixels, in the first layer's forward product and weight
 * gradient) skip the steps that are zero in all four rows of a panel (sparse.wat, skipPays): the
 * same bits, 2.1–2.6× faster on those two products.
 */
import type { Backend } from '../backend';
import { matmulJs } from '../matmul';
import { GATHER, MAX_CHUNKS, MAX_THREADS, SGD, ThreadPool, runGemm } from '../threads/pool';
import type { ElementwiseKernels } from '../elementwise';
import { wasmByteAllocator, wasmFloat32Allocator } from './allocator';
import { wasmElementwise } from './elementwise';
import { Staging, type WasmMemory } from './memory';

/**
 * Products of at least this many FLOPs (2·m·n·k) are split across the threads. 2^19 takes in the
 * output layer of 784-256-256-10 (three products of 0.6 MFLOP a step: W2 4 % faster than with 2^21,
 * measured in three alternating pairs of runs); the workers are usually still spinning then.
 */
export const MIN_PARALLEL_FLOPS = 1 << 19;
/** SGD steps (and batch gathers) on fewer elements than this run on the calling thread alone. */
export const MIN_PARALLEL_ELEMENTS = 1 << 16;
/** Chunks per thread: a few, so a late thread costs little, each re-packing only one operand. */
const CHUNKS_PER_THREAD = 2;
/**
 * Products of at least this many FLOPs whose A has at least SKIP_MIN_ZERO_STEPS of its 4-row steps
 * all zeros skip those steps (sparse.wat: the same bits). In a batch of 120 MNIST images 61 % of the
 * first layer's forward steps and 72 % of its weight gradient's are zeros; see skipPays.
 */
export const SKIP_MIN_FLOPS = 1 << 22;
export const SKIP_MIN_ZERO_STEPS = 0.25;
/** 4-row groups of op(A) sampled to estimate that fraction. */
const SKIP_SAMPLE_GROUPS = 6;
const MR = 4;
const NR = 8;

export class WasmBackend implements Backend {
  readonly float32Allocator: (n: number) => Float32Array;
  readonly byteAllocator: (n: number) => Uint8Array;
  readonly elementwise: ElementwiseKernels;
  private readonly staging: Staging[];
  private readonly scratch: number[] = [];
  private wanted = 1;
  // Reused per call: the ten scalar gemm arguments and the chunks of C.
  private readonly params = new Int32Array(10);
  private readonly ranges = new Int32Array(4 * MAX_CHUNKS);
  private readonly sgdParams = new Int32Array(2);
  private readonly gatherParams = new Int32Array(4);
  private pool: ThreadPool | null = null;
  /** Products smaller than this (in FLOPs, 2·m·n·k) run on the calling thread alone. */
  minParallelFlops = MIN_PARALLEL_FLOPS;
  /** SGD steps on fewer elements than this run on the calling thread alone. */
  minParallelElements = MIN_PARALLEL_ELEMENTS;
  /** Products whose A is mostly zeros skip them (false: never; the bits are the same either way). */
  skipZeros = true;
  /** How many products have skipped zeros so far (for tests and benchmarks). */
  skippingProducts = 0;
  /** Why the pool could not start, if it could not; the backend then runs on one thread. */
  threadError: string | null = null;

  /** 'fma' or 'simd': which build of the kernels runs (wasm/memory.ts). */
  readonly kernels: string;

  constructor(
    private readonly wasm: WasmMemory,
    readonly name = 'wasm',
  ) {
    this.kernels = wasm.build;
    this.float32Allocator = wasmFloat32Allocator(wasm);
    this.byteAllocator = wasmByteAllocator(wasm);
    this.elementwise = wasmElementwise(wasm, {
      sgd: (thetaAt, gAt, lr, n) => this.parallelSgd(thetaAt, gAt, lr, n),
      gather: (bytesAt, rowBytes, orderAt, rows, outAt) => this.parallelGather(bytesAt, rowBytes, orderAt, rows, outAt),
    });
    this.staging = [new Staging(wasm), new Staging(wasm), new Staging(wasm)];
  }

  threads(): number {
    return this.wanted;
  }

  setThreads(n: number): void {
    if (n === this.wanted) return;
    this.wanted = Math.min(n, MAX_THREADS);
    this.pool?.close();
    this.pool = null;
    this.threadError = null;
  }

  matmul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
  ): void {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      if (!accumulate) out.fill(0, 0, m * n);
      return;
    }
    const aAt = this.place(a, m * k, 0);
    const bAt = this.place(b, k * n, 1);
    let cAt = this.wasm.offsetOf(out);
    const outside = cAt < 0;
    if (outside) {
      cAt = this.staging[2].ensure(m * n);
      if (cAt >= 0 && accumulate) this.wasm.f32(cAt, m * n).set(out.subarray(0, m * n));
    }
    if (aAt < 0 || bAt < 0 || cAt < 0) {
      matmulJs(a, b, out, m, k, n, transA, transB, accumulate); // wasm memory full
      return;
    }
    const params = this.params;
    params[0] = aAt;
    params[1] = bAt;
    params[2] = cAt;
    params[3] = k;
    params[4] = n;
    params[5] = transA ? 1 : k; // op(A)[i][p] at A[i·aRow + p·aCol]
    params[6] = transA ? m : 1;
    params[7] = transB ? 1 : n; // op(B)[p][j] at B[p·bRow + j·bCol]
    params[8] = transB ? k : 1;
    params[9] = accumulate ? 1 : 0;
    const pool = 2 * m * n * k >= this.minParallelFlops ? this.threadPool() : null;
    if (this.skipPays(aAt, m, k, n, params[5], params[6])) {
      params[9] |= 2;
      this.skippingProducts++;
    }
    if (pool) {
      const chunks = splitBlocks(m, n, pool.size * CHUNKS_PER_THREAD, this.ranges);
      this.runOnPool(pool, chunks);
    } else {
      splitBlocks(m, n, 1, this.ranges);
      runGemm(this.wasm.kernels, params, this.ranges, 0, this.scratchFor(0));
    }
    if (outside) out.set(this.wasm.f32(cAt, m * n));
  }

  /**
   * θ ← θ − lr·g on n floats at byte offsets θ, g, cut into ranges of whole cache lines that the
   * threads share out (element-wise: the bits cannot depend on the cut). False when n is too small or
   * there is one thread: the caller then runs it alone.
   */
  private parallelSgd(thetaAt: number, gAt: number, lr: number, n: number): boolean {
    const pool = n >= this.minParallelElements ? this.threadPool() : null;
    if (!pool) return false;
    this.sgdParams[0] = thetaAt;
    this.sgdParams[1] = gAt;
    const lines = Math.ceil(n / 16);
    const chunks = Math.min(pool.size * CHUNKS_PER_THREAD, lines);
    for (let t = 0; t < chunks; t++) {
      this.ranges[4 * t] = Math.min(n, Math.floor((lines * t) / chunks) * 16);
      this.ranges[4 * t + 1] = Math.min(n, Math.floor((lines * (t + 1)) / chunks) * 16);
    }
    this.runOnPool(pool, chunks, this.sgdParams, SGD, lr);
    return true;
  }

  /**
   * A batch of `rows` images gathered and scaled (gatherScale), its rows cut into one range per
   * thread. False when the batch is small or there is one thread: the caller then runs it alone.
   */
  private parallelGather(bytesAt: number, rowBytes: number, orderAt: number, rows: number, outAt: number): boolean {
    const pool = rows * rowBytes >= this.minParallelElements ? this.threadPool() : null;
    if (!pool) return false;
    const params = this.gatherParams;
    params[0] = bytesAt;
    params[1] = rowBytes;
    params[2] = orderAt;
    params[3] = outAt;
    const chunks = Math.min(pool.size, rows);
    for (let t = 0; t < chunks; t++) {
      this.ranges[4 * t] = Math.floor((rows * t) / chunks);
      this.ranges[4 * t + 1] = Math.floor((rows * (t + 1)) / chunks);
    }
    this.runOnPool(pool, chunks, params, GATHER);
    return true;
  }

  private runOnPool(pool: ThreadPool, chunks: number, params: Int32Array = this.params, kind?: number, lr?: number): void {
    try {
      pool.run(params, this.ranges, chunks, kind, lr);
    } catch (err) {
      // A broken pool is dropped: later calls run on this thread alone.
      pool.close();
      this.pool = null;
      this.threadError = (err as Error).message;
      throw err;
    }
  }

  /**
   * Starts the worker threads now and waits until they run (they otherwise start in the background
   * at the first large product). For benchmarks and tests; false if they could not start.
   */
  startThreads(timeoutMs = 10000): boolean {
    const pool = this.threadPool();
    return pool !== null && pool.waitUntilRunning(timeoutMs);
  }

  /** Chunks of products computed by worker threads so far (0 with one thread). */
  workerChunks(): number {
    return this.pool?.workerChunks() ?? 0;
  }

  /**
   * Whether the product should skip A's all-zero steps: at least SKIP_MIN_FLOPS, and at least
   * SKIP_MIN_ZERO_STEPS of the steps of SKIP_SAMPLE_GROUPS groups of 4 rows of op(A) (element
   * [i][p] at aAt + 4·(i·aRow + p·aCol)), spread over its m rows, are zeros in all four. Only speed
   * depends on the answer: skipping gives the same bits.
   */
  private skipPays(aAt: number, m: number, k: number, n: number, aRow: number, aCol: number): boolean {
    if (!this.skipZeros || 2 * m * n * k < SKIP_MIN_FLOPS || m < 4) return false;
    const groups = Math.min(Math.floor(m / 4), SKIP_SAMPLE_GROUPS);
    let zeros = 0;
    for (let g = 0; g < groups; g++) {
      const row = 4 * Math.floor((m / 4) * (g / groups));
      zeros += this.wasm.kernels.zeroSteps(aAt + 4 * row * aRow, aRow, aCol, k);
    }
    return zeros >= SKIP_MIN_ZERO_STEPS * groups * k;
  }

  /** Worker threads running now (they exit after a while without work). */
  runningWorkers(): number {
    return this.pool?.runningWorkers() ?? 0;
  }

  /** Byte offset of x[0 .. len) in wasm memory: where it lives, or a staging copy (-1 if full). */
  private place(x: Float32Array, len: number, slot: number): number {
    const at = this.wasm.offsetOf(x);
    if (at >= 0) return at;
    const staged = this.staging[slot].ensure(len);
    if (staged >= 0) this.wasm.f32(staged, len).set(x.subarray(0, len));
    return staged;
  }

  private scratchFor(thread: number): number {
    while (this.scratch.length <= thread) this.scratch.push(this.wasm.reserve(this.wasm.kernels.scratchBytes()));
    return this.scratch[thread];
  }

  /** The pool for the wanted thread count, started on first use; null for one thread or on failure. */
  private threadPool(): ThreadPool | null {
    if (this.wanted < 2 || this.threadError) return null;
    if (!this.pool) {
      const scratch: number[] = [];
      for (let t = 0; t < this.wanted; t++) scratch.push(this.scratchFor(t));
      if (scratch.some((s) => s < 0)) {
        this.threadError = 'no room in WebAssembly memory for per-thread scratch';
        return null;
      }
      const pool = ThreadPool.start(this.wasm, scratch);
      if (typeof pool === 'string') {
        this.threadError = pool;
        return null;
      }
      this.pool = pool;
    }
    return this.pool;
  }
}

/**
 * Cuts C into at most `parts` blocks [i0, i1, j0, j1] (written to `ranges`, 4 numbers each) and
 * returns how many: whole rows when m ≥ n (each block then packs all of B, the smaller operand to
 * repeat), else whole columns; on tile boundaries (4 rows, 16 columns) and as even as they go.
 */
export function splitBlocks(m: number, n: number, parts: number, ranges: Int32Array | number[] = []): number {
  const byRows = m >= n;
  // Column blocks of 16 (64 bytes): two threads then rarely write to the same cache line of C.
  const tile = byRows ? MR : 2 * NR;
  const extent = byRows ? m : n;
  const tiles = Math.ceil(extent / tile);
  const count = Math.max(1, Math.min(parts, tiles));
  for (let t = 0; t < count; t++) {
    const lo = Math.min(extent, Math.floor((tiles * t) / count) * tile);
    const hi = Math.min(extent, Math.floor((tiles * (t + 1)) / count) * tile);
    ranges[4 * t] = byRows ? lo : 0;
    ranges[4 * t + 1] = byRows ? hi : m;
    ranges[4 * t + 2] = byRows ? 0 : lo;
    ranges[4 * t + 3] = byRows ? n : hi;
  }
  return count;
}
