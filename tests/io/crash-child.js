/**
 * Child process for crash.test.ts: saves one model into DIR again and again; save k sets every
 * weight, every optimizer slot value, the optimizer's iterations and the saved epoch to k, and
 * prints "saved k" once saveModel returned. The parent kills it (SIGKILL) and checks the folder.
 *
 * KILL_AT="renameSync:10" makes the child SIGKILL itself just before its 10th fs.renameSync call
 * (any fs function name works), so a test can hit an exact moment of the commit protocol.
 *
 * Plain JS run by `node`: the TypeScript sources are compiled on require with the `typescript`
 * package's transpileModule (no type check; cached by content hash in the OS temp folder), so the
 * child always runs the current src/ and needs neither a dist/ build nor ts-node.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const os = require('node:os');

// Compiled files are cached by content hash, so only the first child pays for loading typescript.
const cacheDir = path.join(os.tmpdir(), 'mlp-crash-child-cache');
fs.mkdirSync(cacheDir, { recursive: true });
let ts = null;
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const cached = path.join(cacheDir, `${crypto.createHash('sha256').update(filename).update(source).digest('hex')}.js`);
  let outputText;
  try {
    outputText = fs.readFileSync(cached, 'utf8');
  } catch {
    ts = ts || require('typescript');
    outputText = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const tmp = `${cached}.${process.pid}`;
    fs.writeFileSync(tmp, outputText);
    fs.renameSync(tmp, cached);
  }
  module._compile(outputText, filename);
};

const src = path.join(__dirname, '..', '..', 'src');
const { Sequential } = require(path.join(src, 'train', 'sequential.ts'));
const { Dense } = require(path.join(src, 'layers', 'index.ts'));
const { saveModel } = require(path.join(src, 'train', 'io', 'save.ts'));

const dir = process.argv[2];
const model = new Sequential([new Dense({ units: 300, inputShape: [200] }), new Dense({ units: 10 })], { seed: 1 });
model.compile({ loss: 'mse', optimizer: 'adam' });
model.build();
const params = model.params();

// Installed after every require, so only the saves below count (not the compile cache's own writes).
const [fnName, countText] = (process.env.KILL_AT || ':').split(':');
if (fnName) {
  const original = fs[fnName];
  let calls = 0;
  fs[fnName] = function (...args) {
    calls += 1;
    if (calls === Number(countText)) process.kill(process.pid, 'SIGKILL');
    return original.apply(this, args);
  };
}

process.stdout.write('ready\n');
for (let k = 1; k < 100000; k++) {
  const slots = {};
  for (const p of params) slots[p.name] = { m: new Float32Array(p.value.length).fill(k), v: new Float32Array(p.value.length).fill(k) };
  for (const p of params) p.value.fill(k);
  model.optimizer.setState({ iterations: k, slots });
  saveModel(model, dir, { epoch: k });
  process.stdout.write(`saved ${k}\n`);
}
