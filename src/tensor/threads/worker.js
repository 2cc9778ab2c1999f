'use strict';
/**
 * One worker thread of the WebAssembly GEMM backend (started by pool.ts; plain JavaScript so that the
 * same file runs from src/ under jest and from dist/ after `npm run build`, which copies it).
 *
 * It instantiates the kernels on the shared memory it was given and then loops forever:
 *   wait until ctl[GEN] changes (spin briefly, then sleep in Atomics.wait),
 *   run gemm on its own block of C (ranges[id]) with its own packing scratch,
 *   decrement ctl[PENDING] and wake the main thread when it reaches 0.
 * No message is posted per call and nothing is copied: the task lives in the control block.
 */
const { workerData } = require('node:worker_threads');

const { wasmModule, memory, id, ctlOffset, ctlWords, layout, scratch, spinMs } = workerData;
const { GEN, PENDING, ERROR, QUIT, PARAMS, RANGES, READY } = layout;
const ctl = new Int32Array(memory.buffer, ctlOffset, ctlWords);
let gemm = null;
try {
  gemm = new WebAssembly.Instance(wasmModule, { env: { memory } }).exports.gemm;
} catch {
  // READY = -1 tells the main thread (blocked in Atomics.wait, deaf to 'error' events) at once.
}

/** Returns once ctl[GEN] differs from `seen`: a spin of spinMs catches back-to-back calls fast. */
function waitForTask(seen) {
  const deadline = performance.now() + spinMs;
  for (let i = 0; Atomics.load(ctl, GEN) === seen; i++) {
    if ((i & 255) === 255 && performance.now() > deadline) Atomics.wait(ctl, GEN, seen);
  }
}

let seen = Atomics.load(ctl, GEN);
Atomics.store(ctl, READY + id, gemm ? 1 : -1);
Atomics.notify(ctl, READY + id);
while (gemm) {
  waitForTask(seen);
  seen = Atomics.load(ctl, GEN);
  if (Atomics.load(ctl, QUIT) !== 0) break;
  const p = PARAMS;
  const r = RANGES + 4 * id;
  try {
    gemm(ctl[p], ctl[p + 1], ctl[p + 2], ctl[p + 3], ctl[p + 4], ctl[p + 5], ctl[p + 6], ctl[p + 7], ctl[p + 8],
      ctl[p + 9], ctl[r], ctl[r + 1], ctl[r + 2], ctl[r + 3], scratch);
  } catch {
    Atomics.store(ctl, ERROR, 1);
  }
  if (Atomics.sub(ctl, PENDING, 1) === 1) Atomics.notify(ctl, PENDING);
}
