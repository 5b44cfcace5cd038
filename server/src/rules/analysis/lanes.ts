// Evaluates a condition lane by lane: which lanes of the first warps of a block take it. Locals defined
// once (`int lane = threadIdx.x % 32;`) are expanded into their definitions, thread indices come from the
// launch's block shape (lanes run along x, then y, then z), and everything else must be a constant; a
// condition that depends on data gives no answer. Warp divergence and election guards both ask this.
import { evaluateText } from '../../model/evaluate';
import type { FunctionInfo, ProgramModel } from '../../model/types';
import { blockShapes } from './launches';
import { textOf } from './syntax-cache';
import { laneCoordinates, type BlockShape } from './thread-stride';

/** Warps of a block evaluated: enough to tell a split in every warp from a split in the first one only. */
export const WARPS_CHECKED = 4;

/** Integer locals defined once (`int lane = threadIdx.x % 32;`) with their definitions' text, read from the
 *  function's text: a regular expression over one body is much cheaper than walking its syntax tree, and
 *  a name assigned again anywhere is dropped. */
export function singleDefinitions(bodyText: string): Map<string, string> {
  const defs = new Map<string, string>();
  const DECL = /\b(?:const\s+|unsigned\s+|signed\s+)*(?:int|unsigned|long|short|size_t|auto|uint32_t|int32_t|uint64_t|int64_t)\s+([A-Za-z_]\w*)\s*=\s*([^;]+);/g;
  for (const m of bodyText.matchAll(DECL)) {
    // `int a = x, b = y;` and other declarator lists are left out rather than split.
    if (/,(?![^(]*\))/.test(m[2])) continue;
    const name = m[1];
    const writes = bodyText.match(new RegExp(`\\b${name}\\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|(?:\\+\\+|--)\\s*${name}\\b|\\b${name}\\s*(?:\\+\\+|--)`, 'g'));
    if (defs.has(name) || (writes?.length ?? 0) > 1) defs.set(name, '\0');
    else defs.set(name, m[2].trim());
  }
  for (const [k, v] of defs) if (v === '\0') defs.delete(k);
  return defs;
}

function expand(text: string, defs: Map<string, string>, depth = 0): string {
  if (depth > 6) return text;
  return text.replace(/\b[A-Za-z_]\w*\b(?!\s*\()/g, (id) => (defs.has(id) ? `(${expand(defs.get(id) as string, defs, depth + 1)})` : id));
}

/** Lanes (of 32) that take the condition in each warp checked; undefined when it cannot be evaluated. */
export function laneSplit(cond: string, defs: Map<string, string>, shape: BlockShape | undefined, constants: Map<string, number>): number[] | undefined {
  const s = shape ?? { x: WARPS_CHECKED * 32, y: 1, z: 1 };
  const warps = Math.min(WARPS_CHECKED, Math.ceil((s.x * s.y * s.z) / 32));
  // Rewrite once: thread indices become names bound per lane, everything else per block is a number.
  let text = expand(cond, defs).replace(/\bthreadIdx\s*\.\s*([xyz])\b/g, (_, d: string) => `__lane_${d}`)
    .replace(/\bblockIdx\s*\.\s*[xyz]\b/g, '(0)').replace(/\btrue\b/g, '1').replace(/\bfalse\b/g, '0')
    .replace(/\(\s*(?:unsigned\s+int|unsigned|int|long)\s*\)|\bstatic_cast\s*<\s*[\w\s]+>/g, '').replace(/\bwarpSize\b/g, '32');
  if (shape) text = text.replace(/\bblockDim\s*\.\s*([xyz])\b/g, (_, d: 'x' | 'y' | 'z') => `(${shape[d]})`);
  const env = { constants: new Map(constants) };
  const out: number[] = [];
  for (let w = 0; w < warps; w++) {
    let taken = 0;
    for (let lane = 0; lane < 32; lane++) {
      const c = laneCoordinates(s, w, lane);
      env.constants.set('__lane_x', c.x).set('__lane_y', c.y).set('__lane_z', c.z);
      const v = evaluateText(text, env);
      if (v === undefined) return undefined;
      if (v !== 0) taken++;
    }
    out.push(taken);
  }
  return out;
}

export interface LaneCounter {
  /** Lanes taking the condition in each warp checked (memoised per condition text). */
  (condition: string): number[] | undefined;
  /** Whether an equality condition admits at most one lane per warp. Conditions on threadIdx.x alone
   *  (`tid == 0`, `lane == 0` with `lane = threadIdx.x & 31`) do without evaluation; ones that may be
   *  uniform per warp (threadIdx.y/z, a warp index from `/` or `>>`) are evaluated lane by lane. */
  elects(condition: string): boolean;
}

/** A lane evaluator for one function of the checked file (kernels use their launch's block shape). */
export function laneCounter(model: ProgramModel, text: string, fn: FunctionInfo): LaneCounter {
  const defs = singleDefinitions(fn.bodyRange ? textOf(text, fn.bodyRange) : '');
  const shape = fn.kind === 'kernel' ? blockShapes(model, fn)[0] : undefined;
  // Many accesses share a guard: evaluate each condition text once.
  const memo = new Map<string, number[] | undefined>();
  const counts = (condition: string) => {
    if (!memo.has(condition)) memo.set(condition, laneSplit(condition, defs, shape, model.constants));
    return memo.get(condition);
  };
  const elects = (condition: string) => {
    if (!/threadIdx\s*\.\s*[yz]|\/|>>|blockDim/.test(expand(condition, defs))) return true;
    const c = counts(condition);
    return c ? Math.max(...c) <= 1 : true;
  };
  return Object.assign(counts, { elects });
}
