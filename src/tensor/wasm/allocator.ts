/**
 * Float32 storage inside the WebAssembly memory, installed with `setFloat32Allocator` while the wasm
 * backend is selected: a tensor allocated there is a matmul operand with no copy in or out.
 *
 * Nothing is ever freed. A view can outlive the array it was cut from (`subarray`, `sliceRows`), and
 * JavaScript cannot tell when the last one dies, so reusing a block could corrupt live data. Instead
 * the allocator is capped: arrays larger than `MAX_ARRAY_BYTES` (data sets) and everything after the
 * first `BUDGET_BYTES` come from the ordinary heap, where the backend copies them into staging. Model
 * state (weights, gradients, optimizer slots, layer buffers sized at build time) is allocated first
 * and is small, so it lands in wasm memory; at worst the cap is held for good.
 *
 * Data sets' image bytes (`allocBytes`) get the same treatment under a budget of their own, so that
 * a batch is gathered from them and scaled inside the wasm memory, by every thread (no JS row copies).
 */
import type { WasmMemory } from './memory';

const BUDGET_BYTES = 64 * 1024 * 1024;
const MAX_ARRAY_BYTES = 8 * 1024 * 1024;
/**
 * Data sets' image bytes (allocBytes: the IDX loader, augmentation) have a budget of their own:
 * MNIST's 60 000 + 10 000 images are 55 MB, the lecture's rotated copies of 10 000 another 24 MB.
 */
const BYTE_BUDGET_BYTES = 160 * 1024 * 1024;
const MAX_BYTE_ARRAY_BYTES = 64 * 1024 * 1024;

/** An allocator of n elements inside the wasm memory up to the caps, else on the ordinary heap. */
function cappedAllocator<T>(
  wasm: WasmMemory,
  elementBytes: number,
  budget: number,
  maxArray: number,
  inMemory: (offset: number, n: number) => T,
  onHeap: (n: number) => T,
): (n: number) => T {
  let used = 0;
  return (n: number): T => {
    const bytes = Math.ceil((n * elementBytes) / 64) * 64; // reserve() aligns every block to 64 bytes
    if (n === 0 || bytes > maxArray || used + bytes > budget) return onHeap(n);
    const offset = wasm.reserve(bytes);
    if (offset < 0) return onHeap(n);
    used += bytes;
    // Fresh pages are zero and reserved space is never handed out twice, so this is zero-filled
    // like `new Float32Array(n)`.
    return inMemory(offset, n);
  };
}

export function wasmFloat32Allocator(wasm: WasmMemory): (n: number) => Float32Array {
  return cappedAllocator(
    wasm,
    4,
    BUDGET_BYTES,
    MAX_ARRAY_BYTES,
    (offset, n) => wasm.f32(offset, n),
    (n) => new Float32Array(n),
  );
}

export function wasmByteAllocator(wasm: WasmMemory): (n: number) => Uint8Array {
  return cappedAllocator(
    wasm,
    1,
    BYTE_BUDGET_BYTES,
    MAX_BYTE_ARRAY_BYTES,
    (offset, n) => wasm.u8(offset, n),
    (n) => new Uint8Array(n),
  );
}
