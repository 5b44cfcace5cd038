// The host function around a launch or call: rules ask it for every launch, and a scan of every host function
// per launch grew with the square of the file (855 launches x 286 functions cost a few ms per keystroke).
// Host functions of one file do not nest, so a binary search over their starts finds the only candidate;
// half-typed code can produce nested ranges (a truncated function recovered from an ERROR node and the
// functions inside it), and then the plain scan, which returns the first in model order, is kept.
import type { FunctionInfo, ProgramModel, Range } from '../../model/types';
import { comparePositions, contains } from './source-text';

interface Index { byFile: Map<string, FunctionInfo[]>; nested: boolean }

const indexes = new WeakMap<ProgramModel, Index>();

function indexOf(model: ProgramModel): Index {
  let index = indexes.get(model);
  if (index) return index;
  const byFile = new Map<string, FunctionInfo[]>();
  for (const f of model.hostFunctions) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  let nested = false;
  for (const list of byFile.values()) {
    list.sort((a, b) => comparePositions(a.range.start, b.range.start));
    for (let i = 1; i < list.length; i++) if (comparePositions(list[i].range.start, list[i - 1].range.end) < 0) nested = true;
  }
  index = { byFile, nested };
  indexes.set(model, index);
  return index;
}

/** The host function of `file` whose range contains `range` (the first in model order if several do). */
export function enclosingHostFunction(model: ProgramModel, file: string, range: Range): FunctionInfo | undefined {
  const index = indexOf(model);
  if (index.nested) return model.hostFunctions.find((f) => f.file === file && contains(f.range, range));
  const list = index.byFile.get(file) ?? [];
  // Last function starting at or before the range.
  let lo = 0;
  let hi = list.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (comparePositions(list[mid].range.start, range.start) <= 0) {
      at = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return at >= 0 && contains(list[at].range, range) ? list[at] : undefined;
}
