/**
 * Worker threads for the WebAssembly GEMM: the main thread plus `size − 1` workers (worker.js) share
 * one WebAssembly.Memory. No postMessage per call, no copies: a call writes the task (operand
 * offsets, strides) and the blocks ("chunks") C is cut into into a control block in that memory,
 * publishes ctl[TICKET] = chunks·2¹⁶ + 0, bumps ctl[GEN] and wakes the workers (Atomics.notify).
 * Every thread, the main one included, claims the next chunk by compare-exchanging TICKET to
 * TICKET + 1, computes it, and adds 1 to ctl[DONE]; the call returns when DONE = chunks.
 *
 * The main thread waits for chunks, never for a thread: a worker that wakes late (two cores shared
 * with other processes: a wake-up can take 0.5 ms) finds nothing left and goes back to sleep, and
 * the main thread has done the work meanwhile. A claim is always of the task in place (the CAS
 * succeeds only on the current ticket), and a task's parameters stay put until all its chunks are
 * done, so a late worker can never mix two tasks. Which thread computes a chunk changes no bit.
 *
 * Workers start in the background (the first calls may run on the main thread alone), and a worker
 * idle for IDLE_MS exits; the next call starts it again. So an idle process holds no threads, and a
 * test runner that loads the engine once per test file does not pile them up. Workers are unref'd,
 * so they never keep the process alive, and a wait never blocks for good: if the workers stop
 * answering (killed, crashed) the call fails with an MlpError after `STALL_MS`.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MlpError } from '../errors';
import type { GemmExports, WasmMemory } from '../wasm/memory';

export const MAX_THREADS = 64;
export const MAX_CHUNKS = 4 * MAX_THREADS;
/**
 * Word indices in the control block (Int32). RANGES holds [i0, i1, j0, j1] per chunk; STATE one word
 * per worker; WORKED counts the chunks workers (not the main thread) computed. KIND says what a chunk
 * is: GEMM (a block of C), SGD (θ[i] ← θ[i] − lr·g[i] in float32 on elements [i0, i1), lr the float64 at
 * words LR, LR + 1) or GATHER (rows [i0, i1) of a batch of images, see runChunk).
 */
const LAYOUT = {
  GEN: 0,
  DONE: 1,
  ERROR: 2,
  QUIT: 3,
  TICKET: 4,
  WORKED: 5,
  KIND: 6,
  PARAMS: 8,
  LR: 30,
  RANGES: 32,
  STATE: 32 + 4 * MAX_CHUNKS,
};
const CTRL_WORDS = LAYOUT.STATE + MAX_THREADS;
/** Worker states in ctl[STATE + id]. */
const STARTING = 0;
const RUNNING = 1;
const EXITED = 2;
const FAILED = -1;
/**
 * How long a thread spins on a flag before it sleeps. Short: a late worker costs nothing (the main
 * thread does its chunks), while a spinning one takes a core from the main thread on a busy machine.
 */
const SPIN_MS = 0.05;
/** A worker with no task for this long exits (the next call restarts it). */
const IDLE_MS = 2000;
const STALL_MS = 60000;

/** The ten scalar arguments of gemm before the ranges: a, b, c, k, n, aRow, aCol, bRow, bCol, accumulate. */
export type GemmParams = ArrayLike<number>;

/** Task kinds in ctl[KIND]. */
export const GEMM = 0;
export const SGD = 1;
export const GATHER = 2;

/**
 * Chunk c of a task (what worker.js does too): gemm(params…, ranges[4c .. 4c+3], scratch), a block of
 * C; or for SGD, sgd(θ + 4·i0, g + 4·i0, lr, i1 − i0) with θ, g = params[0], params[1] and
 * [i0, i1) = ranges[4c], ranges[4c + 1]; or for GATHER, rows [i0, i1) of a batch:
 * gatherScale(bytes, rowBytes, order + 4·i0, i1 − i0, out + 4·rowBytes·i0) with params
 * [bytes, rowBytes, order, out].
 */
export function runChunk(
  kernels: GemmExports,
  kind: number,
  p: GemmParams,
  ranges: ArrayLike<number>,
  c: number,
  scratch: number,
  lr: number,
): void {
  if (kind === GEMM) {
    runGemm(kernels, p, ranges, c, scratch);
    return;
  }
  const i0 = ranges[4 * c];
  if (kind === SGD) kernels.sgd(p[0] + 4 * i0, p[1] + 4 * i0, lr, ranges[4 * c + 1] - i0);
  else kernels.gatherScale(p[0], p[1], p[2] + 4 * i0, ranges[4 * c + 1] - i0, p[3] + 4 * p[1] * i0);
}

/** gemm(params…, ranges[4c .. 4c+3], scratch): chunk c of C. */
export function runGemm(kernels: GemmExports, p: GemmParams, ranges: ArrayLike<number>, c: number, scratch: number): void {
  const r = 4 * c;
  kernels.gemm(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], ranges[r], ranges[r + 1], ranges[r + 2], ranges[r + 3], scratch);
}

/** Index of the next unclaimed chunk of the current task, or -1 when none is left (see worker.js). */
function claimChunk(ctl: Int32Array): number {
  for (;;) {
    const ticket = Atomics.load(ctl, LAYOUT.TICKET);
    const next = ticket & 0xffff;
    if (next >= ticket >>> 16) return -1;
    if (Atomics.compareExchange(ctl, LAYOUT.TICKET, ticket, ticket + 1) === ticket) return next;
  }
}

export class ThreadPool {
  readonly size: number;
  private readonly ctl: Int32Array;
  private readonly lr: Float64Array;

  private constructor(
    private readonly wasm: WasmMemory,
    private readonly scratch: readonly number[],
    private readonly ctlOffset: number,
  ) {
    this.size = scratch.length;
    this.ctl = wasm.i32(ctlOffset, CTRL_WORDS);
    this.lr = new Float64Array(wasm.buffer(), ctlOffset + 4 * LAYOUT.LR, 1);
    for (let id = 1; id < this.size; id++) this.spawn(id);
  }

  /**
   * Starts `scratch.length − 1` workers in the background (scratch[t] = thread t's packing area).
   * Returns the reason instead if they cannot be created.
   */
  static start(wasm: WasmMemory, scratch: readonly number[]): ThreadPool | string {
    const ctlOffset = wasm.reserve(CTRL_WORDS * 4);
    if (ctlOffset < 0) return 'no room in WebAssembly memory for the thread control block';
    try {
      return new ThreadPool(wasm, scratch, ctlOffset);
    } catch (err) {
      return `worker threads failed to start: ${(err as Error).message}`;
    }
  }

  private spawn(id: number): void {
    Atomics.store(this.ctl, LAYOUT.STATE + id, STARTING);
    const workerData = {
      wasmModule: this.wasm.module,
      memory: this.wasm.memory,
      id,
      ctlOffset: this.ctlOffset,
      ctlWords: CTRL_WORDS,
      layout: LAYOUT,
      states: { RUNNING, EXITED, FAILED },
      scratch: this.scratch[id],
      spinMs: SPIN_MS,
      idleMs: IDLE_MS,
    };
    const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData });
    worker.unref();
    worker.on('error', () => Atomics.store(this.ctl, LAYOUT.STATE + id, FAILED));
  }

  /** Waits (up to timeoutMs) until every worker runs; false if one did not. For tests and benchmarks. */
  waitUntilRunning(timeoutMs = 10000): boolean {
    this.restartIdle();
    const deadline = Date.now() + timeoutMs;
    for (let id = 1; id < this.size; id++) {
      for (;;) {
        const state = Atomics.load(this.ctl, LAYOUT.STATE + id);
        if (state === RUNNING) break;
        const left = deadline - Date.now();
        if (state === FAILED || left <= 0) return false;
        Atomics.wait(this.ctl, LAYOUT.STATE + id, state, Math.min(left, 50));
      }
    }
    return true;
  }

  /** Workers currently running (not starting, exited while idle, or failed). */
  runningWorkers(): number {
    let running = 0;
    for (let id = 1; id < this.size; id++) if (Atomics.load(this.ctl, LAYOUT.STATE + id) === RUNNING) running++;
    return running;
  }

  /** Chunks computed by worker threads so far (the rest ran on the calling thread). */
  workerChunks(): number {
    return Atomics.load(this.ctl, LAYOUT.WORKED);
  }

  /** Restarts the workers that exited while idle; throws if one failed. */
  private restartIdle(): void {
    for (let id = 1; id < this.size; id++) {
      const state = Atomics.load(this.ctl, LAYOUT.STATE + id);
      if (state === EXITED) this.spawn(id);
      if (state === FAILED) throw new MlpError('BAD_CONFIG', `WebAssembly worker thread ${id} failed to start`);
    }
  }

  /** Runs every chunk c < chunks of a task (GEMM by default, see runChunk); returns when all are done. */
  run(params: GemmParams, ranges: ArrayLike<number>, chunks: number, kind = GEMM, lr = 0): void {
    const { ctl } = this;
    this.restartIdle();
    ctl[LAYOUT.KIND] = kind;
    this.lr[0] = lr;
    for (let i = 0; i < params.length; i++) ctl[LAYOUT.PARAMS + i] = params[i];
    for (let i = 0; i < 4 * chunks; i++) ctl[LAYOUT.RANGES + i] = ranges[i];
    Atomics.store(ctl, LAYOUT.DONE, 0);
    Atomics.store(ctl, LAYOUT.TICKET, chunks << 16);
    Atomics.add(ctl, LAYOUT.GEN, 1);
    Atomics.notify(ctl, LAYOUT.GEN);
    for (let c = claimChunk(ctl); c >= 0; c = claimChunk(ctl)) {
      runChunk(this.wasm.kernels, kind, params, ranges, c, this.scratch[0], lr);
      Atomics.add(ctl, LAYOUT.DONE, 1);
    }
    this.waitForChunks(chunks);
    if (Atomics.load(ctl, LAYOUT.ERROR) !== 0) {
      throw new MlpError('BAD_CONFIG', "a WebAssembly worker thread failed: use setThreads(1) or setBackend('js')");
    }
  }

  private waitForChunks(chunks: number): void {
    const { ctl } = this;
    const spinEnd = performance.now() + SPIN_MS;
    const stallEnd = Date.now() + STALL_MS;
    for (let i = 0; ; i++) {
      const done = Atomics.load(ctl, LAYOUT.DONE);
      if (done === chunks) return;
      if ((i & 255) !== 255 || performance.now() < spinEnd) continue;
      if (Date.now() > stallEnd) {
        throw new MlpError('BAD_CONFIG', `WebAssembly worker threads stopped answering (${chunks - done} chunks pending)`);
      }
      Atomics.wait(ctl, LAYOUT.DONE, done, 100);
    }
  }

  /** Asks the workers to finish; they exit on their own (and are unref'd meanwhile). */
  close(): void {
    Atomics.store(this.ctl, LAYOUT.QUIT, 1);
    Atomics.add(this.ctl, LAYOUT.GEN, 1);
    Atomics.notify(this.ctl, LAYOUT.GEN);
  }
}
