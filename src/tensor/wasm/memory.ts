/**
 * The WebAssembly side of the fast backend: loads the assembled kernels (dist/src/tensor/wasm/gemm.wasm,
 * built from the .wat files beside this one by `npm run build`) and owns the one shared memory that
 * the main thread and every worker thread instantiate them on.
 *
 * Two builds of the kernels (scripts/build-wasm.js): 'fma', whose micro-kernel uses the relaxed-SIMD
 * fused multiply-add `f32x4.relaxed_madd` (one rounding per term instead of two; ~20 % faster GEMM),
 * and 'simd' (f32x4.mul then f32x4.add). 'fma' is taken when this Node accepts relaxed SIMD: Node 22+
 * does by default; Node 20 has it behind `--experimental-wasm-relaxed-simd`, which the loader then
 * turns on for this process (v8.setFlagsFromString; it only adds instructions to WebAssembly). A CPU
 * without FMA runs relaxed_madd as mul + add, so 'fma' bits can differ between machines, while 'simd'
 * gives the same bits everywhere (backend.ts offers it as the backend 'wasm-simd').
 *
 * The memory is shared (SharedArrayBuffer-backed) so that workers see the operands without copies,
 * and growing it never detaches a view: a Float32Array taken before `memory.grow` stays valid, it
 * just does not see the new pages. Space is handed out by a bump pointer and never given back;
 * callers reserve long-lived regions (per-thread scratch, staging buffers that grow by doubling, the
 * capped float32 allocator) so the total stays bounded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';

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
  // sparse.wat
  zeroSteps(x: number, rowStride: number, colStride: number, k: number): number;
  // elementwise.wat
  relu(z: number, a: number, n: number): void;
  sigmoid(z: number, a: number, n: number): void;
  reluBackward(z: number, dy: number, dz: number, n: number): void;
  addBias(z: number, bias: number, rows: number, cols: number): void;
  columnSums(x: number, out: number, rows: number, cols: number, accumulate: number): void;
  sgd(theta: number, g: number, lr: number, n: number): void;
  scaleBytes(bytes: number, n: number, out: number): void;
  gatherScale(bytes: number, rowBytes: number, order: number, rows: number, out: number): void;
  dropout(state: number, x: number, m: number, y: number, n: number, bound: number, scale: number): void;
  leakyMask(key: number, v: number, out: number, n: number, alpha: number): void;
  sigmoidBackward(a: number, dy: number, dz: number, n: number): void;
  biasActivation(z: number, bias: number, a: number, rows: number, cols: number, kind: number): void;
  prelu(x: number, alpha: number, out: number, rows: number, cols: number): void;
  preluBackward(x: number, alpha: number, dy: number, dx: number, dAlpha: number, rows: number, cols: number): void;
}

/** Which build of the kernels runs: relaxed-SIMD fused multiply-add, or plain SIMD multiply then add. */
export type KernelBuild = 'fma' | 'simd';

export class WasmMemory {
  readonly module: WasmModuleHandle;
  readonly memory: WasmMemoryHandle;
  readonly kernels: GemmExports;
  private top = 0;
  // Every SharedArrayBuffer object `memory.buffer` has returned: a view over any of them is ours.
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  constructor(
    module: WasmModuleHandle,
    readonly build: KernelBuild = 'simd',
  ) {
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

/** A region of wasm memory reused across calls, reserved again (twice as large) when too small. */
export class Staging {
  private offset = -1;
  private bytes = 0;
  constructor(private readonly wasm: WasmMemory) {}

  /** Byte offset of at least `floats` floats, or -1 when the memory is full. */
  ensure(floats: number): number {
    if (floats * 4 > this.bytes) {
      const bytes = Math.max(floats * 4, 2 * this.bytes, 1 << 16);
      this.offset = this.wasm.reserve(bytes);
      this.bytes = this.offset < 0 ? 0 : bytes;
    }
    return this.offset;
  }
}

/**
 * True when this Node validates relaxed-SIMD modules, after turning on Node 20's flag for them if
 * needed (the flag is set only when validation fails without it, so a Node that ships relaxed SIMD,
 * or lacks the flag, is left alone).
 */
function acceptsRelaxedSimd(bytes: Uint8Array): boolean {
  if (WebAssembly.validate(bytes)) return true;
  try {
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return WebAssembly.validate(bytes);
}

/**
 * Loads the kernels from next to the compiled module (dist/src/tensor/wasm), or from dist/ when
 * running the TypeScript sources (jest): gemm-fma.wasm when `fma` and this Node accepts it, else
 * gemm.wasm. Returns the reason instead when this Node cannot run either.
 */
export function loadWasmMemory(fma: boolean): WasmMemory | string {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available';
  const dirs = [__dirname, path.resolve(__dirname, '../../../dist/src/tensor/wasm')];
  const dir = dirs.find((d) => fs.existsSync(path.join(d, 'gemm.wasm')));
  if (!dir) return `gemm.wasm not found (looked in ${dirs.join(', ')}): run \`npm run build\``;
  const fmaFile = path.join(dir, 'gemm-fma.wasm');
  if (fma && fs.existsSync(fmaFile)) {
    const bytes = fs.readFileSync(fmaFile);
    if (acceptsRelaxedSimd(bytes)) {
      try {
        return new WasmMemory(new WebAssembly.Module(bytes), 'fma');
      } catch {
        // fall through to the plain build
      }
    }
  }
  const file = path.join(dir, 'gemm.wasm');
  const bytes = fs.readFileSync(file);
  if (!WebAssembly.validate(bytes)) return `${file} does not validate: this Node lacks WebAssembly SIMD or threads`;
  try {
    return new WasmMemory(new WebAssembly.Module(bytes), 'simd');
  } catch (err) {
    return `${file} failed to load: ${(err as Error).message}`;
  }
}
