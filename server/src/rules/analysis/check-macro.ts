// Finding how a file checks CUDA errors: its check macro (`CHECK(call)`, `CUDA_CHECK(call)`, helper_cuda's
// `checkCudaErrors(call)`) for "wrap in the file's check macro", and which names read the last launch
// error (cudaGetLastError, cudaPeekAtLastError, or a macro or helper built on them).
import type { ProgramModel } from '../../model/types';

const LAST_ERROR = /\b(cudaGetLastError|cudaPeekAtLastError)\b/;
/** Well-known helpers from the CUDA samples' helper_cuda.h that call cudaGetLastError. */
const KNOWN_LAST_ERROR_HELPERS = ['getLastCudaError', 'printLastCudaError'];

/** The file's one-argument error-check macro, preferring the one its runtime calls already use. */
export function checkMacro(model: ProgramModel): string | undefined {
  const uses = new Map<string, number>();
  for (const c of model.runtimeCalls) if (c.wrappingMacro) uses.set(c.wrappingMacro, (uses.get(c.wrappingMacro) ?? 0) + 1);
  const defined = [...model.macros].filter(([, m]) => m.params?.length === 1 && /cudaSuccess|cudaError|cudaGetErrorString/.test(m.body)).map(([n]) => n);
  const used = [...uses].sort((a, b) => b[1] - a[1]).map(([n]) => n);
  // A macro used around runtime calls but defined in a header we did not follow (helper_cuda.h) still counts.
  return used.find((n) => defined.includes(n)) ?? defined[0] ?? used.find((n) => /check|cuda|err|safe/i.test(n));
}

/** Names whose appearance after a launch reads its launch error. */
export function lastErrorReaders(model: ProgramModel, text: string): string[] {
  const names = ['cudaGetLastError', 'cudaPeekAtLastError', ...KNOWN_LAST_ERROR_HELPERS];
  for (const [name, m] of model.macros) if (LAST_ERROR.test(m.body)) names.push(name);
  const lines = text.split('\n');
  for (const f of model.hostFunctions) {
    if (!f.bodyRange || f.file !== model.file) continue;
    const body = lines.slice(f.bodyRange.start.line, f.bodyRange.end.line + 1).join('\n');
    if (LAST_ERROR.test(body)) names.push(f.name);
  }
  return names;
}
