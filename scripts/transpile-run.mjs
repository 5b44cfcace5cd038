// Shared by acceptance.mjs and bench-transpile.mjs: translate a .cu with the built CLI, build the result
// with the contract's g++ command line, and run it. External programs run through execFile with argument
// arrays; nothing goes through a shell.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'dist', 'cli.js');

export function run(cmd, args, opts = {}) {
  return new Promise((res) => {
    const t0 = process.hrtime.bigint();
    execFile(cmd, args, { maxBuffer: 64 << 20, timeout: opts.timeout ?? 300000, env: opts.env ?? process.env },
      (err, stdout, stderr) => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr, ms });
      });
  });
}

/** Translates and compiles one program; returns the executable path or an error description. */
export async function translateAndBuild(cuPath, outRoot, extraFlags = []) {
  const name = basename(cuPath).replace(/\.cu$/, '');
  const dir = join(outRoot, name);
  mkdirSync(dir, { recursive: true });
  const cpp = join(dir, `${name}.cpp`);
  const tr = await run(process.execPath, [cli, 'transpile', cuPath, '-o', cpp]);
  if (tr.code !== 0 && !/warning/.test(tr.stderr)) return { name, stage: 'transpile', error: tr.stderr.trim(), ms: tr.ms };
  const exe = join(dir, name);
  const cc = await run('g++', ['-std=c++17', '-O2', '-fopenmp', ...extraFlags, '-I', dirname(cuPath), '-I', dir, cpp, '-o', exe]);
  if (cc.code !== 0) return { name, stage: 'compile', error: cc.stderr.split('\n').filter((l) => /error/.test(l)).slice(0, 5).join('\n') };
  return { name, exe, transpileMs: tr.ms };
}

/** Runs async jobs with at most `limit` at a time (the machine is shared; compiles are heavy). */
export async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i], i); }
  }));
  return out;
}
