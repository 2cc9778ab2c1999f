/**
 * GEMM micro-benchmark: GFLOP/s (2·m·n·k per product) of every backend on the training-step shapes of
 * bench/shapes.json (the same shapes as /work/shared/bench, so the anchors compare):
 *   js          matmulJs, the blocked TypeScript kernel
 *   wasm ×1/×2  the WebAssembly SIMD kernels on 1 and 2 threads, operands allocated in wasm memory
 *               (allocFloat while wasm is selected: what training uses); fused multiply-add when
 *               this Node allows it (the `kernels` field says 'fma' or 'simd')
 *   wasm-simd   the same with the multiply-then-add build (backend 'wasm-simd')
 *   wasm-copy   wasm on 1 thread with operands in ordinary Float32Arrays, copied in and out per call
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng, allocFloat, getBackend, matmul, setBackend, setThreads } from '../src/tensor';
import { matmulJs } from '../src/tensor/matmul';
import type { WasmBackend } from '../src/tensor/wasm/wasmBackend';
import { type BenchOptions, bestMs, emit, machine, table } from './common';

interface Shape {
  name: string;
  m: number;
  k: number;
  n: number;
  ta: boolean;
  tb: boolean;
}

interface System {
  name: string;
  threads: number;
  /** Sets the backend up and returns a product over operands it allocated itself. */
  prepare(shape: Shape, fill: (x: Float32Array) => void): () => void;
}

function operands({ m, k, n }: Shape, alloc: (n: number) => Float32Array, fill: (x: Float32Array) => void): Float32Array[] {
  const [a, b, c] = [alloc(m * k), alloc(k * n), alloc(m * n)];
  fill(a);
  fill(b);
  return [a, b, c];
}

const SYSTEMS: System[] = [
  {
    name: 'js',
    threads: 1,
    prepare(s, fill) {
      const [a, b, c] = operands(s, (n) => new Float32Array(n), fill);
      return () => matmulJs(a, b, c, s.m, s.k, s.n, s.ta, s.tb, false);
    },
  },
  ...['wasm', 'wasm-simd'].flatMap((name) =>
    [1, 2].map((threads): System => ({
      name,
      threads,
      prepare(s, fill) {
        const backend = setBackend(name) as WasmBackend;
        setThreads(threads);
        if (threads > 1) backend.startThreads(); // else they start in the background during warm-up
        const [a, b, c] = operands(s, (n) => allocFloat(n) as Float32Array, fill);
        return () => matmul(a, b, c, s.m, s.k, s.n, s.ta, s.tb, false);
      },
    })),
  ),
  {
    name: 'wasm-copy',
    threads: 1,
    prepare(s, fill) {
      setBackend('wasm');
      setThreads(1);
      const [a, b, c] = operands(s, (n) => new Float32Array(n), fill);
      return () => matmul(a, b, c, s.m, s.k, s.n, s.ta, s.tb, false);
    },
  },
];

export function runGemm(options: BenchOptions): string {
  const shapes: Shape[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'bench', 'shapes.json'), 'utf8'));
  const rng = new Rng(1);
  const fill = (x: Float32Array): void => {
    for (let i = 0; i < x.length; i++) x[i] = rng.uniform() - 0.5;
  };
  const host = machine();
  const rows: Array<[string, Array<number | null>]> = [];
  for (const system of SYSTEMS) {
    const cells: Array<number | null> = [];
    for (const shape of shapes) {
      const product = system.prepare(shape, fill);
      const flops = 2 * shape.m * shape.n * shape.k;
      const ms = bestMs(product, options.minMs);
      const gflops = +(flops / ms / 1e6).toFixed(1);
      cells.push(gflops);
      emit({
        bench: 'gemm',
        system: system.name,
        backend: getBackend().name,
        kernels: getBackend().kernels ?? null,
        threads: system.threads,
        shape: shape.name,
        gflops,
        ms: +ms.toFixed(4),
        ...host,
      });
    }
    rows.push([`${system.name} ×${system.threads}`, cells]);
  }
  setBackend('wasm');
  return (
    `GEMM float32 GFLOP/s (best of runs ≥ ${options.minMs} ms per cell) on ${host.cpu}, ${host.cores} cores, Node ${host.node}\n\n` +
    table(
      'system',
      shapes.map((s) => s.name.replace(/\s+/g, ' ')),
      rows,
    )
  );
}
