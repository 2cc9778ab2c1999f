/**
 * The WebAssembly side of the fast backend: loads the assembled kernels (dist/src/tensor/wasm/gemm.wasm,
 * built from the .wat files beside this one by `npm run build`) and owns the one shared memory that
 * the main thread and every worker thread instantiate them on.
 *
 * The memory is shared (SharedArrayBuffer-backed) so that workers see the operands without copies,
 * and growing it never detaches a view: a Float32Array taken before `memory.grow` stays valid, it
 * just does not see the new pages. Space is handed out by a bump pointer and never given back;
 * callers reserve long-lived regions (per-thread scratch, staging buffers that grow by doubling, the
 * capped float32 allocator) so the total stays bounded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The slice of the WebAssembly JS API used here. The project compiles against lib ES2022 only (no
 * DOM lib, which is where TypeScript declares `WebAssembly`), so it is typed locally.
 */
export type WasmModuleHandle = object;
export interface WasmMemoryHandle {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => WasmModuleHandle;
  Instance: new (module: WasmModuleHandle, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemoryHandle;
  validate(bytes: Uint8Array): boolean;
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** 64 KiB pages; keep MAX_PAGES equal to the limit that scripts/build-wasm.js declares. */
const PAGE = 65536;
const MAX_PAGES = 32768;

/** Exports of gemm.wasm (see gemm.wat, elementwise.wat): byte offsets into the memory, strides in floats. */
export interface GemmExports {
  gemm(
    a: number,
    b: number,
    c: number,
    k: number,
    n: number,
    aRow: number,
    aCol: number,
    bRow: number,
    bCol: number,
    accumulate: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    scratch: number,
  ): void;
  scratchBytes(): number;
  // elementwise.wat
  relu(z: number, a: number, n: number): void;
  sigmoid(z: number, a: number, n: number): void;
  reluBackward(z: number, dy: number, dz: number, n: number): void;
  addBias(z: number, bias: number, rows: number, cols: number): void;
  columnSums(x: number, out: number, rows: number, cols: number, accumulate: number): void;
  sgd(theta: number, g: number, lr: number, n: number): void;
  scaleBytes(bytes: number, n: number, out: number): void;
}

export class WasmMemory {
  readonly module: WasmModuleHandle;
  readonly memory: WasmMemoryHandle;
  readonly kernels: GemmExports;
  private top = 0;
  // Every SharedArrayBuffer object `memory.buffer` has returned: a view over any of them is ours.
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  constructor(module: WasmModuleHandle) {
    this.module = module;
    this.memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.kernels = instance.exports as unknown as GemmExports;
  }

  /** Reserves `bytes` (aligned to 64, a cache line) for good; returns the byte offset, or -1 if full. */
  reserve(bytes: number): number {
    const start = (this.top + 63) & ~63;
    const end = start + bytes;
    if (end > MAX_PAGES * PAGE) return -1;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        // Grow by at least an eighth so that many small reservations do not each grow the memory.
        const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 8));
        this.memory.grow(Math.min(pages, MAX_PAGES - have / PAGE));
      } catch {
        return -1; // the system refused the pages
      }
    }
    this.top = end;
    return start;
  }

  /** The current buffer (longer after a grow), remembered so `offsetOf` recognises views over it. */
  buffer(): SharedArrayBuffer {
    const buffer = this.memory.buffer as unknown as SharedArrayBuffer;
    this.buffers.add(buffer);
    return buffer;
  }

  f32(byteOffset: number, length: number): Float32Array {
    return new Float32Array(this.buffer(), byteOffset, length);
  }

  i32(byteOffset: number, length: number): Int32Array {
    return new Int32Array(this.buffer(), byteOffset, length);
  }

  u8(byteOffset: number, length: number): Uint8Array {
    return new Uint8Array(this.buffer(), byteOffset, length);
  }

  /** Byte offset of a view into this memory, or -1 for any other array. */
  offsetOf(x: ArrayBufferView): number {
    return this.buffers.has(x.buffer) ? x.byteOffset : -1;
  }
}

/**
 * Loads gemm.wasm from next to the compiled module (dist/src/tensor/wasm), or from dist/ when running
 * the TypeScript sources (jest). Returns the reason instead when this Node cannot run it.
 */
export function loadWasmMemory(): WasmMemory | string {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available';
  const candidates = [path.join(__dirname, 'gemm.wasm'), path.resolve(__dirname, '../../../dist/src/tensor/wasm/gemm.wasm')];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) return `gemm.wasm not found (looked in ${candidates.join(', ')}): run \`npm run build\``;
  const bytes = fs.readFileSync(file);
  if (!WebAssembly.validate(bytes)) return `${file} does not validate: this Node lacks WebAssembly SIMD or threads`;
  try {
    return new WasmMemory(new WebAssembly.Module(bytes));
  } catch (err) {
    return `${file} failed to load: ${(err as Error).message}`;
  }
}
