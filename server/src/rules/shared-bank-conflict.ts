// shared-bank-conflict: a shared-memory access whose lanes land in the same bank at different 4-byte words,
// so the warp's request is split into N wavefronts (an N-way conflict). The classic case is a column read
// `tile[threadIdx.x][k]` of a [32][32] float tile: every lane hits bank k%32, 32 wavefronts instead of 1.
// Quick fix: pad the inner dimension ([32][33]) so that consecutive rows start one bank apart.
import type { AffineForm, FunctionInfo, KernelBody, MemoryAccess, ProgramModel, SharedArray } from '../model/types';
import { addForms, constantForm, formToString, scaleForm } from '../model/affine';
import { bankReport, flattenStrides } from './analysis/banks';
import { deviceCode, type DeviceCode } from './analysis/device-code';
import { underElection } from './analysis/guards';
import { ASSUMED_SHAPE, blockShapes, launchesOf } from './analysis/launches';
import { evaluateText } from '../model/evaluate';
import { isSharedAccess, sharedAliases, sharedArrayOf } from './analysis/shared-aliases';
import { textOf } from './analysis/syntax-cache';
import { perFunction } from './analysis/per-function';
import { effectiveIndex, rootArray, warpOffsets, type BlockShape } from './analysis/thread-stride';
import type { Finding, Fix, Rule, RuleContext } from './types';
import { rewriteFixes } from '../rewrite';

const ID = 'shared-bank-conflict';
/** Pads tried for the quick fix; one word is enough for 4-byte elements, wider elements may need more. */
const MAX_PAD = 8;

interface PadData { array: string; dimText: string; dimRange: Finding['range']; pad: number }

/** Flattened element offset of an access given the array's dimensions (undefined when not affine). */
function flatIndex(access: MemoryAccess, dims: (number | undefined)[]): AffineForm | undefined {
  if (access.baseArray) {
    // A pointer into the array (`float* p = &s[k]`) is only understood for one-dimensional arrays.
    return dims.length === 1 ? effectiveIndex(access) : undefined;
  }
  if (access.indices.length !== dims.length) return undefined;
  const strides = flattenStrides(dims);
  if (!strides) return undefined;
  let flat: AffineForm = constantForm(0);
  for (let i = 0; i < dims.length; i++) {
    const f = effectiveIndex(access, i);
    if (!f) return undefined;
    flat = addForms(flat, scaleForm(f, strides[i]));
  }
  return flat;
}

/** Conflict degrees by the access's index forms, layout, block shapes and element size, across accesses and
 *  kernels: kernels stamped out from one pattern (tiles, transposes) ask the same questions, and the pad
 *  search asks each up to MAX_PAD times. Emptied when it reaches MAX_FORMS entries. */
const waysByForm = new Map<string, number>();
const MAX_FORMS = 20_000;

/** What flatIndex reads from an access, as text: computed once per access object (the model reuses them
 *  across keystrokes), so a cache hit costs no flattening. */
const indexKeys = new WeakMap<MemoryAccess, string>();

function indexKey(access: MemoryAccess): string {
  let key = indexKeys.get(access);
  if (key === undefined) {
    const forms = access.baseArray ? [effectiveIndex(access)] : access.indices.map((_, i) => effectiveIndex(access, i));
    key = `${access.baseArray ? '*' : ''}${forms.map((f) => (f ? formToString(f) : '?')).join(';')}`;
    indexKeys.set(access, key);
  }
  return key;
}

/** Worst N-way conflict of an access over the block shapes it is launched with. */
function ways(access: MemoryAccess, arr: SharedArray, dims: (number | undefined)[], shapes: BlockShape[]): number {
  const bytes = arr.elementBytes ?? access.elementBytes ?? 4;
  const key = `${indexKey(access)}|${dims.join(',')}|${shapes.map((s) => `${s.x}x${s.y}x${s.z}`).join(',')}|${bytes}`;
  let worst = waysByForm.get(key);
  if (worst === undefined) {
    worst = 1;
    const flat = flatIndex(access, dims);
    for (const shape of flat ? shapes : []) {
      const offsets = warpOffsets(flat as AffineForm, shape);
      if (offsets) worst = Math.max(worst, bankReport(offsets, bytes).ways);
    }
    if (waysByForm.size >= MAX_FORMS) waysByForm.clear();
    waysByForm.set(key, worst);
  }
  return worst;
}

/** The text and range of the last `[...]` size in the array's declaration. */
function innerDimension(text: string, arr: SharedArray): { text: string; range: Finding['range'] } | undefined {
  const decl = textOf(text, arr.range);
  if (decl.includes('\n')) return undefined;
  const at = new RegExp(`\\b${arr.name}\\s*((?:\\[[^\\]]*\\]\\s*)+)`).exec(decl);
  if (!at) return undefined;
  const groups = [...at[1].matchAll(/\[([^\]]*)\]/g)];
  const last = groups[groups.length - 1];
  if (!last || last.index === undefined) return undefined;
  const start = arr.range.start.character + at.index + at[0].indexOf(at[1]) + last.index + 1;
  const inner = last[1];
  const lead = inner.length - inner.trimStart().length;
  const body = inner.trim();
  return { text: body, range: { start: { line: arr.range.start.line, character: start + lead }, end: { line: arr.range.start.line, character: start + lead + body.length } } };
}

/** Smallest pad of the inner dimension that makes `target` conflict-free without making any other access
 *  of the array worse. */
function choosePad(body: KernelBody, arr: SharedArray, target: MemoryAccess, shapes: BlockShape[]): number | undefined {
  const dims = arr.dims;
  if (arr.isExtern || dims.length < 2 || dims.some((d) => d === undefined)) return undefined;
  const accesses = body.accesses.filter((a) => a.space === 'shared' && rootArray(a) === arr.name);
  if (accesses.some((a) => a.baseArray)) return undefined;
  const before = accesses.map((a) => ways(a, arr, dims, shapes));
  for (let pad = 1; pad <= MAX_PAD; pad++) {
    const padded = [...dims.slice(0, -1), (dims[dims.length - 1] as number) + pad];
    if (ways(target, arr, padded, shapes) === 1 && accesses.every((a, i) => ways(a, arr, padded, shapes) <= before[i])) return pad;
  }
  return undefined;
}

/** Sizes written with template parameters (`__shared__ float tile[TILE][TILE]` in a `template <int TILE>`
 *  kernel) resolved with the first launch that binds them, or the parameters' defaults. */
function withTemplateDims(arr: SharedArray, model: ProgramModel, fn: FunctionInfo): SharedArray {
  if (arr.dims.every((d) => d !== undefined) || !arr.dimTexts) return arr;
  const bindings = launchesOf(model, fn).find((l) => l.templateBindings)?.templateBindings ?? {};
  const constants = new Map(model.constants);
  for (const [k, v] of Object.entries(fn.templateDefaults ?? {})) {
    const n = evaluateText(v, { constants: model.constants });
    if (n !== undefined) constants.set(k, n);
  }
  for (const [k, v] of Object.entries(bindings)) constants.set(k, v);
  const dims = arr.dims.map((d, i) => d ?? (arr.dimTexts?.[i] ? evaluateText(arr.dimTexts[i], { constants, macros: model.macros }) : undefined));
  return dims.every((d) => d !== undefined) ? { ...arr, dims } : arr;
}

function padText(dimText: string, pad: number): string {
  return /^\d+$/.test(dimText) ? String(Number(dimText) + pad) : `${dimText} + ${pad}`;
}

function shapesFor(model: ProgramModel, fn: FunctionInfo): BlockShape[] {
  const known = blockShapes(model, fn);
  return known.length > 0 ? known : [ASSUMED_SHAPE];
}

function check(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const aliases = sharedAliases(ctx.text);
  for (const code of deviceCode(ctx.model, ctx.text)) findings.push(...perFunction(ctx, ID, code.fn, () => checkFunction(ctx, code, aliases)));
  return findings;
}

function checkFunction(ctx: RuleContext, code: DeviceCode, aliases: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const shapes = shapesFor(ctx.model, code.fn);
  for (const access of code.body.accesses) {
    if (!isSharedAccess(access, aliases) || underElection(access.guards, code.threadLocals, code.lanes)) continue;
    const declared = sharedArrayOf(access, code.body.sharedArrays, aliases);
    if (!declared) continue;
    const arr = withTemplateDims(declared, ctx.model, code.fn);
    const n = ways(access, arr, arr.dims, shapes);
    if (n < 2) continue;
    const bytes = arr.elementBytes ?? 4;
    const ideal = Math.max(1, Math.ceil((32 * bytes) / 128));
    const pad = choosePad(code.body, arr, access, shapes);
    const dim = pad !== undefined ? innerDimension(ctx.text, arr) : undefined;
    const expr = textOf(ctx.text, access.range);
    const advice = dim && pad !== undefined
      ? `Pad the inner dimension (\`[${dim.text}]\` -> \`[${padText(dim.text, pad)}]\`) so consecutive rows start in different banks.`
      : 'Change the layout (pad rows or swizzle the index) so that lanes of a warp fall in different banks.';
    const data: PadData | undefined = dim && pad !== undefined ? { array: arr.name, dimText: dim.text, dimRange: dim.range, pad } : undefined;
    findings.push({
      ruleId: ID,
      file: access.file,
      range: access.range,
      severity: 'warning',
      message: `\`${expr}\`: ${n}-way bank conflict on \`${arr.name}\`: the warp's lanes hit the same bank at ${n} different words, ` +
        `so this ${access.isWrite ? 'store' : 'load'} takes ${n * ideal} shared-memory wavefronts instead of ${ideal} on ${ctx.gpu.shortName}. ${advice}`,
      data,
      related: arr.range === access.range ? undefined : [{ file: arr.file, range: arr.range, message: `\`${arr.name}\` declared here` }],
    });
  }
  return findings;
}

function fix(finding: Finding, ctx: RuleContext): Fix[] {
  const d = finding.data as PadData | undefined;
  if (!d) return [];
  return [{
    title: `Pad \`${d.array}\`: [${d.dimText}] -> [${padText(d.dimText, d.pad)}]`,
    kind: 'quickfix',
    isPreferred: true,
    edits: [{ file: ctx.model.file, range: d.dimRange, newText: padText(d.dimText, d.pad) }],
  }];
}

export const rule: Rule = {
  id: ID,
  title: 'Shared-memory bank conflict',
  defaultSeverity: 'warning',
  category: 'memory',
  description: 'A shared-memory access whose lanes hit the same bank at different words (an N-way conflict); quick fix pads the inner dimension.',
  check,
  fix: (finding, ctx) => [...fix(finding, ctx), ...rewriteFixes(finding, ctx)],
};
