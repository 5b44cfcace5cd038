// missing-restrict: kernel pointer parameters without __restrict__ although no launch in the file passes
// one buffer through two of them. Without it the compiler must assume a store through one pointer can
// change what another points to, so it reloads values and cannot route read-only data through the
// non-coherent read-only cache (CUDA C++ Best Practices Guide, "Restricted pointers"; Programming Guide,
// "__restrict__"). Quick fix: add __restrict__, and const on the parameters the kernel only reads.
import type { Kernel, LaunchSite, Param } from '../model/types';
import { functionNode, textOf } from './analysis/syntax-cache';
import { launchesOf } from './analysis/launches';
import { rootArray } from './analysis/thread-stride';
import type { Finding, Fix, Rule, RuleContext, TextEdit } from './types';
import type { SyntaxNode } from '../parse/grammar';
import { perKernel } from './analysis/per-function';

const ID = 'missing-restrict';

interface ParamFix { name: string; range: Finding['range']; addConst: boolean; text: string }

/** The buffer an argument names: `d_a`, `d_a + off` and `(float*)d_a` all name `d_a`; undefined when the
 *  argument is not a plain name (a ternary or a call could be anything). */
export function argumentBuffer(text: string): string | undefined {
  let t = text.trim();
  if (/[?]|\(\s*\)/.test(t)) return undefined;
  t = t.replace(/^\(\s*(?:const\s+)?[\w:<>\s]+\*\s*\)\s*/, '').replace(/^\w+_cast\s*<[^>]*>\s*\(/, '').replace(/^[&(\s]+/, '');
  const m = /^[A-Za-z_][\w]*(?:\s*(?:\.|->)\s*[A-Za-z_]\w*)*/.exec(t);
  return m ? m[0].replace(/\s+/g, '') : undefined;
}

/** True when two pointer arguments of some launch may name the same buffer (or cannot be told apart). */
function mayAlias(launch: LaunchSite, indices: number[]): boolean {
  const names = indices.map((i) => (launch.args[i] ? argumentBuffer(launch.args[i].text) : undefined));
  if (names.some((n) => n === undefined)) return true;
  return new Set(names).size < names.length;
}

/** The body's identifiers by name, found inside the parser's wasm (descendantsOfType, far cheaper than a JS
 *  walk) once per kernel rather than once per parameter. */
function identifiersByName(body: SyntaxNode): Map<string, SyntaxNode[]> {
  const out = new Map<string, SyntaxNode[]>();
  for (const n of body.descendantsOfType('identifier')) {
    if (!n) continue;
    const list = out.get(n.text);
    if (list) list.push(n);
    else out.set(n.text, [n]);
  }
  return out;
}

/** True when every use of the parameter in the body only reads through it (so `const` keeps it compiling). */
function onlyReads(k: Kernel, identifiers: () => Map<string, SyntaxNode[]> | undefined, name: string): boolean {
  if (k.accesses.some((a) => rootArray(a) === name && (a.isWrite || a.atomic))) return false;
  const uses = identifiers();
  if (!uses) return false;
  for (const n of uses.get(name) ?? []) {
    const p = n.parent;
    if (p?.type === 'subscript_expression' && p.childForFieldName('argument')?.id === n.id) continue;
    // `const float* row = x + i * n;`: a pointer to const derived from the parameter.
    let up: SyntaxNode | null = p;
    while (up && (up.type === 'binary_expression' || up.type === 'parenthesized_expression' || up.type === 'cast_expression')) up = up.parent;
    if (up?.type === 'init_declarator' && /^\s*const\b/.test(up.parent?.text ?? '')) continue;
    if (up?.type === 'argument_list' && up.parent?.childForFieldName('function')?.text === '__ldg') continue;
    return false;
  }
  return true;
}

function restrictEdit(file: string, p: ParamFix): TextEdit[] {
  const star = p.text.lastIndexOf('*');
  const after = p.text[star + 1];
  const pos = (c: number) => ({ line: p.range.start.line, character: p.range.start.character + c });
  const edits: TextEdit[] = [{ file, range: { start: pos(star + 1), end: pos(star + 1) }, newText: after === ' ' ? ' __restrict__' : '__restrict__ ' }];
  if (p.addConst) edits.push({ file, range: { start: pos(0), end: pos(0) }, newText: 'const ' });
  return edits;
}

function check(ctx: RuleContext): Finding[] {
  return perKernel(ctx, ID, (k) => checkFunction(ctx, k));
}

function checkFunction(ctx: RuleContext, k: Kernel): Finding[] {
  const findings: Finding[] = [];
  if (k.file !== ctx.model.file) return findings;
  const pointers = k.params.map((p, i) => ({ p, i })).filter(({ p }) => p.isPointer && !/\*\s*\*/.test(p.type + textOf(ctx.text, p.range)));
  const missing = pointers.filter(({ p }) => !p.isRestrict);
  if (pointers.length < 2 || missing.length === 0) return findings;
  const written = pointers.filter(({ p }) => k.accesses.some((a) => rootArray(a) === p.name && (a.isWrite || a.atomic)));
  if (written.length === 0) return findings;
  const launches = launchesOf(ctx.model, k);
  if (launches.length === 0 || launches.some((l) => mayAlias(l, pointers.map(({ i }) => i)))) return findings;
  const body = functionNode(ctx, k)?.childForFieldName('body') ?? undefined;
  let identifiers: Map<string, SyntaxNode[]> | undefined;
  const lookup = () => (body ? (identifiers ??= identifiersByName(body)) : undefined);
  const fixes: ParamFix[] = missing.map(({ p }: { p: Param }) => ({
    name: p.name, range: p.range, text: textOf(ctx.text, p.range), addConst: !p.isConst && onlyReads(k, lookup, p.name),
  }));
  if (fixes.some((f) => f.text.lastIndexOf('*') < 0 || f.range.start.line !== f.range.end.line)) return findings;
  const names = missing.map(({ p }) => `\`${p.name}\``).join(', ');
  const readOnly = fixes.filter((f) => f.addConst || k.params.find((p) => p.name === f.name)?.isConst).map((f) => `\`${f.name}\``);
  const first = missing[0].p.range;
  const last = missing[missing.length - 1].p.range;
  findings.push({
    ruleId: ID,
    file: k.file,
    range: { start: first.start, end: last.end },
    severity: 'hint',
    message: `${names} of \`${k.name}\` ${missing.length > 1 ? 'are' : 'is'} not \`__restrict__\`, yet none of the ${launches.length} launch${launches.length > 1 ? 'es' : ''} ` +
      `in this file passes one buffer twice. Without it the compiler must assume a store through ${written.map(({ p }) => `\`${p.name}\``).join(', ')} ` +
      `may change what the other pointers read, so it reloads values from memory` +
      (readOnly.length > 0 ? ` and cannot load ${readOnly.join(', ')} through the read-only data cache` : '') +
      `. Add \`__restrict__\`${fixes.some((f) => f.addConst) ? ' (and `const` on read-only parameters)' : ''}.`,
    data: fixes,
    related: launches.map((l) => ({ file: l.file, range: l.range, message: `launch of \`${k.name}\` with distinct buffers` })),
  });
  return findings;
}

function fix(finding: Finding, ctx: RuleContext): Fix[] {
  const params = finding.data as ParamFix[] | undefined;
  if (!params?.length) return [];
  return [{
    title: `Add __restrict__${params.some((p) => p.addConst) ? ' and const' : ''} to ${params.map((p) => p.name).join(', ')}`,
    kind: 'quickfix',
    edits: params.flatMap((p) => restrictEdit(ctx.model.file, p)),
  }];
}

export const rule: Rule = {
  id: ID,
  title: 'Kernel pointer parameters without __restrict__',
  defaultSeverity: 'hint',
  category: 'memory',
  description: 'Kernel pointer parameters without __restrict__ where no launch in the file passes the same buffer twice; quick fix adds __restrict__ (and const on read-only ones).',
  check,
  fix,
};
