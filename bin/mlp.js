#!/usr/bin/env node
// The `mlp` command (package.json "bin"): a plain-JavaScript shim that runs the compiled CLI, so
// the command works without TypeScript at run time. The CLI itself is bin/main.ts → dist/bin/main.js.
'use strict';
const fs = require('fs');
const path = require('path');

const compiled = path.join(__dirname, '..', 'dist', 'bin', 'main.js');
if (!fs.existsSync(compiled)) {
  process.stderr.write(`error: mlp is not built (${compiled} is missing): run \`npm run build\` in ${path.join(__dirname, '..')}\n`);
  process.exit(1);
}
let cli;
try {
  cli = require(compiled);
} catch (err) {
  // A broken build (a module that does not load) is reported like any unexpected error: one line.
  const debug = process.argv.includes('--debug') || process.env.MLP_DEBUG === '1';
  process.stderr.write(
    `error: the compiled CLI does not load (${err && err.message ? err.message.split('\n')[0] : err}); run \`npm run build\`${debug ? '' : ' (--debug or MLP_DEBUG=1 for the stack trace)'}\n`,
  );
  if (debug) process.stderr.write(`${err && err.stack}\n`);
  process.exit(1);
}
cli.main(process.argv);
