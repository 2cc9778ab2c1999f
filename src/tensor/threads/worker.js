'use strict';
/**
 * One worker thread of the WebAssembly GEMM backend (started by pool.ts; plain JavaScript so that the
 * same file runs from src/ under jest and from dist/ after `npm run build`, which copies it).
 *
 * It instantiates the kernels on the shared memory it was given and then loops:
 *   wait until ctl[GEN] changes (spin briefly, then sleep in Atomics.wait; exit after idleMs),
 *   claim chunks of C (compare-exchange on ctl[TICKET], as claimChunk in pool.ts) and run gemm on
 *   each with its own packing scratch (or sgd on a range of elements, or gatherScale on a range of
 *   rows), adding 1 to ctl[DONE] per chunk (waking the main thread after the last one).
 * No message is posted per call and nothing is copied: the task lives in the control block, and is
 * read only after a claim succeeds (it cannot change before that chunk is done).
 */
const { workerData } = require('node:worker_threads');

const { wasmModule, memory, id, ctlOffset, ctlWords, layout, states, scratch, spinMs, idleMs } = workerData;
const { GEN, DONE, ERROR, QUIT, TICKET, WORKED, KIND, PARAMS, LR, RANGES, STATE } = layout;
const ctl = new Int32Array(memory.buffer, ctlOffset, ctlWords);
const lr = new Float64Array(memory.buffer, ctlOffset + 4 * LR, 1);
let gemm = null;
let sgd = null;
let gatherScale = null;
try {
  ({ gemm, sgd, gatherScale } = new WebAssembly.Instance(wasmModule, { env: { memory } }).exports);
} catch {
  // STATE = FAILED tells the main thread (which may be blocked, deaf to 'error' events) at once.
}

/**
 * Returns true once ctl[GEN] differs from `seen` (a spin of spinMs catches back-to-back calls fast),
 * or false after idleMs without a task.
 */
function waitForTask(seen) {
  const deadline = performance.now() + spinMs;
  for (let i = 0; Atomics.load(ctl, GEN) === seen; i++) {
    if ((i & 255) === 255 && performance.now() > deadline) {
      return Atomics.wait(ctl, GEN, seen, idleMs) !== 'timed-out' || Atomics.load(ctl, GEN) !== seen;
    }
  }
  return true;
}

/**
 * Runs chunk c of the current task (as runChunk in pool.ts: ctl[KIND] 0 = a block of C, 1 = SGD on
 * elements [i0, i1), 2 = rows [i0, i1) of a batch of images); the ticket it was claimed with gives
 * the chunk count.
 */
function runChunk(c, chunks) {
  const p = PARAMS;
  const r = RANGES + 4 * c;
  try {
    if (ctl[KIND] === 0) {
      gemm(ctl[p], ctl[p + 1], ctl[p + 2], ctl[p + 3], ctl[p + 4], ctl[p + 5], ctl[p + 6], ctl[p + 7], ctl[p + 8],
        ctl[p + 9], ctl[r], ctl[r + 1], ctl[r + 2], ctl[r + 3], scratch);
    } else if (ctl[KIND] === 1) {
      sgd(ctl[p] + 4 * ctl[r], ctl[p + 1] + 4 * ctl[r], lr[0], ctl[r + 1] - ctl[r]);
    } else {
      gatherScale(ctl[p], ctl[p + 1], ctl[p + 2] + 4 * ctl[r], ctl[r + 1] - ctl[r], ctl[p + 3] + 4 * ctl[p + 1] * ctl[r]);
    }
  } catch {
    Atomics.store(ctl, ERROR, 1);
  }
  Atomics.add(ctl, WORKED, 1);
  if (Atomics.add(ctl, DONE, 1) + 1 === chunks) Atomics.notify(ctl, DONE);
}

let seen = Atomics.load(ctl, GEN);
Atomics.store(ctl, STATE + id, gemm ? states.RUNNING : states.FAILED);
Atomics.notify(ctl, STATE + id);
while (gemm) {
  if (!waitForTask(seen)) {
    // Idle: leave (the pool restarts this worker at its next call). A task published meanwhile is
    // safe: its chunks go to whoever claims them, the main thread included.
    Atomics.store(ctl, STATE + id, states.EXITED);
    break;
  }
  seen = Atomics.load(ctl, GEN);
  if (Atomics.load(ctl, QUIT) !== 0) break;
  for (;;) {
    const ticket = Atomics.load(ctl, TICKET);
    const next = ticket & 0xffff;
    const chunks = ticket >>> 16;
    if (next >= chunks) break;
    if (Atomics.compareExchange(ctl, TICKET, ticket, ticket + 1) === ticket) runChunk(next, chunks);
  }
}
