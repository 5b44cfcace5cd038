// Rewrite "pad a shared array" (rule shared-bank-conflict): adds one element to the inner dimension of a
// 2-D shared array (`[32][32]` -> `[32][32 + 1]`) so that a warp reading a column touches 32 different
// banks instead of one. Only the layout changes: every access stays a full subscript of the array, which
// the rewrite checks (no pointer arithmetic or reinterpretation of the array).
import type { SyntaxNode } from '../parse/grammar';
import type { RuleContext } from '../rules/types';
import { gainText } from './gain';
import { HostValues } from './host-values';
import { arrayUses } from './kernel-shape';
import { streamSeconds } from './perf';
import { descendants, KernelInfo, squash, withSource } from './source';
import { Rewrite, RewriteResult, RewriteSite, sitePosition } from './types';

const BANKS = 32;

interface SharedDecl { name: string; declarator: SyntaxNode; dims: SyntaxNode[]; elementType: string }

export function rewritePadShared(site: RewriteSite, ctx: RuleContext): RewriteResult {
  return withSource(ctx.text, ctx.model.file, (src) => {
    const offset = src.offsetAt(sitePosition(site));
    const kernel = src.kernelForOffset(offset);
    if (!kernel) return { notOffered: 'no kernel here' };
    const arrays = sharedArrays(kernel).filter((a) => a.dims.length >= 2);
    // The array under the cursor, else the kernel's only 2-D shared array.
    const atCursor = descendants(kernel.body).find((d) => d.type === 'subscript_expression' && d.startIndex <= offset && offset <= d.endIndex);
    const target = arrays.find((a) => atCursor && rootArray(atCursor) === a.name) ?? (arrays.length === 1 ? arrays[0] : undefined);
    if (!target) return { notOffered: 'no single 2-D __shared__ array to pad here' };
    if (!/^(float|int|unsigned( int)?|uint32_t|int32_t)$/.test(target.elementType)) return { notOffered: `padding by one ${target.elementType} does not map one element to one bank` };
    const values = new HostValues(src, ctx.model.constants);
    const inner = target.dims[target.dims.length - 1];
    const width = values.eval(inner);
    if (!width) return { notOffered: 'the inner dimension is not a known constant' };

    // Every use must be a full subscript: a pointer to the array would assume the unpadded layout.
    let ways = 1;
    for (const id of descendants(kernel.body).filter((d) => d.type === 'identifier' && d.text === target.name)) {
      if (id.parent?.id === target.declarator.id || isDeclaratorOf(id, target)) continue;
      const chain = subscriptChain(id);
      if (chain.length !== target.dims.length || addressTaken(id, chain.length)) return { notOffered: `${target.name} is used other than as ${target.name}${'[..]'.repeat(target.dims.length)}` };
      ways = Math.max(ways, conflictWays(chain, width));
    }
    if (ways <= 1) return { notOffered: `no access of ${target.name} has a bank conflict the model can see` };

    // Gain: shared wavefronts per warp (one per access, times the conflict degree) against DRAM traffic;
    // both scale with the grid, so the ratio does not depend on the unknown problem size.
    const accesses = descendants(kernel.body).filter((d) => d.type === 'identifier' && d.text === target.name && subscriptChain(d).length === target.dims.length).map((d) => conflictWays(subscriptChain(d), width));
    const afterWays = accesses.map((w) => (w > 1 ? gcd(width + 1, BANKS) : w));
    const globalBytes = arrayUses(kernel, [kernel.body]).reduce((s, u) => s + (u.read ? 4 : 0) + (u.write ? 4 : 0), 0);
    const threads = 1 << 24;
    const dram = streamSeconds(ctx.gpu, threads * globalBytes);
    const sharedTime = (waves: number[]) => (threads / ctx.gpu.warpSize) * waves.reduce((s, w) => s + w, 0) / (ctx.gpu.smCount * ctx.gpu.boostClockMhz * 1e6);
    const before = Math.max(dram, sharedTime(accesses));
    const after = Math.max(dram, sharedTime(afterWays));
    return {
      title: `Pad ${target.name} to [${target.dims.slice(0, -1).map((d) => d.text).join('][')}][${inner.text} + 1] (${ways}-way bank conflict → none) — ${gainText(before, after, ctx.gpu)}`,
      kind: 'refactor.rewrite',
      edits: [src.edit(inner.startIndex, inner.endIndex, `${inner.text} + 1`)],
    };
  });
}

function sharedArrays(kernel: KernelInfo): SharedDecl[] {
  const out: SharedDecl[] = [];
  for (const d of descendants(kernel.body)) {
    if (d.type !== 'declaration' || !/\b__shared__\b/.test(d.text) || /\bextern\b/.test(d.text)) continue;
    const type = d.childForFieldName('type')?.text ?? '';
    for (const decl of d.namedChildren) {
      if (decl?.type !== 'array_declarator') continue;
      const dims: SyntaxNode[] = [];
      let cur: SyntaxNode | null = decl;
      while (cur && cur.type === 'array_declarator') {
        const size = cur.childForFieldName('size');
        if (!size) break;
        dims.unshift(size);
        cur = cur.childForFieldName('declarator');
      }
      if (cur?.type === 'identifier') out.push({ name: cur.text, declarator: decl, dims, elementType: type.trim() });
    }
  }
  return out;
}

function isDeclaratorOf(id: SyntaxNode, decl: SharedDecl): boolean {
  return id.startIndex >= decl.declarator.startIndex && id.endIndex <= decl.declarator.endIndex;
}

function rootArray(sub: SyntaxNode): string | undefined {
  let cur: SyntaxNode | null = sub;
  while (cur && cur.type === 'subscript_expression') cur = cur.childForFieldName('argument');
  return cur?.type === 'identifier' ? cur.text : undefined;
}

/** Index texts of `name[a][b]` from the identifier upwards, outermost subscript first. */
function subscriptChain(id: SyntaxNode): string[] {
  const out: string[] = [];
  let cur: SyntaxNode = id;
  while (cur.parent?.type === 'subscript_expression' && cur.parent.childForFieldName('argument')?.id === cur.id) {
    cur = cur.parent;
    out.push(squash((cur.childForFieldName('indices')?.text ?? '').replace(/^\[|\]$/g, '')));
  }
  return out;
}

/** `&name[a][b]`: the address escapes, and code using it may assume the unpadded row length. */
function addressTaken(id: SyntaxNode, depth: number): boolean {
  let top: SyntaxNode = id;
  for (let k = 0; k < depth && top.parent; k++) top = top.parent;
  return top.parent?.type === 'pointer_expression' && top.parent.text.trimStart().startsWith('&');
}

/** Banks hit by one warp: threadIdx.x in an outer subscript strides by the row width (in 4-byte words). */
function conflictWays(chain: string[], width: number): number {
  const lane = /\bthreadIdx\.x\b/;
  const last = chain[chain.length - 1];
  if (lane.test(last) || !chain.slice(0, -1).some((c) => lane.test(c))) return 1;
  return gcd(width, BANKS);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export const padShared: Rewrite = { id: 'pad-shared', ruleId: 'shared-bank-conflict', apply: rewritePadShared };
