// Evaluates a condition lane by lane: which lanes of the first warps of a block take it. Locals defined
// once (`int lane = threadIdx.x % 32;`) are expanded into their definitions, thread indices come from the
// launch's block shape (lanes run along x, then y, then z), and everything else must be a constant; a
// condition that depends on data gives no answer. Warp divergence and election guards both ask this.
import type { SyntaxNode } from '../../parse/grammar';
import { evaluateText } from '../../model/evaluate';
import type { FunctionInfo, ProgramModel } from '../../model/types';
import { blockShapes } from './launches';
import { functionNode, walk } from './syntax-cache';
import { laneCoordinates, type BlockShape } from './thread-stride';

/** Warps of a block evaluated: enough to tell a split in every warp from a split in the first one only. */
export const WARPS_CHECKED = 4;

/** Locals defined once (`int lane = threadIdx.x % 32;`) with their definitions' text. */
export function singleDefinitions(body: SyntaxNode): Map<string, string> {
  const defs = new Map<string, string>();
  const reassigned = new Set<string>();
  walk(body, (n) => {
    if (n.type === 'init_declarator') {
      const name = n.childForFieldName('declarator');
      const value = n.childForFieldName('value');
      if (name?.type === 'identifier' && value) {
        if (defs.has(name.text)) reassigned.add(name.text);
        defs.set(name.text, value.text);
      }
    } else if (n.type === 'assignment_expression' || n.type === 'update_expression') {
      const target = n.childForFieldName(n.type === 'assignment_expression' ? 'left' : 'argument');
      if (target?.type === 'identifier') reassigned.add(target.text);
    }
  });
  for (const r of reassigned) defs.delete(r);
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
  const text = expand(cond, defs);
  const out: number[] = [];
  for (let w = 0; w < warps; w++) {
    let taken = 0;
    for (let lane = 0; lane < 32; lane++) {
      const c = laneCoordinates(s, w, lane);
      let t = text.replace(/\bthreadIdx\s*\.\s*([xyz])\b/g, (_, d: 'x' | 'y' | 'z') => `(${c[d]})`)
        .replace(/\bblockIdx\s*\.\s*[xyz]\b/g, '(0)').replace(/\btrue\b/g, '1').replace(/\bfalse\b/g, '0')
        .replace(/\(\s*(?:unsigned\s+int|unsigned|int|long)\s*\)|\bstatic_cast\s*<\s*[\w\s]+>/g, '').replace(/\bwarpSize\b/g, '32');
      if (shape) t = t.replace(/\bblockDim\s*\.\s*([xyz])\b/g, (_, d: 'x' | 'y' | 'z') => `(${shape[d]})`);
      const v = evaluateText(t, { constants });
      if (v === undefined) return undefined;
      if (v !== 0) taken++;
    }
    out.push(taken);
  }
  return out;
}

export type LaneCounter = (condition: string) => number[] | undefined;

/** A lane evaluator for one function of the checked file (kernels use their launch's block shape). */
export function laneCounter(model: ProgramModel, text: string, fn: FunctionInfo): LaneCounter {
  const body = functionNode(model, text, fn)?.childForFieldName('body');
  const defs = body ? singleDefinitions(body) : new Map<string, string>();
  const shape = fn.kind === 'kernel' ? blockShapes(model, fn)[0] : undefined;
  return (condition) => laneSplit(condition, defs, shape, model.constants);
}
