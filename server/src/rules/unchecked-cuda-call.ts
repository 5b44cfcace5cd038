// unchecked-cuda-call: a CUDA runtime call whose cudaError_t is dropped, or a kernel launch whose launch
// error is never read (no cudaGetLastError/cudaPeekAtLastError after it before the next synchronisation).
// Errors are sticky and asynchronous: one unchecked failure makes every later result silently wrong and
// the report points at some unrelated later call. Quick fix: wrap in the file's existing check macro.
import type { LaunchSite, ProgramModel, RuntimeCall } from '../model/types';
import type { Finding, Fix, Rule, RuleContext } from './types';
import { checkMacro, lastErrorReaders } from './analysis/check-macro';
import { isBlockingSync } from './analysis/host-flow';
import { comparePositions, offsetAt, positionAt, statementEnd, textOf, withoutComments } from './analysis/source-text';
import { enclosingHostFunction } from './analysis/host-functions';

/** Runtime functions that do not return a cudaError_t, or whose result is routinely dropped on purpose
 *  (a bare cudaGetLastError() clears the sticky launch error). */
const NOT_ERRORS = /^(cudaGetErrorString|cudaGetErrorName|cudaCreateChannelDesc|cudaGetLastError|make_cuda\w*)$/;

interface FixData { kind: 'call' | 'launch'; macro?: string; insertAt?: number }

function check(ctx: RuleContext): Finding[] {
  const { model, text } = ctx;
  const code = withoutComments(text);
  const deviceSide = new Set([...model.kernels, ...model.deviceFunctions].map((f) => f.name));
  // A project's own `cudaCheck(...)` helper or macro is not a runtime call even if its name starts with cuda.
  const ownNames = new Set([...model.macros.keys(), ...model.hostFunctions.map((f) => f.name)]);
  const macro = checkMacro(model);
  const findings: Finding[] = [];
  for (const call of model.runtimeCalls) {
    if (call.file !== model.file || call.resultUsed || call.explicitlyDiscarded || call.wrappingMacro) continue;
    if (NOT_ERRORS.test(call.name) || !/^cuda[A-Z]/.test(call.name) || ownNames.has(call.name) || deviceSide.has(call.enclosingFunction ?? '')) continue;
    findings.push({
      ruleId: rule.id, file: call.file, range: call.range, severity: rule.defaultSeverity,
      message: `\`${call.name}\` returns a cudaError_t that is dropped: if it fails (or reports the fault of an earlier kernel), ` +
        `the program carries on with wrong data and the error surfaces later at an unrelated call. ${macro ? `Wrap it in ${macro}(...).` : 'Check the result against cudaSuccess.'}`,
      data: { kind: 'call', macro } satisfies FixData,
    });
  }
  const readers = lastErrorReaders(model, text);
  const readerPattern = new RegExp(`\\b(${readers.join('|')})\\b`);
  for (const launch of model.launches) {
    if (launch.file !== model.file || launch.wrappingMacro || deviceSide.has(launch.enclosingFunction ?? '')) continue;
    const end = offsetAt(text, launch.range.end);
    const window = checkWindow(model, text, code, launch);
    if (readerPattern.test(code.slice(end, window.end))) continue;
    if (!window.synced && launch.enclosingFunction && checkedByCallers(launch.enclosingFunction, model, text, code, readerPattern)) continue;
    const stmtEnd = statementEnd(code, end);
    const insertAt = stmtEnd !== undefined && !/^\s*else\b/.test(code.slice(stmtEnd)) ? stmtEnd : undefined;
    findings.push({
      ruleId: rule.id, file: launch.file, range: launch.range, severity: rule.defaultSeverity,
      message: `Launch of \`${launch.kernelName}\` is not followed by cudaGetLastError() or cudaPeekAtLastError() before the next synchronisation: ` +
        'a bad configuration (too many threads, too much shared memory) or a missing kernel image fails silently and the kernel simply never runs. ' +
        `Add ${macro ? `${macro}(cudaGetLastError());` : 'a cudaGetLastError() check'} after the launch.`,
      data: { kind: 'launch', macro, insertAt } satisfies FixData,
    });
  }
  return findings;
}

/** End of the text after a launch where reading the launch error still counts: up to the next blocking
 *  synchronisation in the same function and the statement right after it (`sync(); CHECK(cudaGetLastError());`
 *  still sees the launch error), else the end of the enclosing function (`synced` false). */
function checkWindow(model: ProgramModel, text: string, code: string, launch: LaunchSite): { end: number; synced: boolean } {
  const fn = enclosingHostFunction(model, launch.file, launch.range);
  const fnEnd = fn ? offsetAt(text, fn.range.end) : code.length;
  const next = blockingSyncs(model).get(`${launch.file}\0${launch.enclosingFunction}`)
    ?.find((c) => comparePositions(c.range.start, launch.range.end) >= 0);
  if (!next) return { end: fnEnd, synced: false };
  const syncEnd = statementEnd(code, offsetAt(text, next.range.end)) ?? fnEnd;
  return { end: Math.min(fnEnd, statementEnd(code, syncEnd) ?? fnEnd), synced: true };
}

const syncsByModel = new WeakMap<ProgramModel, Map<string, RuntimeCall[]>>();

/** Blocking synchronisations by file and enclosing function, in source order; built once per model (a
 *  filter over every runtime call per launch cost ~5 ms per keystroke on 855 launches). */
function blockingSyncs(model: ProgramModel): Map<string, RuntimeCall[]> {
  let byFunction = syncsByModel.get(model);
  if (!byFunction) {
    byFunction = new Map();
    for (const c of model.runtimeCalls) {
      if (!isBlockingSync(c)) continue;
      const key = `${c.file}\0${c.enclosingFunction}`;
      const list = byFunction.get(key);
      if (list) list.push(c);
      else byFunction.set(key, [c]);
    }
    for (const list of byFunction.values()) list.sort((a, b) => comparePositions(a.range.start, b.range.start));
    syncsByModel.set(model, byFunction);
  }
  return byFunction;
}

/** A launcher function (`void launch_add(...) { add<<<...>>>(...); }`) whose every call in this file is
 *  followed, in the same or the next statement, by a launch-error read. */
function checkedByCallers(name: string, model: ProgramModel, text: string, code: string, reader: RegExp): boolean {
  const fn = model.hostFunctions.find((f) => f.name === name && f.file === model.file);
  if (!fn) return false;
  const [start, end] = [offsetAt(text, fn.range.start), offsetAt(text, fn.range.end)];
  const sites = [...code.matchAll(new RegExp(`\\b${name}\\s*\\(`, 'g'))].map((m) => m.index ?? 0)
    .filter((i) => (i < start || i >= end) && !/\b(void|int|bool|float|double|auto|static|inline|cudaError_t)\s+$/.test(code.slice(Math.max(0, i - 20), i)));
  return sites.length > 0 && sites.every((i) => {
    const first = statementEnd(code, i);
    if (first === undefined) return false;
    return reader.test(code.slice(i, statementEnd(code, first) ?? first));
  });
}

function fix(finding: Finding, ctx: RuleContext): Fix[] {
  const data = finding.data as FixData | undefined;
  if (!data?.macro) return [];
  if (data.kind === 'call') {
    const call = textOf(ctx.text, finding.range);
    return [{
      title: `Wrap in ${data.macro}(...)`, kind: 'quickfix', isPreferred: true,
      edits: [{ file: finding.file, range: finding.range, newText: `${data.macro}(${call})` }],
    }];
  }
  if (data.insertAt === undefined) return [];
  const at = positionAt(ctx.text, data.insertAt);
  const line = ctx.text.split('\n')[at.line] ?? '';
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const restOfLine = line.slice(at.character);
  const newText = /^\s*(\/\/.*)?$/.test(restOfLine) ? `\n${indent}${data.macro}(cudaGetLastError());` : ` ${data.macro}(cudaGetLastError());`;
  return [{
    title: `Check the launch with ${data.macro}(cudaGetLastError())`, kind: 'quickfix', isPreferred: true,
    edits: [{ file: finding.file, range: { start: at, end: at }, newText }],
  }];
}

export const rule: Rule = {
  id: 'unchecked-cuda-call',
  title: 'Unchecked CUDA runtime call or launch',
  defaultSeverity: 'hint',
  category: 'host',
  description: 'A CUDA runtime call whose cudaError_t is dropped, or a kernel launch not followed by cudaGetLastError/cudaPeekAtLastError before the next synchronisation.',
  check,
  fix,
};

