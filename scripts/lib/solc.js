#!/usr/bin/env node
// A native-solc stand-in for forge, backed by solc-js from npm (no native solc
// can be downloaded on these machines). forge needs exactly two behaviours:
// `--version`, and `--standard-json` reading the compiler input on stdin.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require(path.join(__dirname, '../../node_modules/solc'));

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(
    `solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`,
  );
  process.exit(0);
}
if (!args.includes('--standard-json')) {
  process.stderr.write('this wrapper only supports --version and --standard-json\n');
  process.exit(2);
}

// Resolve imports the way solc's --allow-paths/--base-path would: against the
// base path forge passes (the project root) and then as given.
const baseIdx = args.indexOf('--base-path');
const base = baseIdx >= 0 ? args[baseIdx + 1] : process.cwd();
const includes = [];
args.forEach((a, i) => { if (a === '--include-path') includes.push(args[i + 1]); });

function findImports(p) {
  for (const root of [base, ...includes, '']) {
    const full = root ? path.resolve(root, p) : path.resolve(p);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, 'utf8') };
  }
  return { error: `File not found: ${p}` };
}

const input = fs.readFileSync(0, 'utf8');
process.stdout.write(solc.compile(input, { import: findImports }));
