// Rewrite "vectorize loads" (rule scalar-loads): a per-thread loop over four consecutive elements,
// `for (j = 0; j < 4; ++j) { if (base + j < n) y[base + j] = f(x[base + j]); }`, gets a float4 path: when
// all four are in range and every array is 16-byte aligned at `base`, one float4 load per array read, the
// loop body run per lane on registers, one float4 store per array written. Otherwise (the tail, or a
// misaligned pointer) the original scalar loop runs unchanged.
import type { SyntaxNode } from '../parse/grammar';
import type { RuleContext } from '../rules/types';
import { gainText } from './gain';
import { HostValues } from './host-values';
import { replaceSpan } from './kernel-shape';
import { residency } from './perf';
import { bandwidthFraction } from './perf-memory';
import { descendants, freshNames, identifiersIn, indentBlock, KernelInfo, squash, withSource } from './source';
import { Rewrite, RewriteResult, RewriteSite, sitePosition } from './types';

const LANES = ['x', 'y', 'z', 'w'];

/**
 * Share of the streaming bandwidth a per-thread loop of four scalar loads and stores reaches: 1.43 TB/s
 * against 2.0 TB/s for its float4 form on an H100 SXM (this project's vectorize_loads sample, 2^25
 * elements, scripts/device/rewrites.sh). Luitjens ("CUDA Pro Tip: Increase Performance with Vectorized
 * Memory Access", 2013) reports gains of the same order for copy kernels.
 */
const STRIDED_SCALAR_EFFICIENCY = 0.72;

interface LoopShape { loop: SyntaxNode; j: string; base: string; bound?: string; body: SyntaxNode; arrays: string[]; read: Set<string>; written: Set<string> }

export function rewriteVectorizeLoads(site: RewriteSite, ctx: RuleContext): RewriteResult {
  return withSource(ctx.text, ctx.model.file, (src) => {
    const offset = src.offsetAt(sitePosition(site));
    const kernel = src.kernelForOffset(offset);
    if (!kernel) return { notOffered: 'no kernel here' };
    const loops = descendants(kernel.body).filter((d) => d.type === 'for_statement' && d.startIndex <= offset && offset <= d.endIndex);
    const candidates = loops.length ? loops : descendants(kernel.body).filter((d) => d.type === 'for_statement');
    const unrolled = unrolledGroup(kernel, offset);
    if (unrolled) return rewriteUnrolled(src, kernel, unrolled, ctx);
    let why = 'no `for (j = 0; j < 4; ++j)` loop over `a[base + j]` and no `a[b] + a[b + 1] + a[b + 2] + a[b + 3]` reads here';
    for (const loop of candidates.reverse()) {
      const shape = matchLoop(kernel, loop);
      if (typeof shape === 'string') { why = shape; continue; }
      for (const l of src.launches().filter((x) => x.kernelName === kernel.name)) {
        const texts = shape.arrays.map((a) => squash(l.args[kernel.params.findIndex((p) => p.name === a)]?.text ?? ''));
        if (new Set(texts).size !== texts.length) return { notOffered: `the launch at line ${src.positionAt(l.call.startIndex).line + 1} passes one buffer as two arrays` };
      }
      const ind = src.indentAt(loop.startIndex);
      const i2 = `${ind}  `;
      const nm = freshNames(identifiersIn(kernel.node), shape.arrays.map((a) => `${a}_v`));
      const vec = (a: string) => nm[`${a}_v`];
      const at = (a: string) => `${a} + ${shape.base}`;
      const constOf = (a: string) => (/^\s*const\b/.test(kernel.params.find((p) => p.name === a)!.text) ? 'const ' : '');
      // Arrays loaded: every array read, and written ones (the group is stored whole, and a lane the body
      // does not write must keep its value).
      const loaded = shape.arrays.filter((a) => shape.read.has(a) || shape.written.has(a));
      const lane = (c: number) => replaceSpan(kernel.body, shape.body.startIndex, shape.body.endIndex, (n) => {
        if (n.type === 'subscript_expression' && shape.arrays.includes(n.childForFieldName('argument')?.text ?? '')) return `${vec(n.childForFieldName('argument')!.text)}.${LANES[c]}`;
        if (n.type === 'identifier' && n.text === shape.j) return String(c);
        return undefined;
      });
      const laneText = (c: number) => {
        const t = lane(c);
        const inner = t.startsWith('{') ? t.slice(1, -1) : t;
        return `${i2}{\n${indentBlock(inner, `${i2}  `)}\n${i2}}`;
      };
      const guard = [
        ...(shape.bound ? [`${shape.base} + 3 < ${shape.bound}`] : []),
        `((${shape.arrays.map((a) => `(size_t)(${at(a)})`).join(' | ')}) & 15) == 0`,
      ].join(' && ');
      const text = [
        `// CUDA Lens: one float4 access per array when the four elements are in range and 16-byte aligned.`,
        `${ind}if (${guard}) {`,
        ...loaded.map((a) => `${i2}${constOf(a) && !shape.written.has(a) ? 'const ' : ''}float4 ${vec(a)} = *reinterpret_cast<${constOf(a)}float4*>(${at(a)});`),
        ...[0, 1, 2, 3].map(laneText),
        ...[...shape.written].map((a) => `${i2}*reinterpret_cast<float4*>(${at(a)}) = ${vec(a)};`),
        `${ind}} else {`,
        indentBlock(loop.text, i2),
        `${ind}}`,
      ].join('\n');

      // Gain: the same DRAM bytes, but the scalar loop reaches only part of the bandwidth (each warp
      // instruction spans four times the lines it uses, and without __restrict__ every load waits for the
      // previous store); the float4 path streams like a plain copy, limited only by resident warps.
      const values = new HostValues(src, ctx.model.constants);
      const launch = src.launches().find((x) => x.kernelName === kernel.name);
      const threads = (launch && values.eval(launch.config[1])) ?? 256;
      const warps = residency(ctx.gpu, threads).warpsPerSm;
      const loads = loaded.length;
      const before = 1 / (bandwidthFraction(ctx.gpu, warps, loads) * STRIDED_SCALAR_EFFICIENCY);
      const after = 1 / bandwidthFraction(ctx.gpu, warps, loads * 4);
      return {
        title: `Load and store float4 (aligned check, scalar tail) — ${gainText(before, after, ctx.gpu)}`,
        kind: 'refactor.rewrite',
        edits: [src.edit(loop.startIndex, loop.endIndex, text)],
      };
    }
    return { notOffered: why };
  });
}

interface UnrolledGroup { statement: SyntaxNode; array: string; base: string; reads: SyntaxNode[] }

/**
 * Four reads `a[b]`, `a[b + 1]`, `a[b + 2]`, `a[b + 3]` of one float array in one statement that does not
 * write the array (`sums[i] = x[4*i] + x[4*i+1] + x[4*i+2] + x[4*i+3];`), nearest the cursor first.
 */
function unrolledGroup(kernel: KernelInfo, offset: number): UnrolledGroup | undefined {
  const floats = new Set(kernel.params.filter((p) => /^(const\s+)?float\s*\*/.test(p.text.replace(/\s*__restrict__\s*/g, ' ').trim())).map((p) => p.name));
  const groups = new Map<string, { statement: SyntaxNode; array: string; base: string; reads: (SyntaxNode | undefined)[] }>();
  for (const d of descendants(kernel.body)) {
    if (d.type !== 'subscript_expression') continue;
    const array = d.childForFieldName('argument')?.text ?? '';
    if (!floats.has(array)) continue;
    const idx = d.childForFieldName('indices')?.namedChildren[0];
    if (!idx) continue;
    let base = idx;
    let lane = 0;
    if (idx.type === 'binary_expression' && idx.childForFieldName('operator')?.type === '+' && /^[0-3]$/.test(idx.childForFieldName('right')?.text ?? '')) {
      base = idx.childForFieldName('left')!;
      lane = Number(idx.childForFieldName('right')!.text);
    }
    let statement: SyntaxNode | null = d;
    while (statement && statement.type !== 'expression_statement' && statement.type !== 'declaration' && statement.type !== 'return_statement') statement = statement.parent;
    if (!statement) continue;
    const key = `${statement.id}|${array}|${squash(base.text)}`;
    const g = groups.get(key) ?? { statement, array, base: base.text, reads: [] };
    g.reads[lane] = d;
    groups.set(key, g);
  }
  const complete = [...groups.values()].filter((g): g is UnrolledGroup => [0, 1, 2, 3].every((k) => g.reads[k]) &&
    !descendants(g.statement).some((x) => x.type === 'assignment_expression' && /^\w+/.exec(x.childForFieldName('left')?.text ?? '')?.[0] === g.array));
  return complete.find((g) => g.statement.startIndex <= offset && offset <= g.statement.endIndex) ?? (complete.length === 1 ? complete[0] : undefined);
}

/** The statement with a float4 load of the group when its address is 16-byte aligned, else as it was. */
function rewriteUnrolled(src: import('./source').Source, kernel: KernelInfo, g: UnrolledGroup, ctx: RuleContext): RewriteResult {
  // A statement that is the body of an if/for without braces gets braces, so it stays one statement.
  const braced = g.statement.parent?.type !== 'compound_statement';
  const ind = src.indentAt(g.statement.startIndex) + (braced ? '  ' : '');
  const vector = freshNames(identifiersIn(kernel.node), [`${g.array}_v`])[`${g.array}_v`];
  const replaced = replaceSpan(kernel.body, g.statement.startIndex, g.statement.endIndex, (n) => {
    const k = g.reads.findIndex((r) => r.id === n.id);
    return k >= 0 ? `${vector}.${LANES[k]}` : undefined;
  });
  const lines = [
    `// CUDA Lens: one float4 load of ${g.array}[${g.base}..+3] when it is 16-byte aligned, four scalar loads otherwise.`,
    `${ind}if ((((size_t)(${g.array} + ${g.base})) & 15) == 0) {`,
    `${ind}  const float4 ${vector} = *reinterpret_cast<const float4*>(${g.array} + ${g.base});`,
    `${ind}  ${replaced}`,
    `${ind}} else {`,
    `${ind}  ${g.statement.text}`,
    `${ind}}`,
  ];
  const text = braced ? `{\n${ind}${lines.join('\n')}\n${src.indentAt(g.statement.startIndex)}}` : lines.join('\n');
  if (g.statement.type === 'declaration') return { notOffered: 'the reads initialize a declaration, whose scope the aligned branch would end' };
  const before = 1 / STRIDED_SCALAR_EFFICIENCY;
  return {
    title: `Load ${g.array}[${g.base}..+3] as one float4 (aligned check, scalar fallback) — ${gainText(before, 1, ctx.gpu)}`,
    kind: 'refactor.rewrite',
    edits: [src.edit(g.statement.startIndex, g.statement.endIndex, text)],
  };
}

/** `for (int j = 0; j < 4; ++j) body` where every array access in body is `a[base + j]` on a float array. */
function matchLoop(kernel: KernelInfo, loop: SyntaxNode): LoopShape | string {
  const header = squash(loop.text.slice(0, loop.childForFieldName('body')!.startIndex - loop.startIndex));
  const m = /^for\(int(\w+)=0;\1<4;(?:\+\+\1|\1\+\+|\1\+=1)\)$/.exec(header);
  if (!m) return 'the loop is not `for (int j = 0; j < 4; ++j)`';
  const j = m[1];
  const body = loop.childForFieldName('body')!;
  const pointers = new Set(kernel.params.filter((p) => p.text.includes('*')).map((p) => p.name));
  let base: string | undefined;
  const arrays = new Set<string>();
  const read = new Set<string>();
  const written = new Set<string>();
  for (const d of descendants(body)) {
    if ((d.type === 'assignment_expression' || d.type === 'update_expression') && (d.childForFieldName('left') ?? d.childForFieldName('argument'))?.text === j) return `the loop body changes ${j}`;
    if (d.type === 'identifier' && /^(threadIdx|__syncthreads|__shfl\w*)$/.test(d.text)) return 'the loop body uses thread built-ins';
    if (d.type !== 'subscript_expression') continue;
    const arr = d.childForFieldName('argument')?.text ?? '';
    if (!pointers.has(arr)) continue;
    const idx = squash((d.childForFieldName('indices')?.text ?? '').replace(/^\[|\]$/g, ''));
    const mm = new RegExp(`^(.+)\\+${j}$`).exec(idx) ?? new RegExp(`^${j}\\+(.+)$`).exec(idx);
    if (!mm || new RegExp(`\\b${j}\\b`).test(mm[1])) return `${arr}[${idx}] is not \`${arr}[base + ${j}]\``;
    if (base !== undefined && base !== mm[1]) return 'the arrays are indexed from different bases';
    base = mm[1];
    const p = kernel.params.find((q) => q.name === arr)!;
    if (!/^(const\s+)?float\s*\*/.test(p.text.replace(/\s*__restrict__\s*/g, ' ').trim())) return `${arr} is not a float array`;
    arrays.add(arr);
    const parent = d.parent;
    const lhs = parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.id === d.id;
    if (lhs) written.add(arr);
    if (!lhs || parent?.childForFieldName('operator')?.type !== '=') read.add(arr);
  }
  if (!base || !arrays.size) return 'the loop reads no `a[base + j]` arrays';
  // The base must not change inside the loop, and must be the same text in the original identifiers.
  const baseNames: string[] = base.match(/[A-Za-z_]\w*/g) ?? [];
  for (const d of descendants(body)) {
    if ((d.type === 'assignment_expression' || d.type === 'update_expression') && baseNames.includes((d.childForFieldName('left') ?? d.childForFieldName('argument'))?.text ?? '')) return 'the loop body changes the base index';
  }
  // Optional tail guard `if (base + j < n) stmt` as the whole body: the vector path needs base + 3 < n.
  let bound: string | undefined;
  const inner = body.type === 'compound_statement' ? body.namedChildren.filter((c) => c && c.type !== 'comment') : [body];
  if (inner.length === 1 && inner[0]?.type === 'if_statement' && !inner[0].childForFieldName('alternative')) {
    const cond = squash(inner[0].childForFieldName('condition')?.text ?? '');
    const g = new RegExp(`^\\((?:${escape(base)}\\+${j}|${j}\\+${escape(base)})<(.+)\\)$`).exec(cond);
    if (g) bound = g[1];
  }
  if (!bound && descendants(body).some((d) => d.type === 'if_statement' || d.type === 'return_statement' || d.type === 'break_statement')) {
    return 'the loop body has conditions other than a `base + j < n` guard';
  }
  return { loop, j, base: prettyBase(loop, base), bound: bound && prettyText(body, bound), body, arrays: [...arrays], read, written };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The base index as written in the source (the matcher compares squashed text). */
function prettyBase(loop: SyntaxNode, squashed: string): string {
  return prettyText(loop, squashed);
}

function prettyText(root: SyntaxNode, squashed: string): string {
  const hit = descendants(root).find((d) => squash(d.text) === squashed);
  return hit ? hit.text : squashed;
}

export const vectorizeLoads: Rewrite = { id: 'vectorize-loads', ruleId: 'scalar-loads', apply: rewriteVectorizeLoads };
