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
 */
import type { WasmMemory } from './memory';

const BUDGET_BYTES = 64 * 1024 * 1024;
const MAX_ARRAY_BYTES = 8 * 1024 * 1024;

export function wasmFloat32Allocator(wasm: WasmMemory): (n: number) => Float32Array {
  let used = 0;
  return (n: number): Float32Array => {
    const bytes = ((n * 4 + 63) >> 6) << 6; // reserve() aligns every block to 64 bytes
    if (n === 0 || bytes > MAX_ARRAY_BYTES || used + bytes > BUDGET_BYTES) return new Float32Array(n);
    const offset = wasm.reserve(bytes);
    if (offset < 0) return new Float32Array(n);
    used += bytes;
    // Fresh pages are zero and reserved space is never handed out twice, so this is zero-filled
    // like `new Float32Array(n)`.
    return wasm.f32(offset, n);
  };
}
