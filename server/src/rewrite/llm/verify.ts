// Verifies a whole-program candidate the way the rule-based rewrites are verified in the tests: it must
// compile with `nvcc -c`, and the CPU translation (g++ -std=c++17 -O2 -fopenmp) of the candidate must print
// a PASS line and exactly the original program's output. Compilers run with execFile and argument arrays,
// in a temporary folder, with the source's folder on the include path so its headers resolve.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { transpileText, writeTranslation } from '../../transpile';

const exec = promisify(execFile);

export interface VerifyOptions { nvcc?: string; gxx?: string; timeoutMs?: number }
export type Verdict = { ok: true } | { ok: false; reason: string };

export async function verifyCandidate(original: string, candidate: string, file: string, opts: VerifyOptions = {}): Promise<Verdict> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-lens-llm-'));
  const include = path.dirname(file);
  const timeout = opts.timeoutMs ?? 300000;
  try {
    const src = path.join(dir, path.basename(file));
    fs.writeFileSync(src, candidate);
    try {
      await exec(opts.nvcc || 'nvcc', ['-c', '-I', include, src, '-o', path.join(dir, 'candidate.o')], { timeout });
    } catch (error) {
      return { ok: false, reason: `nvcc -c failed: ${firstLines(stderrOf(error))}` };
    }
    const before = await cpuOutput(original, file, path.join(dir, 'before'), include, opts, timeout);
    if ('error' in before) return { ok: false, reason: `the original program's CPU translation did not run: ${before.error}` };
    if (!/: PASS\b/.test(before.stdout)) return { ok: false, reason: 'the original program prints no PASS line to compare against' };
    const after = await cpuOutput(candidate, file, path.join(dir, 'after'), include, opts, timeout);
    if ('error' in after) return { ok: false, reason: `the rewritten program's CPU translation did not run: ${after.error}` };
    if (after.stdout !== before.stdout) {
      return { ok: false, reason: `the rewritten program's CPU translation prints different output: ${firstLines(after.stdout)}` };
    }
    return { ok: true };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function cpuOutput(text: string, file: string, dir: string, include: string, opts: VerifyOptions, timeout: number): Promise<{ stdout: string } | { error: string }> {
  try {
    const main = writeTranslation(await transpileText(text, file), dir);
    const exe = path.join(dir, 'program');
    await exec(opts.gxx || 'g++', ['-std=c++17', '-O2', '-fopenmp', '-I', include, '-I', dir, main, '-o', exe], { timeout });
    // A failing check exits non-zero; its output (and status) is still what gets compared.
    const run = await exec(exe, [], { timeout }).then((r) => ({ stdout: r.stdout, code: 0 }),
      (e: { stdout?: string; code?: number | string }) => {
        if (typeof e.code !== 'number') throw e;
        return { stdout: e.stdout ?? '', code: e.code };
      });
    return { stdout: run.code === 0 ? run.stdout : `${run.stdout}(exit status ${run.code})\n` };
  } catch (error) {
    return { error: firstLines(stderrOf(error) || String(error)) };
  }
}

function stderrOf(error: unknown): string {
  const e = error as { stderr?: string; stdout?: string; message?: string };
  return e.stderr || e.stdout || e.message || String(error);
}

function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 3).join(' / ').slice(0, 400);
}
