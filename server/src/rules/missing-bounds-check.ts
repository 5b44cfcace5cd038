// missing-bounds-check: a kernel indexes global memory with the global thread id and never compares it
// with the array length, while a launch rounds the grid up (`(n + b - 1) / b` blocks). The extra threads
// of the last block then read or write past the end of the array: corrupted neighbours or an illegal
// address error. Quick fix: `if (i >= n) return;` after the index is computed, when `n` is a kernel
// parameter and no barrier follows (an early return before a barrier would be a divergent barrier).
import type { Kernel, LaunchSite, MemoryAccess } from '../model/types';
import type { Finding, Fix, Rule, RuleContext } from './types';
import { comparePositions, normalize, offsetAt, positionAt, withoutComments } from './analysis/source-text';
import { mentionsThread } from './analysis/guards';
import { enclosingHostFunction } from './analysis/host-functions';

interface FixData { index: string; bound: string; insertAt: number; indent: string }

/** Ceil-division spellings: `(n + b - 1) / b`, `(n + 255) / 256`, `(n - 1) / b + 1`, `ceil(...)`, helpers. */
const ROUND_UP = [
  /\(\s*([^()]+?|[^()]*\([^()]*\)[^()]*?)\s*\+\s*(?:[^()]+?)\s*-\s*1\s*\)\s*\/\s*\S/,
  /\(\s*([^()]+?)\s*-\s*1\s*\)\s*\/\s*[^+]+\+\s*1\b/,
  /\b(?:ceil|ceilf|cdiv|ceil_div|ceilDiv|div_up|divUp|iDivUp|DIV_UP|CEIL_DIV|DIVUP|CEILDIV|div_round_up)\s*\(\s*(?:\(\s*(?:float|double|int|unsigned|size_t)\s*\)\s*)?([A-Za-z_][\w.]*(?:\s*\*\s*[A-Za-z_][\w.]*)*)/,
  // `n / b + 1` and `n / b + (n % b != 0)`: one more block than whole blocks.
  /^\s*\(?\s*([A-Za-z_][\w.]*(?:\s*\*\s*[A-Za-z_][\w.]*)*)\s*\)?\s*\/\s*[\w.()]+\s*\+\s*(?:1\b|\()/,
];

/** `(X + C) / D` with numbers C = D - 1. */
function numericRoundUp(expr: string): string | undefined {
  const m = /\(\s*([^()]+?)\s*\+\s*(\d+)\s*\)\s*\/\s*(\d+)\b/.exec(expr);
  return m && Number(m[2]) === Number(m[3]) - 1 ? m[1] : undefined;
}

/** The counts a launch's grid rounds up (`n` in `(n + 255) / 256`), following one variable or dim3. */
export function roundedCounts(launch: LaunchSite, code: string, scope: { start: number; end: number }): string[] {
  let expr = launch.grid.text;
  const name = /^[A-Za-z_]\w*$/.exec(expr.trim())?.[0];
  if (name) {
    // The last definition of the grid variable before the launch, in the launching function.
    const defs = [...code.slice(scope.start, scope.end).matchAll(
      new RegExp(`\\bdim3\\s+${name}\\s*[({]([^;]*)[)}]\\s*;|\\b${name}\\s*=\\s*([^;]+);`, 'g'))];
    const decl = defs[defs.length - 1];
    if (decl) expr = decl[1] ?? decl[2];
  }
  const counts: string[] = [];
  for (const part of expr.split(/,(?![^()]*\))/)) {
    const numeric = numericRoundUp(part);
    if (numeric) { counts.push(numeric.trim()); continue; }
    for (const re of ROUND_UP) {
      const m = re.exec(part);
      if (m) { counts.push(m[1].trim()); break; }
    }
  }
  return counts;
}

function globalThreadIndexed(a: MemoryAccess): boolean {
  const vars = a.indices.flatMap((f) => f?.terms.flatMap((t) => t.vars) ?? []);
  return vars.some((v) => v.startsWith('threadIdx.')) && vars.some((v) => v.startsWith('blockIdx.'));
}

/** `if (i < n && a[i] > 0)`, `i < n ? a[i] : 0`: a comparison of a thread index earlier in the same
 *  condition short-circuits the access (the model's guards cover the branches, not the condition). */
function shortCircuited(a: MemoryAccess, kernel: Kernel, text: string, code: string): boolean {
  const at = offsetAt(text, a.range.start);
  let from = at;
  while (from > 0 && !/[;{}]/.test(code[from - 1])) from--;
  const before = code.slice(from, at);
  return /&&|\?/.test(before) && /[<>]/.test(before) && mentionsThread(before, new Set(kernel.threadDependentLocals));
}

function unguarded(a: MemoryAccess, kernel: Kernel, text: string, code: string): boolean {
  if ((a.guards ?? []).some((g) => g.threadDependent) || shortCircuited(a, kernel, text, code)) return false;
  if (a.loops.some((l) => l.threadDependent || l.gridStride)) return false;
  return !kernel.returns.some((r) => r.guards.some((g) => g.threadDependent) && comparePositions(r.range.end, a.range.start) <= 0);
}

/** Unguarded accesses by the kernel's access list: the model reuses that list while the kernel's text and
 *  position are unchanged (model/function-cache.ts), so a keystroke elsewhere does not re-examine them. */
const unguardedMemo = new WeakMap<readonly MemoryAccess[], MemoryAccess[]>();

function unguardedAccesses(kernel: Kernel, text: string, code: string): MemoryAccess[] {
  let found = unguardedMemo.get(kernel.accesses);
  if (!found) {
    found = kernel.accesses
      .filter((a) => a.space === 'global' && globalThreadIndexed(a) && unguarded(a, kernel, text, code))
      .sort((a, b) => comparePositions(a.range.start, b.range.start));
    unguardedMemo.set(kernel.accesses, found);
  }
  return found;
}

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const code = withoutComments(ctx.text);
  const done = new Set<Kernel>();
  for (const launch of ctx.model.launches) {
    const kernel = launch.kernel;
    if (!kernel || done.has(kernel)) continue;
    const accesses = unguardedAccesses(kernel, ctx.text, code);
    if (accesses.length === 0) continue;
    const fn = enclosingHostFunction(ctx.model, launch.file, launch.range);
    const scope = { start: fn ? offsetAt(ctx.text, fn.range.start) : 0, end: offsetAt(ctx.text, launch.range.start) };
    const counts = roundedCounts(launch, code, scope);
    if (counts.length === 0) continue;
    done.add(kernel);
    const fixData = kernel.file === ctx.model.file ? fixFor(ctx, code, kernel, launch, counts, accesses[0]) : undefined;
    const lines = new Set<number>();
    for (const a of accesses) {
      if (lines.has(a.range.start.line)) continue;
      lines.add(a.range.start.line);
      const expr = `\`${a.array}[${a.indexTexts.join('][')}]\``;
      findings.push({
        ruleId: rule.id, file: a.file, range: a.range, severity: rule.defaultSeverity,
        message: `${expr} is indexed by the global thread id but nothing compares it with the length of \`${a.array}\`, while the launch at line ` +
          `${launch.range.start.line + 1} rounds the grid up (\`${launch.grid.text}\`${launch.grid.total ? ` = ${launch.grid.total} blocks` : ''}): ` +
          `the extra threads of the last block ${a.isWrite ? 'write' : 'read'} past the end of the array (corrupted memory or an illegal-address error). ` +
          `Add \`if (${fixData?.index ?? 'i'} >= ${fixData?.bound ?? counts[0]}) return;\` (or guard the access) before it.`,
        related: [{ file: launch.file, range: launch.configRange, message: 'launch that rounds the grid up' }],
        data: lines.size === 1 ? fixData : undefined,
      });
    }
  }
  return findings;
}

function fixFor(ctx: RuleContext, code: string, kernel: Kernel, launch: LaunchSite, counts: string[], access: MemoryAccess): FixData | undefined {
  if (access.indexTexts.length !== 1 || !/^[A-Za-z_]\w*$/.test(access.indexTexts[0]) || !kernel.bodyRange) return undefined;
  const index = access.indexTexts[0];
  const argIndex = launch.args.findIndex((a) => counts.some((c) => normalize(c) === normalize(a.text)));
  const param = kernel.params[argIndex];
  if (!param || param.isPointer) return undefined;
  const bodyStart = offsetAt(ctx.text, kernel.bodyRange.start);
  const bodyEnd = offsetAt(ctx.text, kernel.bodyRange.end);
  const decl = new RegExp(`\\b(?:const\\s+)?(?:unsigned\\s+|signed\\s+)?(?:int|long|long\\s+long|size_t|unsigned|int64_t|uint32_t|int32_t|auto)\\s+${index}\\s*=[^;]*;`)
    .exec(code.slice(bodyStart, bodyEnd));
  if (!decl) return undefined;
  const insertAt = bodyStart + decl.index + decl[0].length;
  if (kernel.barriers.some((b) => offsetAt(ctx.text, b.range.start) > insertAt)) return undefined;
  const line = ctx.text.split('\n')[positionAt(ctx.text, insertAt).line] ?? '';
  return { index, bound: param.name, insertAt, indent: /^\s*/.exec(line)?.[0] ?? '' };
}

function fix(finding: Finding, ctx: RuleContext): Fix[] {
  const data = finding.data as FixData | undefined;
  if (!data) return [];
  const at = positionAt(ctx.text, data.insertAt);
  return [{
    title: `Return early when ${data.index} >= ${data.bound}`, kind: 'quickfix', isPreferred: true,
    edits: [{ file: finding.file, range: { start: at, end: at }, newText: `\n${data.indent}if (${data.index} >= ${data.bound}) return;` }],
  }];
}

export const rule: Rule = {
  id: 'missing-bounds-check',
  title: 'Global access without a bounds check on a rounded-up grid',
  defaultSeverity: 'warning',
  category: 'correctness',
  description: 'A global access indexed by the global thread id with no guard against the array length, in a kernel launched with a rounded-up grid.',
  check,
  fix,
};
