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
require(compiled).main(process.argv);
