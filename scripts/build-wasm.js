#!/usr/bin/env node
/**
 * Build step after `tsc`: assembles the WebAssembly SIMD kernels (src/tensor/wasm/*.wat, our own
 * text) into dist/src/tensor/wasm/gemm.wasm with the `wabt` devDependency, and copies the worker
 * thread script next to its compiled loader. Run by `npm run build`; no network, no install script.
 *
 * The .wat files hold module fields only; they are joined in the order below inside one module that
 * imports the shared memory the backend creates (its page limits must match wasm/memory.ts).
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const wasmSrc = path.join(root, 'src/tensor/wasm');
const PARTS = ['gemm.wat', 'pack.wat', 'kernel.wat', 'elementwise.wat'];
const MAX_PAGES = 32768; // 2 GiB of 64 KiB pages: keep equal to MAX_PAGES in src/tensor/wasm/memory.ts

async function main() {
  const wabt = await require('wabt')();
  const body = PARTS.map((name) => `  ;; ---- ${name}\n` + fs.readFileSync(path.join(wasmSrc, name), 'utf8')).join('\n');
  const text = `(module\n  (import "env" "memory" (memory 1 ${MAX_PAGES} shared))\n${body})\n`;
  const features = { simd: true, threads: true };
  const module = wabt.parseWat('gemm.wat', text, features);
  module.validate(features);
  const { buffer } = module.toBinary({ log: false });
  module.destroy();
  const outDir = path.join(root, 'dist/src/tensor/wasm');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'gemm.wasm'), buffer);

  const threadsOut = path.join(root, 'dist/src/tensor/threads');
  fs.mkdirSync(threadsOut, { recursive: true });
  fs.copyFileSync(path.join(root, 'src/tensor/threads/worker.js'), path.join(threadsOut, 'worker.js'));
  console.log(`build-wasm: dist/src/tensor/wasm/gemm.wasm (${buffer.length} bytes), dist/src/tensor/threads/worker.js`);
}

main().catch((err) => {
  console.error(`build-wasm: ${err.message}`);
  process.exit(1);
});
