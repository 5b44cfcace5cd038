// Public entry points of the CUDA -> C++/OpenMP translator, used by the CLI (`cuda-lens transpile`), the
// editor preview and the rewrite verifier. A translation is the main C++ file plus extra files to write
// beside it: the runtime header, stand-ins for CUDA headers and translated local headers.
import * as fs from 'fs';
import * as path from 'path';
import { loadCudaLanguage } from '../parse/grammar';
import { parseLite } from './lite-tree';
import { DiagSink } from './diagnostics';
import type { TranspileDiagnostic } from './diagnostics';
import { ParsedFile, programFacts, translateFile } from './translate-file';
import { RUNTIME_HEADER_NAME, runtimeHeader, standInHeaders } from './runtime/index';

export type { TranspileDiagnostic } from './diagnostics';
export { API_TABLE } from './api-table';
export { writeTranslation } from './write';

export interface TranspiledFile { name: string; content: string }
export interface TranspileOutput { main: TranspiledFile; extra: TranspiledFile[]; diagnostics: TranspileDiagnostic[] }
export interface TranspileOptions { profile?: boolean; outName?: string; readFile?: (absPath: string) => string | undefined }

// Quoted includes, and angle includes that name a file beside the including one (helper headers that
// samples include as <helper_cuda.h> with -I pointing at them).
const INCLUDE_RE = /^[ \t]*#[ \t]*include[ \t]*["<]([^">]+)[">]/gm;
const MAX_HEADERS = 200;

function defaultRead(p: string): string | undefined {
  try { return fs.readFileSync(p, 'utf8'); } catch { return undefined; }
}

/** Translates CUDA source text; filePath locates its local includes. */
export async function transpileText(text: string, filePath: string, opts: TranspileOptions = {}): Promise<TranspileOutput> {
  await loadCudaLanguage();
  const read = opts.readFile ?? defaultRead;
  const mainAbs = path.resolve(filePath);
  const outName = opts.outName ?? path.basename(filePath).replace(/\.(cu|cuh|cpp|cc)$/i, '') + '.cpp';

  // Local headers reachable through quoted includes, each translated and written under a flat name.
  const files: { abs: string; text: string }[] = [{ abs: mainAbs, text }];
  const outNames = new Map<string, string>([[mainAbs, outName]]);
  const taken = new Set<string>([outName, RUNTIME_HEADER_NAME, ...standInHeaders().keys()]);
  const includeMaps = new Map<string, Map<string, string>>();
  for (let i = 0; i < files.length && files.length < MAX_HEADERS; i++) {
    const f = files[i];
    const map = new Map<string, string>();
    includeMaps.set(f.abs, map);
    for (const m of f.text.matchAll(INCLUDE_RE)) {
      const inc = m[1];
      if (standInHeaders().has(inc)) continue;
      const cands = [path.resolve(path.dirname(f.abs), inc), path.resolve(path.dirname(mainAbs), inc)];
      let abs: string | undefined;
      let content: string | undefined;
      for (const c of cands) {
        if (outNames.has(c)) { abs = c; break; }
        content = read(c);
        if (content !== undefined) { abs = c; break; }
      }
      if (!abs) continue;
      if (!outNames.has(abs)) {
        let name = path.basename(abs);
        for (let k = 2; taken.has(name); k++) name = `${path.basename(abs, path.extname(abs))}_${k}${path.extname(abs)}`;
        taken.add(name);
        outNames.set(abs, name);
        files.push({ abs, text: content! });
      }
      map.set(inc, outNames.get(abs)!);
    }
  }

  const diagnostics: TranspileDiagnostic[] = [];
  const parsed: ParsedFile[] = files.map((f) => ({ path: f.abs, text: f.text, root: parseLite(f.text) }));
  const facts = programFacts(parsed);
  const outputs: TranspiledFile[] = [];
  for (const p of parsed) {
    const sink = new DiagSink(p.path);
    const prelude = p.path === mainAbs
      ? `// Translated from ${path.basename(p.path)} by cuda-lens transpile: CUDA kernels as OpenMP loops.\n` +
        (opts.profile ? '#define CUDA_LENS_PROFILE 1\n' : '')
      : `// Translated from ${path.basename(p.path)} by cuda-lens transpile.\n`;
    const t = translateFile(p, facts, includeMaps.get(p.path) ?? new Map(), sink, prelude);
    outputs.push({ name: outNames.get(p.path)!, content: t.text });
    diagnostics.push(...sink.list);
  }
  const extra: TranspiledFile[] = [{ name: RUNTIME_HEADER_NAME, content: runtimeHeader() }];
  for (const [name, content] of standInHeaders()) extra.push({ name, content });
  extra.push(...outputs.slice(1));
  return { main: outputs[0], extra, diagnostics };
}

export async function transpileFile(filePath: string, opts: TranspileOptions = {}): Promise<TranspileOutput> {
  const read = opts.readFile ?? defaultRead;
  const text = read(path.resolve(filePath));
  if (text === undefined) throw new Error(`cannot read ${filePath}`);
  return transpileText(text, filePath, opts);
}
