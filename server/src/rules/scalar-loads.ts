// scalar-loads: each thread reads W consecutive 4-byte elements of a global array one at a time
// (`x[4*i]`, `x[4*i+1]`, ... or a short loop `x[4*i + j]`), where one 8- or 16-byte vector load
// (`float2`/`float4`, `int2`/`int4`) would fetch them with one instruction. The CUDA C++ Best Practices
// Guide and NVIDIA's "CUDA Pro Tip: Increase Performance with Vectorized Memory Access" (Luitjens, 2013)
// report fewer load instructions and higher achieved bandwidth for such kernels.
import { formToString, withLoopStarts } from '../model/affine';
import type { AffineForm, MemoryAccess } from '../model/types';
import type { DeviceCode } from './analysis/device-code';
import { textOf } from './analysis/syntax-cache';
import { constantStride, rootArray } from './analysis/thread-stride';
import type { Finding, Rule, RuleContext } from './types';
import { rewriteFixes } from '../rewrite';
import { perDeviceCode } from './analysis/per-function';

const ID = 'scalar-loads';
const SCALARS: Record<string, string> = {
  float: 'float', int: 'int', unsigned: 'uint', 'unsigned int': 'uint', uint32_t: 'uint', int32_t: 'int',
};

interface Member { access: MemoryAccess; offsets: number[]; base: AffineForm; key: string; stride: number | undefined }

/** The access's element offsets relative to a shared base, expanding a short constant loop over the
 *  innermost variable (`for (j = 0; j < 4; ++j) x[4*i + j]`). */
function member(access: MemoryAccess): Member | undefined {
  const raw = access.indices[0];
  if (!raw) return undefined;
  let form: AffineForm = access.baseOffset ? { terms: [...raw.terms, ...access.baseOffset.terms], constant: raw.constant + access.baseOffset.constant } : raw;
  let offsets = [form.constant];
  const inner = access.loops[access.loops.length - 1];
  if (inner?.variable && inner.tripCount !== undefined && inner.tripCount <= 16 && inner.init && inner.init.terms.length === 0 &&
      (inner.step ?? 1) === 1 && inner.stepOp === '+' && constantStride(form, inner.variable) === 1) {
    const v = inner.variable;
    const rest = { terms: form.terms.filter((t) => !(t.vars.length === 1 && t.vars[0] === v)), constant: form.constant };
    if (rest.terms.some((t) => t.vars.includes(v))) return undefined;
    offsets = Array.from({ length: inner.tripCount }, (_, k) => form.constant + (inner.init as AffineForm).constant + k);
    form = rest;
  }
  const atStart = withLoopStarts(form, access.loops);
  const base = { terms: form.terms, constant: 0 };
  return { access, offsets, base, key: formToString(base), stride: atStart ? constantStride(atStart, 'threadIdx.x') : undefined };
}

/** Widest vector (4 or 2 elements) whose aligned run of offsets the group reads completely. */
function vectorRun(offsets: Set<number>, form: AffineForm): { width: number; start: number } | undefined {
  for (const width of [4, 2]) {
    // The base must be a multiple of the width for the vector load to be aligned.
    if (form.terms.some((t) => t.coef % width !== 0)) continue;
    for (const start of [...offsets].sort((a, b) => a - b)) {
      if (start % width !== 0) continue;
      let all = true;
      for (let k = 1; k < width; k++) if (!offsets.has(start + k)) all = false;
      if (all) return { width, start };
    }
  }
  return undefined;
}

function check(ctx: RuleContext): Finding[] {
  return perDeviceCode(ctx, ID, (code) => checkFunction(ctx, code));
}

function checkFunction(ctx: RuleContext, code: DeviceCode): Finding[] {
  const findings: Finding[] = [];
  const groups = new Map<string, Member[]>();
  for (const access of code.body.accesses) {
    if (access.space !== 'global' || access.isWrite || access.atomic || access.indices.length !== 1) continue;
    const type = SCALARS[access.elementType ?? ''];
    if (!type) continue;
    const m = member(access);
    if (!m) continue;
    const loopKey = access.loops.map((l) => `${l.range.start.line}:${l.range.start.character}`).join('/');
    const key = `${rootArray(access)}|${m.key}|${loopKey}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  for (const members of groups.values()) {
    const first = members[0];
    const offsets = new Set(members.flatMap((m) => m.offsets));
    const run = vectorRun(offsets, first.base);
    if (!run) continue;
    // Each thread must own its run (threads W elements apart); with unit stride the warp is already coalesced.
    const stride = first.stride;
    if (stride === undefined || stride < run.width || stride % run.width !== 0) continue;
    const at = members.find((m) => m.offsets.includes(run.start)) ?? first;
    const type = SCALARS[first.access.elementType ?? ''];
    const vec = `${type}${run.width}`;
    const expr = textOf(ctx.text, at.access.range);
    const array = rootArray(first.access);
    findings.push({
      ruleId: ID,
      file: at.access.file,
      range: at.access.range,
      severity: 'hint',
      message: `\`${expr}\`: each thread reads ${run.width} consecutive ${first.access.elementType} elements of \`${array}\` with ${run.width} separate ` +
        `4-byte loads; one ${4 * run.width}-byte \`${vec}\` load (\`reinterpret_cast<const ${vec}*>(${array})[...]\`) fetches them with 1 instruction ` +
        `instead of ${run.width}, fewer load instructions for the same bytes on ${ctx.gpu.shortName}.`,
      data: { array, width: run.width },
    });
  }
  return findings;
}

export const rule: Rule = {
  id: ID,
  title: 'Scalar loads where a vector load would do',
  defaultSeverity: 'hint',
  category: 'memory',
  description: 'A thread reads consecutive float/int elements of a global array one at a time where one float2/float4 (int2/int4) load would do.',
  check,
  fix: rewriteFixes,
};
