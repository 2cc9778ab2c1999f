#!/usr/bin/env node
/**
 * Build step after `tsc`: assembles the WebAssembly SIMD kernels (src/tensor/wasm/*.wat, our own
 * text) into dist/src/tensor/wasm/gemm.wasm with the `wabt` devDependency, and copies the worker
 * thread script next to its compiled loader. Run by `npm run build`; no network, no install script.
 *
 * The .wat files hold module fields only; they are joined in the order below inside one module that
 * imports the shared memory the backend creates (its page limits must match wasm/memory.ts).
 *
 * Two builds of that module: gemm.wasm (128-bit SIMD, every Node with WebAssembly SIMD) and
 * gemm-fma.wasm, the same text with each multiply-add of the micro-kernel (kernel.wat, and its
 * zero-skipping twin in sparse.wat)
 *   (f32x4.add (local.get $cRS) (f32x4.mul (local.get $a) (local.get $bS)))
 * rewritten as the relaxed-SIMD fused multiply-add
 *   (f32x4.relaxed_madd (local.get $a) (local.get $bS) (local.get $cRS))
 * which the loader (wasm/memory.ts) takes when this Node accepts relaxed SIMD.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const wasmSrc = path.join(root, 'src/tensor/wasm');
const PARTS = ['gemm.wat', 'pack.wat', 'kernel.wat', 'sparse.wat', 'elementwise.wat', 'masks.wat'];
const MAX_PAGES = 32768; // 2 GiB of 64 KiB pages: keep equal to MAX_PAGES in src/tensor/wasm/memory.ts

/**
 * The products' multiply-adds: 8 in the 4×8 kernel (kernel.wat) and 8 in its zero-skipping twin
 * (sparse.wat, which must give the kernel's bits); the FMA build rewrites exactly these.
 */
const MULTIPLY_ADD = /\(f32x4\.add \(local\.get (\$c\d\d)\) \(f32x4\.mul \(local\.get (\$a)\) \(local\.get (\$b\d)\)\)\)/g;
const KERNEL_MULTIPLY_ADDS = 16;

function assemble(wabt, name, text, features, outDir) {
  const module = wabt.parseWat(name, text, features);
  module.resolveNames();
  module.validate(features);
  // With the name section, `node --cpu-prof` shows the kernels by name ($kernel, $packA, …).
  const { buffer } = module.toBinary({ log: false, write_debug_names: true });
  module.destroy();
  fs.writeFileSync(path.join(outDir, name), buffer);
  return `dist/src/tensor/wasm/${name} (${buffer.length} bytes)`;
}

async function main() {
  const wabt = await require('wabt')();
  const body = PARTS.map((name) => `  ;; ---- ${name}\n` + fs.readFileSync(path.join(wasmSrc, name), 'utf8')).join('\n');
  const text = `(module\n  (import "env" "memory" (memory 1 ${MAX_PAGES} shared))\n${body})\n`;
  const found = text.match(MULTIPLY_ADD)?.length ?? 0;
  if (found !== KERNEL_MULTIPLY_ADDS) {
    throw new Error(`expected ${KERNEL_MULTIPLY_ADDS} multiply-adds in kernel.wat and sparse.wat to fuse, found ${found}`);
  }
  const fused = text.replace(MULTIPLY_ADD, '(f32x4.relaxed_madd (local.get $2) (local.get $3) (local.get $1))');
  const outDir = path.join(root, 'dist/src/tensor/wasm');
  fs.mkdirSync(outDir, { recursive: true });
  const built = [
    assemble(wabt, 'gemm.wasm', text, { simd: true, threads: true }, outDir),
    assemble(wabt, 'gemm-fma.wasm', fused, { simd: true, threads: true, relaxed_simd: true }, outDir),
  ];

  const threadsOut = path.join(root, 'dist/src/tensor/threads');
  fs.mkdirSync(threadsOut, { recursive: true });
  fs.copyFileSync(path.join(root, 'src/tensor/threads/worker.js'), path.join(threadsOut, 'worker.js'));
  console.log(`build-wasm: ${built.join(', ')}, dist/src/tensor/threads/worker.js`);
}

main().catch((err) => {
  console.error(`build-wasm: ${err.message}`);
  process.exit(1);
});
