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
 * Workers are unref'd, so they never keep the process alive, and a wait never blocks for good: if the
 * workers stop answering (killed, crashed) the call fails with an MlpError after `STALL_MS`.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MlpError } from '../errors';
import type { GemmExports, WasmMemory } from '../wasm/memory';

export const MAX_THREADS = 64;
export const MAX_CHUNKS = 4 * MAX_THREADS;
/** Word indices in the control block (Int32). RANGES holds [i0, i1, j0, j1] per chunk. */
const LAYOUT = { GEN: 0, DONE: 1, ERROR: 2, QUIT: 3, TICKET: 4, PARAMS: 8, RANGES: 32, READY: 32 + 4 * MAX_CHUNKS };
const CTRL_WORDS = LAYOUT.READY + MAX_THREADS;
/**
 * How long a thread spins on a flag before it sleeps. Short: a late worker costs nothing (the main
 * thread does its chunks), while a spinning one takes a core from the main thread on a busy machine.
 */
const SPIN_MS = 0.05;
const START_MS = 10000;
const STALL_MS = 60000;

/** The ten scalar arguments of gemm before the ranges: a, b, c, k, n, aRow, aCol, bRow, bCol, accumulate. */
export type GemmParams = ArrayLike<number>;

/** gemm(params…, ranges[4c .. 4c+3], scratch): chunk c of C (what worker.js does too). */
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
  private readonly workers: Worker[] = [];

  private constructor(
    private readonly wasm: WasmMemory,
    private readonly scratch: readonly number[],
    ctlOffset: number,
  ) {
    this.size = scratch.length;
    this.ctl = wasm.i32(ctlOffset, CTRL_WORDS);
    for (let id = 1; id < this.size; id++) {
      const workerData = {
        wasmModule: wasm.module,
        memory: wasm.memory,
        id,
        ctlOffset,
        ctlWords: CTRL_WORDS,
        layout: LAYOUT,
        scratch: scratch[id],
        spinMs: SPIN_MS,
      };
      const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData });
      worker.unref();
      worker.on('error', () => Atomics.store(this.ctl, LAYOUT.ERROR, 1));
      this.workers.push(worker);
    }
  }

  /**
   * Starts `scratch.length − 1` workers (scratch[t] = thread t's packing area) and waits until they
   * are running. Returns the reason instead if they do not start.
   */
  static start(wasm: WasmMemory, scratch: readonly number[]): ThreadPool | string {
    const ctlOffset = wasm.reserve(CTRL_WORDS * 4);
    if (ctlOffset < 0) return 'no room in WebAssembly memory for the thread control block';
    let pool: ThreadPool;
    try {
      pool = new ThreadPool(wasm, scratch, ctlOffset);
    } catch (err) {
      return `worker threads failed to start: ${(err as Error).message}`;
    }
    const deadline = Date.now() + START_MS;
    for (let id = 1; id < pool.size; id++) {
      while (Atomics.load(pool.ctl, LAYOUT.READY + id) === 0) {
        const left = deadline - Date.now();
        if (left <= 0) {
          pool.close();
          return `worker thread ${id} did not start within ${START_MS} ms`;
        }
        Atomics.wait(pool.ctl, LAYOUT.READY + id, 0, Math.min(left, 50));
      }
      if (Atomics.load(pool.ctl, LAYOUT.READY + id) < 0) {
        pool.close();
        return `worker thread ${id} could not instantiate the WebAssembly kernels`;
      }
    }
    return pool;
  }

  /** Runs gemm(params…, ranges[4c .. 4c+3]) for every chunk c < chunks; returns when all are done. */
  run(params: GemmParams, ranges: ArrayLike<number>, chunks: number): void {
    const { ctl } = this;
    for (let i = 0; i < params.length; i++) ctl[LAYOUT.PARAMS + i] = params[i];
    for (let i = 0; i < 4 * chunks; i++) ctl[LAYOUT.RANGES + i] = ranges[i];
    Atomics.store(ctl, LAYOUT.DONE, 0);
    Atomics.store(ctl, LAYOUT.TICKET, chunks << 16);
    Atomics.add(ctl, LAYOUT.GEN, 1);
    Atomics.notify(ctl, LAYOUT.GEN);
    for (let c = claimChunk(ctl); c >= 0; c = claimChunk(ctl)) {
      runGemm(this.wasm.kernels, params, ranges, c, this.scratch[0]);
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
