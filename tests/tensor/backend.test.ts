/**
 * Every backend and thread count gives the JS reference's matmul (≤ 1e-5 relative, float32 rounding),
 * and the wasm backend gives identical bits whatever the thread count. The wasm kernels come from
 * `npm run build` (dist/src/tensor/wasm/gemm.wasm); CI builds before testing.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { getBackend, getThreads, listBackends, matmul, setBackend, setThreads } from '../../src/tensor/backend';
import { MlpError } from '../../src/tensor/errors';
import { matmulJs } from '../../src/tensor/matmul';
import { Rng } from '../../src/tensor/rng';
import { allocFloat } from '../../src/tensor/tensor';
import { WasmBackend, splitBlocks } from '../../src/tensor/wasm/wasmBackend';
import { CASES, TRANSPOSES, randomArray, reference, worstRelativeError } from './matmulReference';

const initialThreads = getThreads();

afterAll(() => {
  setBackend('wasm');
  setThreads(initialThreads);
});

/** The wasm backend with every product split across threads, however small (odd shapes included). */
function wasmSplittingEverything(threads: number, name = 'wasm'): WasmBackend {
  const backend = setBackend(name) as WasmBackend;
  setThreads(threads);
  backend.minParallelFlops = 0;
  if (threads > 1 && !backend.startThreads()) throw new Error(`worker threads did not start: ${backend.threadError}`);
  return backend;
}

describe('backend registry', () => {
  it('wasm is available and the default', () => {
    expect(listBackends()).toEqual(expect.arrayContaining(['js', 'wasm']));
    setBackend('wasm');
    expect(getBackend().name).toBe('wasm');
  });

  it('rejects unknown backends and bad thread counts with MlpError', () => {
    expect(() => setBackend('cuda')).toThrow(/unknown backend 'cuda': valid backends are js, wasm, wasm-simd/);
    expect(() => setThreads(0)).toThrow(MlpError);
    expect(() => setThreads(2.5)).toThrow(/integer from 1 to 64/);
  });

  it('rejects operands too short for the shape', () => {
    const x = new Float32Array(6);
    expect(() => matmul(x, x, x, 2, 4, 3)).toThrow(/need 8, 12 and 6/);
  });
});

describe('wasm kernel builds', () => {
  /** C = a0·b0 + a1·b1 for 1×2 by 2×1: fused, the second term's product is not rounded on its own. */
  function fusedProbe(): number {
    const a = allocFloat(2) as Float32Array;
    const b = allocFloat(2) as Float32Array;
    const c = allocFloat(1) as Float32Array;
    a.set([-(1 + 2 ** -11), 1 + 2 ** -12]);
    b.set([1, 1 + 2 ** -12]);
    matmul(a, b, c, 1, 2, 1);
    return c[0];
  }

  it("'wasm-simd' runs the multiply-then-add build: a1·b1 = 1 + 2⁻¹¹ + 2⁻²⁴ rounds before the sum", () => {
    const backend = setBackend('wasm-simd');
    expect(backend.name).toBe('wasm-simd');
    expect(backend.kernels).toBe('simd');
    expect(fusedProbe()).toBe(0);
  });

  it("'wasm' runs the fused build on this Node (relaxed SIMD turned on), which keeps the 2⁻²⁴", () => {
    const backend = setBackend('wasm');
    expect(backend.kernels).toBe('fma');
    expect(fusedProbe()).toBe(2 ** -24);
  });
});

describe('splitBlocks', () => {
  it.each([
    [120, 30, 4],
    [30, 120, 4],
    [7, 5, 6],
    [1, 1, 8],
    [784, 256, 6],
  ])('covers %i×%i exactly once with ≤ %i blocks, on tile boundaries', (m, n, parts) => {
    const ranges: number[] = [];
    const count = splitBlocks(m, n, parts, ranges);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(parts);
    const hits = new Int32Array(m * n);
    for (let t = 0; t < count; t++) {
      const [i0, i1, j0, j1] = ranges.slice(4 * t, 4 * t + 4);
      if (i1 < m && i1 > i0) expect(i1 % 4).toBe(0);
      if (j1 < n && j1 > j0) expect(j1 % 16).toBe(0);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) hits[i * n + j]++;
    }
    expect(Array.from(hits).every((h) => h === 1)).toBe(true);
  });
});

describe.each([
  ['js', 1],
  ['wasm', 1],
  ['wasm', 2],
  ['wasm', 3],
  ['wasm-simd', 1],
  ['wasm-simd', 2],
])('backend %s with %i thread(s)', (name, threads) => {
  beforeAll(() => {
    if (name === 'js') setBackend(name);
    else wasmSplittingEverything(threads, name);
  });

  for (const c of CASES) {
    for (const [transA, transB] of TRANSPOSES) {
      for (const accumulate of [false, true]) {
        it(`${c.m}×${c.k}×${c.n} transA=${transA} transB=${transB} accumulate=${accumulate}`, () => {
          const rng = new Rng(31 * c.m + 17 * c.k + c.n + (transA ? 1 : 0) + (transB ? 2 : 0));
          const a = randomArray(rng, c.m * c.k) as Float32Array;
          const b = randomArray(rng, c.k * c.n) as Float32Array;
          const c0 = randomArray(rng, c.m * c.n) as Float32Array;
          const out = accumulate ? c0.slice() : new Float32Array(c.m * c.n).fill(NaN);
          matmul(a, b, out, c.m, c.k, c.n, transA, transB, accumulate);
          const want = reference(a, b, accumulate ? c0 : null, c, transA, transB);
          expect(worstRelativeError(out, want)).toBeLessThan(1e-6);
          // And against the JS backend, relative to Σ|terms| (the scale of float32 rounding).
          const js = accumulate ? c0.slice() : new Float32Array(c.m * c.n);
          matmulJs(a, b, js, c.m, c.k, c.n, transA, transB, accumulate);
          expect(worstRelativeError(out, { value: Float64Array.from(js), scale: want.scale })).toBeLessThan(1e-5);
        });
      }
    }
  }
});

describe('wasm: identical bits whatever the thread count', () => {
  const shapes = [
    { m: 120, k: 784, n: 30 },
    { m: 203, k: 120, n: 70 },
    { m: 37, k: 531, n: 83 },
    { m: 5, k: 3, n: 1030 },
  ];
  const threadCounts = [1, 2, 3, 4];
  // bits[threads index][shape index][transpose index]: C + op(A)·op(B), one pool start per count.
  const bits: Uint32Array[][][] = [];
  let workerChunks = 0;
  beforeAll(() => {
    for (const threads of threadCounts) {
      const backend = wasmSplittingEverything(threads);
      const before = backend.workerChunks();
      bits.push(
        shapes.map((c) =>
          TRANSPOSES.map(([transA, transB]) => {
            const rng = new Rng(c.m + c.k + c.n);
            const a = randomArray(rng, c.m * c.k) as Float32Array;
            const b = randomArray(rng, c.k * c.n) as Float32Array;
            const out = randomArray(rng, c.m * c.n) as Float32Array;
            matmul(a, b, out, c.m, c.k, c.n, transA, transB, true);
            return new Uint32Array(out.buffer);
          }),
        ),
      );
      workerChunks += backend.workerChunks() - before;
    }
  });

  it('the worker threads computed some of the chunks', () => {
    expect(workerChunks).toBeGreaterThan(0);
  });

  shapes.forEach((c, s) => {
    TRANSPOSES.forEach(([transA, transB], t) => {
      it(`${c.m}×${c.k}×${c.n} transA=${transA} transB=${transB}: threads ${threadCounts.join(', ')}`, () => {
        for (let i = 1; i < threadCounts.length; i++) expect(bits[i][s][t]).toEqual(bits[0][s][t]);
      });
    });
  });
});

describe('wasm: back-to-back products on more threads than cores', () => {
  it('300 alternating products on 4 threads give the 1-thread bits every time (no task mix-up)', () => {
    const shapes = [
      { m: 64, k: 100, n: 40, transA: false, transB: false },
      { m: 30, k: 57, n: 90, transA: true, transB: false },
      { m: 48, k: 33, n: 70, transA: false, transB: true },
    ];
    const rng = new Rng(99);
    const jobs = shapes.map((c) => ({
      ...c,
      a: randomArray(rng, c.m * c.k) as Float32Array,
      b: randomArray(rng, c.k * c.n) as Float32Array,
      out: new Float32Array(c.m * c.n),
    }));
    wasmSplittingEverything(1);
    const want = jobs.map((j) => {
      matmul(j.a, j.b, j.out, j.m, j.k, j.n, j.transA, j.transB);
      return new Uint32Array(j.out.slice().buffer);
    });
    const backend = wasmSplittingEverything(4);
    const workedBefore = backend.workerChunks();
    let mismatches = 0;
    for (let call = 0; call < 300; call++) {
      const j = jobs[call % jobs.length];
      j.out.fill(0);
      matmul(j.a, j.b, j.out, j.m, j.k, j.n, j.transA, j.transB);
      const got = new Uint32Array(j.out.buffer);
      const expected = want[call % jobs.length];
      for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(backend.workerChunks()).toBeGreaterThan(workedBefore); // the workers did take part
  });
});

describe('wasm: idle workers', () => {
  it('exit after 2 s without work and come back at the next product', async () => {
    const backend = wasmSplittingEverything(2);
    expect(backend.runningWorkers()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2600));
    expect(backend.runningWorkers()).toBe(0);
    const x = new Float32Array(64 * 64).fill(1);
    const out = new Float32Array(64 * 64);
    matmul(x, x, out, 64, 64, 64); // restarts the worker in the background; computed meanwhile
    expect(out[0]).toBe(64);
    expect(backend.startThreads()).toBe(true);
    expect(backend.runningWorkers()).toBe(1);
  });
});

describe('wasm: operands inside its memory', () => {
  it('allocFloat hands out views into the wasm memory, zero-filled', () => {
    setBackend('wasm');
    const kind = (x: { buffer: ArrayBufferLike }): string => Object.prototype.toString.call(x.buffer);
    const x = allocFloat(1000) as Float32Array;
    expect(kind(x)).toBe('[object SharedArrayBuffer]');
    expect(Array.from(x).every((v) => v === 0)).toBe(true);
    setBackend('js');
    expect(kind(allocFloat(10))).toBe('[object ArrayBuffer]');
  });

  it('uses views in place (including offset subarrays) and gives the same bits as staged copies', () => {
    wasmSplittingEverything(2);
    const { m, k, n } = { m: 45, k: 300, n: 70 };
    const rng = new Rng(5);
    const a = allocFloat(m * k + 3) as Float32Array;
    const b = allocFloat(k * n) as Float32Array;
    const out = allocFloat(m * n + 1) as Float32Array;
    a.set(randomArray(rng, m * k + 3));
    b.set(randomArray(rng, k * n));
    const aView = a.subarray(3); // 12 bytes in: not 16-byte aligned
    const outView = out.subarray(1);
    matmul(aView, b, outView, m, k, n, false, true);
    const staged = new Float32Array(m * n);
    matmul(aView.slice(), b.slice(), staged, m, k, n, false, true);
    expect(new Uint32Array(outView.slice().buffer)).toEqual(new Uint32Array(staged.buffer));
    expect(out[0]).toBe(0); // untouched
  });
});

describe('worker threads never keep a process alive', () => {
  it('a script that multiplies on 2 threads exits by itself', () => {
    const backendJs = path.resolve(__dirname, '../../dist/src/tensor/backend.js');
    const script = `
      const be = require(${JSON.stringify(backendJs)});
      be.setThreads(2);
      const w = be.getBackend(); w.minParallelFlops = 0;
      const a = new Float32Array(120 * 784).fill(1), b = new Float32Array(784 * 256).fill(1), c = new Float32Array(120 * 256);
      be.matmul(a, b, c, 120, 784, 256);
      console.log(be.getBackend().name, be.getThreads(), c[0], w.threadError);
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20000 });
    expect(run.error).toBeUndefined();
    expect(run.stdout.trim()).toBe('wasm 2 784 null');
    expect(run.status).toBe(0);
  });
});
