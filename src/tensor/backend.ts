/**
 * Kernel dispatch. Float64 work (gradient checks) always runs the plain TypeScript kernels; float32
 * work runs on the current backend, chosen once with `setBackend` rather than per call.
 *
 * Backends: 'js' (matmul.ts, the readable reference) and 'wasm' (our WebAssembly SIMD kernels on
 * worker threads, wasm/wasmBackend.ts), which is the default when this Node can load it. While wasm
 * is selected, float32 tensors are allocated inside its memory (see wasm/allocator.ts).
 */
import * as os from 'node:os';
import { jsElementwise, type ElementwiseKernels } from './elementwise';
import { MlpError, check } from './errors';
import { matmulJs } from './matmul';
import { setFloat32Allocator, type FloatArray } from './tensor';
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
}

const jsBackend: Backend = {
  name: 'js',
  matmul: matmulJs,
  elementwise: jsElementwise,
  threads: () => 1,
};

let wasmBackend: WasmBackend | string | null = null;

/** The one wasm backend of the process, created on first use; throws with the reason if unavailable. */
function wasm(): Backend {
  if (wasmBackend === null) {
    const memory = loadWasmMemory();
    wasmBackend = typeof memory === 'string' ? memory : new WasmBackend(memory);
  }
  if (typeof wasmBackend === 'string') throw new MlpError('BAD_CONFIG', `backend 'wasm' is unavailable: ${wasmBackend}`);
  return wasmBackend;
}

const backends = new Map<string, () => Backend>([
  ['js', () => jsBackend],
  ['wasm', wasm],
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
