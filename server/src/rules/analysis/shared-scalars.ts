// Reads and writes of `__shared__` scalars (`__shared__ float total;`), which the model does not list as
// subscripted accesses. Found in the kernel's text: each occurrence is a write (`total = ...`, `total += ...`)
// or a read, and a write is "published" when a thread-dependent `if` controls it (`if (tid == 0) total = v;`),
// with the offset where that `if` ends, so a read after it is a read by other threads.
import type { Kernel } from '../../model/types';
import { mentionsThread } from './guards';
import { offsetAt } from './source-text';

export interface ScalarUse { name: string; start: number; end: number; isWrite: boolean; guardEnd?: number; guardText?: string }

/** Offset of the bracket matching the one at `close` (scanning backwards), or -1. */
function openerOf(code: string, close: number, open: string, shut: string): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (code[i] === shut) depth++;
    else if (code[i] === open && --depth === 0) return i;
  }
  return -1;
}

function closerOf(code: string, open: number, openCh: string, shut: string, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    if (code[i] === openCh) depth++;
    else if (code[i] === shut && --depth === 0) return i;
  }
  return limit;
}

/** The `if` that directly controls the statement starting after `boundary` (braceless or the enclosing
 *  block's), as its condition text and the offset where the controlled statement or block ends. */
function controllingIf(code: string, boundary: number, stmtEnd: number, bodyEnd: number): { cond: string; end: number } | undefined {
  const prefix = code.slice(boundary + 1, boundary + 1 + 400);
  const braceless = /^\s*if\s*\(/.exec(prefix);
  if (braceless) {
    const open = boundary + 1 + braceless[0].length - 1;
    const close = closerOf(code, open, '(', ')', bodyEnd);
    return { cond: code.slice(open + 1, close), end: stmtEnd };
  }
  if (code[boundary] !== '{') return undefined;
  let j = boundary - 1;
  while (j > 0 && /\s/.test(code[j])) j--;
  if (code[j] !== ')') return undefined;
  const open = openerOf(code, j, '(', ')');
  if (open < 0 || !/\bif\s*$/.test(code.slice(Math.max(0, open - 8), open))) return undefined;
  return { cond: code.slice(open + 1, j), end: closerOf(code, boundary, '{', '}', bodyEnd) };
}

export function sharedScalarUses(kernel: Kernel, text: string, code: string): ScalarUse[] {
  if (!kernel.bodyRange) return [];
  const names = kernel.sharedArrays.filter((a) => a.dims.length === 0 && !a.isExtern).map((a) => a.name);
  if (names.length === 0) return [];
  const bodyStart = offsetAt(text, kernel.bodyRange.start);
  const bodyEnd = offsetAt(text, kernel.bodyRange.end);
  const locals = new Set(kernel.threadDependentLocals.filter((n) => !names.includes(n)));
  const uses: ScalarUse[] = [];
  for (const name of names) {
    for (const m of code.slice(bodyStart, bodyEnd).matchAll(new RegExp(`\\b${name}\\b`, 'g'))) {
      const start = bodyStart + (m.index ?? 0);
      const end = start + name.length;
      const before = code.slice(Math.max(bodyStart, start - 30), start);
      // The declaration itself and address-taking (`atomicAdd(&total, v)`) are not plain reads or writes.
      if (/__shared__[\w\s]*$/.test(before) || /&\s*$/.test(before)) continue;
      const isWrite = /^\s*([-+*/|&^]?=(?!=)|\+\+|--)/.test(code.slice(end, end + 4)) || /(\+\+|--)\s*$/.test(before);
      const use: ScalarUse = { name, start, end, isWrite };
      if (isWrite) {
        let boundary = start - 1;
        while (boundary > bodyStart && !/[;{}]/.test(code[boundary])) boundary--;
        let stmtEnd = code.indexOf(';', end);
        if (stmtEnd < 0 || stmtEnd > bodyEnd) stmtEnd = bodyEnd;
        const ctl = controllingIf(code, boundary, stmtEnd, bodyEnd);
        if (ctl && mentionsThread(ctl.cond, locals)) { use.guardEnd = ctl.end; use.guardText = ctl.cond.trim(); }
      }
      uses.push(use);
    }
  }
  return uses;
}
