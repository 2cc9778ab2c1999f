/**
 * Kernel dispatch. Float64 work (gradient checks) always runs the plain TypeScript kernels; float32
 * work runs on the current backend, chosen once with `setBackend` rather than per call.
 *
 * Backends: 'js' (matmul.ts, the readable reference) and 'wasm' (our WebAssembly SIMD kernels on
 * worker threads, wasm/wasmBackend.ts), which is the default when this Node can load it. 'wasm' runs
 * the fused multiply-add build of the kernels when this Node accepts relaxed SIMD (wasm/memory.ts);
 * 'wasm-simd' always runs the multiply-then-add build, whose bits are the same on every CPU. While a
 * wasm backend is selected, float32 tensors are allocated inside its memory (see wasm/allocator.ts).
 */
import * as os from 'node:os';
import { jsElementwise, type ElementwiseKernels } from './elementwise';
import { MlpError, check } from './errors';
import { matmulJs } from './matmul';
import { setByteAllocator, setFloat32Allocator, type FloatArray } from './tensor';
import { MAX_THREADS } from './threads/pool';
import { loadWasmMemory } from './wasm/memory';
import { WasmBackend } from './wasm/wasmBackend';

export interface Backend {
  readonly name: string;
  /** out[m×n] (+)= op(A)[m×k] · op(B)[k×n], row-major, see matmul.ts. */
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
  ): void;
  /** The element-wise kernels of a training step on float32 arrays (see elementwise.ts). */
  readonly elementwise: ElementwiseKernels;
  /** Threads this backend uses (1 for the JS one). */
  threads(): number;
  /** Asks for n threads (backends without threads ignore it). */
  setThreads?(n: number): void;
  /** Where float32 tensors should live while this backend is selected (default: the JS heap). */
  readonly float32Allocator?: (n: number) => Float32Array;
  /** Where data sets' image bytes should live while this backend is selected (default: the JS heap). */
  readonly byteAllocator?: (n: number) => Uint8Array;
  /** Which build of its kernels runs, for backends with several (wasm: 'fma' or 'simd'). */
  readonly kernels?: string;
}

const jsBackend: Backend = {
  name: 'js',
  matmul: matmulJs,
  elementwise: jsElementwise,
  threads: () => 1,
};

const wasmBackends = new Map<string, WasmBackend | string>();

/**
 * The wasm backend of that name, created on first use (each has its own memory and threads); throws
 * with the reason if this Node cannot run it. fma: whether it may take the fused multiply-add build.
 */
function wasm(name: string, fma: boolean): () => Backend {
  return () => {
    if (!wasmBackends.has(name)) {
      const memory = loadWasmMemory(fma);
      wasmBackends.set(name, typeof memory === 'string' ? memory : new WasmBackend(memory, name));
    }
    const backend = wasmBackends.get(name)!;
    if (typeof backend === 'string') throw new MlpError('BAD_CONFIG', `backend '${name}' is unavailable: ${backend}`);
    return backend;
  };
}

const backends = new Map<string, () => Backend>([
  ['js', () => jsBackend],
  ['wasm', wasm('wasm', true)],
  ['wasm-simd', wasm('wasm-simd', false)],
]);
let threadCount = Math.max(1, Math.min(MAX_THREADS, os.availableParallelism()));
let current: Backend = jsBackend;

/** Makes a backend selectable by name. */
export function registerBackend(name: string, factory: () => Backend): void {
  backends.set(name, factory);
}

export function setBackend(name: string): Backend {
  const factory = backends.get(name);
  if (!factory) {
    throw new MlpError('BAD_ARGUMENT', `unknown backend '${name}': valid backends are ${[...backends.keys()].join(', ')}`);
  }
  current = factory();
  current.setThreads?.(threadCount);
  setFloat32Allocator(current.float32Allocator ?? null);
  setByteAllocator(current.byteAllocator ?? null);
  return current;
}

export function getBackend(): Backend {
  return current;
}

export function listBackends(): string[] {
  return [...backends.keys()];
}

/** Threads for matmul (default: os.availableParallelism()); results do not depend on it. */
export function setThreads(n: number): void {
  check(
    Number.isInteger(n) && n >= 1 && n <= MAX_THREADS,
    `setThreads(${n}): the thread count must be an integer from 1 to ${MAX_THREADS}`,
  );
  threadCount = n;
  current.setThreads?.(n);
}

export function getThreads(): number {
  return threadCount;
}

export function matmul(
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
  if (a.length < m * k || b.length < k * n || out.length < m * n) {
    throw new MlpError(
      'BAD_SHAPE',
      `matmul of ${m}×${k} by ${k}×${n}: operands hold ${a.length}, ${b.length} and ${out.length} values, need ${m * k}, ${k * n} and ${m * n}`,
    );
  }
  if (out instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array) {
    current.matmul(a, b, out, m, k, n, transA, transB, accumulate);
  } else {
    matmulJs(a, b, out, m, k, n, transA, transB, accumulate);
  }
}

// The default: wasm when this Node can run it, else the TypeScript kernels.
try {
  setBackend('wasm');
} catch {
  setBackend('js');
}
