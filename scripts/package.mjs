// Builds `cuda-lens-<version>.vsix` with @vscode/vsce and checks what went into it. esbuild bundles every
// runtime dependency into dist/, so vsce runs with --no-dependencies (no node_modules in the package, no
// network). `.vscodeignore` is the allow-list; this script re-checks the result against the same list so
// that a loosened ignore file or a stray file in docs/ cannot silently bloat the package.
// Run after `npm run build` (the `package` npm script does both).
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { listZipEntries } from './zip-entries.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// The budget for the package; the grammar wasm is most of it.
const MAX_BYTES = 5 * 1024 * 1024;
// What a VSIX may hold: vsce's own manifest files plus the allow-listed extension files.
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/LICENSE(\.txt)?$/,
  /^extension\/dist\/(extension|server|cli)\.js$/,
  /^extension\/dist\/[\w.-]+\.wasm$/,
  /^extension\/docs\/.+\.(md|png)$/,
];
const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/tree-sitter.wasm',
  'extension/dist/tree-sitter-cuda.wasm',
];

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const out = `${manifest.name}-${manifest.version}.vsix`;
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');

for (const file of REQUIRED.filter((f) => f.startsWith('extension/dist/'))) {
  const local = join(ROOT, file.slice('extension/'.length));
  try {
    statSync(local);
  } catch {
    fail(`${local.slice(ROOT.length + 1)} is missing: run \`npm run build\` first`);
  }
}

// Relative links stay relative: the README's screenshots ship in docs/ and resolve inside the installed
// extension, and the manifest's repository is not a host vsce knows how to rewrite links for.
const args = [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out];
try {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 16 << 20 });
  process.stderr.write(stderr);
  // vsce lists every file as a tree; the check below reports what matters, so keep only its other lines.
  process.stdout.write(stdout.split('\n').filter((line) => line.trim() && !/[├└│]|Files included in the VSIX|vsce ls --tree|^\S+\.vsix$/.test(line.trim())).map((l) => `${l}\n`).join(''));
} catch (error) {
  process.stderr.write(String(error.stderr ?? ''));
  process.stdout.write(String(error.stdout ?? ''));
  fail(`vsce package failed (exit ${error.code})`);
}

const bytes = statSync(join(ROOT, out)).size;
const entries = listZipEntries(readFileSync(join(ROOT, out)));
const names = entries.map((e) => e.name);
const unexpected = names.filter((n) => !n.endsWith('/') && !ALLOWED.some((re) => re.test(n)));
const missing = REQUIRED.filter((n) => !names.includes(n));
if (unexpected.length) fail(`${out} holds files outside the allow-list:\n  ${unexpected.join('\n  ')}`);
if (missing.length) fail(`${out} lacks required files:\n  ${missing.join('\n  ')}`);
if (bytes > MAX_BYTES) fail(`${out} is ${mib(bytes)}, over the ${mib(MAX_BYTES)} budget`);
console.log(`${out}: ${mib(bytes)}, ${names.length} entries (uncompressed ${mib(entries.reduce((s, e) => s + e.size, 0))})`);

function mib(n) {
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}
