// Table-driven rule tests with carets (rust-analyzer's check/check_fix style): the code under test is an
// inline string and each expected finding is an annotation line under the code line it points at:
//
//     a[threadIdx.x * stride] = v;
//   //^^^^^^^^^^^^^^^^^^^^^^^ uncoalesced-global-access
//
// The caret columns are the finding's columns on the line above. Annotation lines are removed before the
// code is analysed. `checkRule` asserts the rule reports exactly the annotated findings (so a case with no
// annotation asserts silence); `checkFix` asserts the text after applying the rule's fixes.
import { strict as assert } from 'assert';
import { buildModelFromText } from '../../server/src/model';
import { getGpu } from '../../server/src/cost/gpus';
import { findRule } from '../../server/src/rules';
import type { Finding, TextEdit } from '../../server/src/rules/types';

const ANNOTATION = /^(\s*)\/\/(\s*)(\^+)\s+([a-z0-9-]+)(?:\s*:\s*(.*))?$/;

export interface Expected { line: number; start: number; end: number; ruleId: string; message?: string }

export function parseAnnotated(annotated: string): { code: string; expected: Expected[] } {
  const codeLines: string[] = [];
  const expected: Expected[] = [];
  for (const line of annotated.split('\n')) {
    const m = ANNOTATION.exec(line);
    if (m && codeLines.length > 0) {
      const start = line.indexOf('^');
      expected.push({ line: codeLines.length - 1, start, end: start + m[3].length, ruleId: m[4], message: m[5] });
    } else {
      codeLines.push(line);
    }
  }
  return { code: codeLines.join('\n'), expected };
}

export async function findingsOf(ruleId: string, code: string, gpuId = 'h100-sxm', file = '/virtual/test.cu'): Promise<Finding[]> {
  const rule = findRule(ruleId);
  assert.ok(rule, `rule ${ruleId} is not in the registry`);
  const model = await buildModelFromText(code, file);
  return rule.check({ model, text: code, gpu: getGpu(gpuId) });
}

/** Asserts the rule reports exactly the annotated findings (line and columns; message substring if given). */
export async function checkRule(ruleId: string, annotated: string, gpuId = 'h100-sxm'): Promise<Finding[]> {
  const { code, expected } = parseAnnotated(annotated);
  const findings = await findingsOf(ruleId, code, gpuId);
  const show = (f: { line: number; start: number; end: number }) => `${f.line}:${f.start}-${f.end}`;
  const got = findings.map((f) => ({ line: f.range.start.line, start: f.range.start.character, end: f.range.end.character, message: f.message }));
  assert.deepEqual(
    got.map(show).sort(),
    expected.filter((e) => e.ruleId === ruleId).map(show).sort(),
    `findings of ${ruleId}:\n${got.map((g) => `  ${show(g)} ${g.message}`).join('\n') || '  (none)'}\nin:\n${code}`,
  );
  for (const e of expected) {
    if (!e.message) continue;
    const f = got.find((g) => g.line === e.line && g.start === e.start);
    assert.ok(f && f.message.includes(e.message), `message at ${show(e)} should contain "${e.message}", got "${f?.message}"`);
  }
  for (const f of findings) assert.equal(f.ruleId, ruleId);
  return findings;
}

/** Applies text edits (any order, non-overlapping) to a single text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Applies the first fix of every finding of the rule and compares with `after`. */
export async function checkFix(ruleId: string, before: string, after: string, gpuId = 'h100-sxm'): Promise<string> {
  const { code } = parseAnnotated(before);
  const rule = findRule(ruleId)!;
  const model = await buildModelFromText(code, '/virtual/test.cu');
  const ctx = { model, text: code, gpu: getGpu(gpuId) };
  const edits = rule.check(ctx).flatMap((f) => rule.fix?.(f, ctx)[0]?.edits ?? []);
  assert.ok(edits.length > 0, `${ruleId} offered no fix`);
  const fixed = applyEdits(code, edits);
  assert.equal(fixed, after);
  return fixed;
}
