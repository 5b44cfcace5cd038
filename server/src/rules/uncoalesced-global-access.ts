// uncoalesced-global-access: a global load or store whose address jumps by more than one element between
// neighbouring lanes (threadIdx.x, threadIdx.x + 1). The memory system serves a warp in 32-byte sectors
// (CUDA C++ Best Practices Guide, "Coalesced Access to Global Memory"), so a stride of s 4-byte elements
// moves up to s times the bytes the warp uses, capped at one sector per lane (8x for floats).
import { formToString } from '../model/affine';
import type { AffineForm, FunctionInfo, MemoryAccess, ProgramModel } from '../model/types';
import { evaluateText } from '../model/evaluate';
import type { DeviceCode } from './analysis/device-code';
import { underElection } from './analysis/guards';
import { blockShapes, launchesOf } from './analysis/launches';
import { constantStride, effectiveIndex, rootArray, strideAlong } from './analysis/thread-stride';
import { textOf } from './analysis/syntax-cache';
import { perDeviceCode } from './analysis/per-function';
import type { Finding, Rule, RuleContext } from './types';

const ID = 'uncoalesced-global-access';
const SECTOR_BYTES = 32;
const WARP = 32;

/** Distinct 32-byte sectors one warp touches when lane t accesses element stride * t. */
export function sectorsTouched(stride: number, elementBytes: number): number {
  const sectors = new Set<number>();
  for (let t = 0; t < WARP; t++) {
    const start = stride * t * elementBytes;
    for (let b = start; b < start + elementBytes; b += SECTOR_BYTES) sectors.add(Math.floor(b / SECTOR_BYTES));
    sectors.add(Math.floor((start + elementBytes - 1) / SECTOR_BYTES));
  }
  return sectors.size;
}

/** True when sibling accesses of the same array fill the gaps of a constant stride: `a[4*t]`, `a[4*t+1]`,
 *  ... or `a[4*t + j]` in a loop over j with at least 4 iterations. Together the warp then reads
 *  contiguous memory and the L1 cache merges the sectors (scalar-loads reports the vectorisable shape). */
function gapsFilled(access: MemoryAccess, stride: number, siblings: MemoryAccess[]): boolean {
  const raw = access.indices[0];
  if (!raw) return false;
  for (const loop of access.loops) {
    if (!loop.variable || loop.tripCount === undefined) continue;
    if (Math.abs(constantStride(raw, loop.variable) ?? 0) === 1 && loop.tripCount >= Math.abs(stride)) return true;
  }
  const form = effectiveIndex(access);
  if (!form) return false;
  const key = formToString({ terms: form.terms, constant: 0 });
  const m = Math.abs(stride);
  const residues = new Set<number>();
  for (const s of siblings) {
    const f = effectiveIndex(s);
    if (!f || formToString({ terms: f.terms, constant: 0 }) !== key) continue;
    residues.add(((f.constant % m) + m) % m);
  }
  return residues.size >= m;
}

/** A stride that is one kernel parameter times a constant (`x[i * incx]`) becomes a number when every
 *  launch in the file passes a constant for it: BLAS-style kernels called with `incx = 1` are coalesced. */
function boundStride(stride: AffineForm, model: ProgramModel, fn: FunctionInfo): AffineForm {
  if (stride.constant !== 0 || stride.terms.length !== 1 || stride.terms[0].vars.length !== 1) return stride;
  const index = fn.params.findIndex((p) => p.name === stride.terms[0].vars[0]);
  const launches = launchesOf(model, fn);
  if (index < 0 || launches.length === 0) return stride;
  const values = launches.map((l) => (l.args[index] ? evaluateText(l.args[index].text, { constants: model.constants, macros: model.macros }) : undefined));
  if (values.some((v) => v === undefined || !Number.isInteger(v))) return stride;
  const widest = Math.max(...values.map((v) => Math.abs(v as number)));
  return { terms: [], constant: stride.terms[0].coef * widest };
}

function describeStride(stride: AffineForm): string {
  return stride.terms.length === 0 ? `${stride.constant} elements` : `\`${formToString(stride)}\` elements`;
}

function check(ctx: RuleContext): Finding[] {
  return perDeviceCode(ctx, ID, (code) => checkFunction(ctx, code));
}

function checkFunction(ctx: RuleContext, code: DeviceCode): Finding[] {
  const findings: Finding[] = [];
  const gpu = ctx.gpu;
  const shapes = blockShapes(ctx.model, code.fn);
  // threadIdx.x never changes inside a warp when every launch has blockDim.x == 1.
  if (shapes.length > 0 && shapes.every((s) => s.x === 1)) return findings;
  const globals = code.body.accesses.filter((a) => a.space === 'global' && a.indices.length === 1 && !a.atomic);
  for (const access of globals) {
    if (underElection(access.guards, code.threadLocals, code.lanes)) continue;
    const form = effectiveIndex(access);
    if (!form) continue;
    const symbolic = strideAlong(form, 'threadIdx.x');
    const stride = symbolic && boundStride(symbolic, ctx.model, code.fn);
    if (!stride || (stride.terms.length === 0 && Math.abs(stride.constant) <= 1)) continue;
    const bytes = access.elementBytes ?? 4;
    const ideal = sectorsTouched(1, bytes);
    let sectors: number;
    if (stride.terms.length === 0) {
      if (gapsFilled(access, stride.constant, globals.filter((g) => rootArray(g) === rootArray(access)))) continue;
      sectors = sectorsTouched(stride.constant, bytes);
      if (sectors <= ideal) continue;
    } else {
      // A symbolic stride (a row length, a parameter) is large in practice: one sector per lane.
      sectors = sectorsTouched(SECTOR_BYTES, bytes);
    }
    const verb = access.isWrite && !access.isRead ? 'store' : access.isWrite ? 'read-modify-write' : 'load';
    const expr = textOf(ctx.text, access.range);
    const ratio = sectors / ideal;
    const ratioText = Number.isInteger(ratio) ? String(ratio) : ratio.toFixed(1);
    findings.push({
      ruleId: ID,
      file: access.file,
      range: access.range,
      severity: 'warning',
      message:
        `\`${expr}\`: neighbouring threads (threadIdx.x, threadIdx.x + 1) ${verb} addresses ${describeStride(stride)} apart, ` +
        `so one warp ${verb === 'store' ? 'writes' : 'touches'} ${stride.terms.length === 0 ? '' : 'up to '}${sectors} 32-byte sectors instead of ${ideal} ` +
        `(${ratioText}x the memory traffic: at most 1/${ratioText} of the ${gpu.memoryBandwidthGBps} GB/s of ${gpu.shortName} carries useful data). ` +
        'Make threadIdx.x the fastest-moving index of the address (unit stride), or stage the tile through shared memory.',
      data: { array: rootArray(access), stride: formToString(stride) },
    });
  }
  return findings;
}

export const rule: Rule = {
  id: ID,
  title: 'Uncoalesced global memory access',
  defaultSeverity: 'warning',
  category: 'memory',
  description: 'A global load or store whose address changes by more than one element between neighbouring threads of a warp.',
  check,
};
