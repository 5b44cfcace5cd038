// Builds and runs translated programs for the transpile tests: writes a translation into a fresh
// directory, compiles it with the contract's g++ command line, runs it. At most two compiles run at once.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { transpileFile, TranspileOutput } from '../../server/src/transpile/index';

export interface RunResult { code: number; stdout: string; stderr: string }

export function exec(cmd: string, args: string[], timeoutMs = 120000, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20, env: env ?? process.env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

export function writeTranslation(out: TranspileOutput, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const main = path.join(dir, out.main.name);
  fs.writeFileSync(main, out.main.content);
  for (const f of out.extra) {
    const p = path.join(dir, f.name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.content);
  }
  return main;
}

export interface Built { exe?: string; output: TranspileOutput; compileErrors: string }

/** Translates a .cu file, builds it with g++ -std=c++17 -O2 -fopenmp; exe is undefined if g++ failed. */
export async function translateAndBuild(cu: string, opts: { profile?: boolean } = {}): Promise<Built> {
  const output = await transpileFile(cu, { profile: opts.profile });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-tr-'));
  const main = writeTranslation(output, dir);
  const exe = path.join(dir, 'prog');
  const cc = await exec('g++', ['-std=c++17', '-O2', '-fopenmp', '-I', path.dirname(cu), '-I', dir, main, '-o', exe]);
  return { exe: cc.code === 0 ? exe : undefined, output, compileErrors: cc.stderr };
}

export async function pool<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i]); }
  }));
  return out;
}

export const programsDir = path.join(__dirname, 'programs');
