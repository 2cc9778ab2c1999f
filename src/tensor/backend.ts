/**
 * Kernel dispatch. Float64 work (gradient checks) always runs the plain TypeScript kernels; float32
 * work runs on the current backend, chosen once with `setBackend` rather than per call.
 */
import { MlpError } from './errors';
import { matmulJs } from './matmul';
import type { FloatArray } from './tensor';

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
  /** Threads this backend uses (1 for the JS one). */
  threads(): number;
}

const jsBackend: Backend = {
  name: 'js',
  matmul: matmulJs,
  threads: () => 1,
};

const backends = new Map<string, () => Backend>([['js', () => jsBackend]]);
let current: Backend = jsBackend;

/** Makes a backend selectable by name (the WebAssembly backend registers itself here). */
export function registerBackend(name: string, factory: () => Backend): void {
  backends.set(name, factory);
}

export function setBackend(name: string): Backend {
  const factory = backends.get(name);
  if (!factory) {
    throw new MlpError('BAD_ARGUMENT', `unknown backend '${name}': valid backends are ${[...backends.keys()].join(', ')}`);
  }
  current = factory();
  return current;
}

export function getBackend(): Backend {
  return current;
}

export function listBackends(): string[] {
  return [...backends.keys()];
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
  if (out instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array) {
    current.matmul(a, b, out, m, k, n, transA, transB, accumulate);
  } else {
    matmulJs(a, b, out, m, k, n, transA, transB, accumulate);
  }
}
