#!/usr/bin/env node
// Compiles Trainex's Solidity contracts with solcjs (npm `solc`) through the standard-JSON interface.
//
//   node src/main/js/compile.mjs --src <dir> --out <dir> [--src <dir> --out <dir> ...] [--force]
//
// For each --src/--out pair: compiles every *.sol under <src> (imports resolved relative to <src>, then from
// node_modules, e.g. @openzeppelin/contracts) with evmVersion "cancun" (pinned: solc's default is newer and
// the dev chain / OpenZeppelin 5.x need at least cancun), optimizer on, 200 runs; writes <out>/<Name>.abi
// (JSON) and <out>/<Name>.bin (hex, no 0x) for every deployable contract defined under <src>. Prints
// warnings, exits 1 on any compiler error. A pair whose outputs are newer than its sources, package-lock.json
// and this script is skipped ("up to date"), so rebuilds cost only a node start.
// Run from the chain-gateway directory (the Maven build does so).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const moduleDir = path.resolve(here, '..', '..', '..');
const require = createRequire(import.meta.url);

const EVM_VERSION = 'cancun';
const OPTIMIZER_RUNS = 200;
const STAMP = '.compiled';

function parseArgs(argv) {
  const pairs = [];
  let force = false;
  let src = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') force = true;
    else if (a === '--src') src = path.resolve(moduleDir, argv[++i]);
    else if (a === '--out') {
      if (!src) throw new Error('--out without a preceding --src');
      pairs.push({ src, out: path.resolve(moduleDir, argv[++i]) });
      src = null;
    } else throw new Error(`unknown argument ${a}`);
  }
  if (src) throw new Error('--src without --out');
  if (pairs.length === 0) {
    pairs.push({ src: path.join(moduleDir, 'src/main/solidity'), out: path.join(moduleDir, 'target/contracts') });
  }
  return { pairs, force };
}

function listSol(dir) {
  if (!fs.existsSync(dir)) return [];
  const found = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...listSol(p));
    else if (e.name.endsWith('.sol')) found.push(p);
  }
  return found.sort();
}

function upToDate(files, out) {
  const stamp = path.join(out, STAMP);
  if (!fs.existsSync(stamp)) return false;
  const stampTime = fs.statSync(stamp).mtimeMs;
  const inputs = [...files, path.join(moduleDir, 'package-lock.json'), fileURLToPath(import.meta.url)];
  const recorded = fs.readFileSync(stamp, 'utf8');
  const sameSet = recorded === files.map(f => path.relative(moduleDir, f)).join('\n');
  return sameSet && inputs.every(f => fs.statSync(f).mtimeMs < stampTime);
}

function compile(solc, { src, out }, files) {
  const sources = {};
  for (const f of files) {
    sources[path.relative(src, f).split(path.sep).join('/')] = { content: fs.readFileSync(f, 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const findImports = importPath => {
    const candidates = [path.join(src, importPath), path.join(moduleDir, 'node_modules', importPath)];
    for (const c of candidates) {
      if (fs.existsSync(c)) return { contents: fs.readFileSync(c, 'utf8') };
    }
    return { error: `import not found: ${importPath} (looked in ${candidates.join(', ')})` };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  let errors = 0;
  for (const d of output.errors ?? []) {
    if (d.severity === 'error') {
      errors++;
      console.error(d.formattedMessage);
    } else {
      console.warn(d.formattedMessage);
    }
  }
  if (errors > 0) {
    throw new Error(`solc reported ${errors} error(s) compiling ${path.relative(moduleDir, src)}`);
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const written = [];
  for (const unit of Object.keys(sources)) {
    for (const [name, c] of Object.entries(output.contracts?.[unit] ?? {})) {
      const bin = c.evm?.bytecode?.object ?? '';
      if (bin.length === 0) continue; // interface or abstract contract: nothing to deploy
      fs.writeFileSync(path.join(out, `${name}.abi`), JSON.stringify(c.abi, null, 1) + '\n');
      fs.writeFileSync(path.join(out, `${name}.bin`), bin);
      written.push(`${name} (${bin.length / 2} bytes)`);
    }
  }
  fs.writeFileSync(path.join(out, STAMP), files.map(f => path.relative(moduleDir, f)).join('\n'));
  return written;
}

function main() {
  const { pairs, force } = parseArgs(process.argv.slice(2));
  let solc = null;
  for (const pair of pairs) {
    const files = listSol(pair.src);
    const rel = path.relative(moduleDir, pair.out);
    if (files.length === 0) {
      console.log(`[solc] no sources in ${path.relative(moduleDir, pair.src)}`);
      continue;
    }
    if (!force && upToDate(files, pair.out)) {
      console.log(`[solc] ${rel} up to date (${files.length} sources)`);
      continue;
    }
    if (!solc) solc = require('solc');
    const t0 = Date.now();
    const written = compile(solc, pair, files);
    console.log(`[solc ${solc.version()}] evmVersion ${EVM_VERSION}, optimizer ${OPTIMIZER_RUNS} runs: `
      + `${files.length} sources -> ${rel}: ${written.join(', ')} in ${Date.now() - t0} ms`);
  }
}

try {
  main();
} catch (e) {
  console.error(`[solc] FAILED: ${e.message}`);
  process.exit(1);
}
