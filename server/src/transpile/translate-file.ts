// Translates one CUDA source file (the main .cu or a local header) to C++: kernels are replaced by their
// lowered form, launches by calls of the runtime's launcher, CUDA-only qualifiers are removed, and includes
// of translated local headers point at the translated copies. Everything else is copied as written.
import type { LiteNode as SyntaxNode } from './lite-tree';
import { parseLite } from './lite-tree';
import { emitNode, walk, namedKids, declaratorName } from './emit-node';
import { KernelLowering, hasQualifier } from './kernel';
import { FuncDef, inlineSyncCalls, firstFunction } from './inline';
import { containsSync, calleeParts } from './sync-ops';
import { DiagSink, DIAG_IDS } from './diagnostics';
import { apiRow } from './api-table';
import { RUNTIME_HEADER_NAME } from './runtime/index';
import { reindent } from './indent';

const DROP_TOKENS = new Set(['__global__', '__device__', '__host__', '__noinline__', '__constant__', '__managed__',
  '__grid_constant__']);
const TLS_WORDS = /\b(threadIdx|this_thread_block|tiled_partition|thread_rank|coalesced_threads|meta_group_rank|this_grid|thread_index)\b/;

export interface ParsedFile {
  path: string;
  text: string;
  root: SyntaxNode;
}

/** Facts gathered over all files of a program before any of them is emitted. */
export interface ProgramFacts {
  funcs: FuncDef[];
  /** Device functions holding barriers or warp collectives (inlined into kernels). */
  syncFuncs: Map<string, FuncDef[]>;
  /** Functions that read threadIdx or cooperative-groups ranks (kernels calling them keep the TLS copies). */
  tlsFuncs: Set<string>;
  userFuncNames: Set<string>;
}

export function isKernel(fn: SyntaxNode): boolean {
  for (let i = 0; i < fn.childCount; i++) if (fn.child(i)!.type === '__global__') return true;
  return false;
}

/** Function definitions at namespace scope (not methods, not nested). */
export function collectFunctions(f: ParsedFile): FuncDef[] {
  const out: FuncDef[] = [];
  walk(f.root, (n) => {
    if (n.type === 'function_definition') {
      const d = n.childForFieldName('declarator');
      let fd: SyntaxNode | null = d;
      while (fd && fd.type !== 'function_declarator') fd = fd.childForFieldName('declarator');
      const nameNode = fd?.childForFieldName('declarator');
      if (nameNode && (nameNode.type === 'identifier' || nameNode.type === 'field_identifier')) {
        const tp = n.parent?.type === 'template_declaration' ? n.parent.childForFieldName('parameters') ?? undefined : undefined;
        out.push({ name: nameNode.text, node: n, src: f.text, templateParams: tp });
      }
      return false;
    }
    return !['class_specifier', 'struct_specifier', 'union_specifier'].includes(n.type);
  });
  return out;
}

export function programFacts(files: ParsedFile[]): ProgramFacts {
  const funcs = files.flatMap(collectFunctions);
  const calls = new Map<FuncDef, Set<string>>();
  for (const f of funcs) {
    const s = new Set<string>();
    walk(f.node, (n) => {
      if (n.type === 'call_expression') { const p = calleeParts(n); if (!p.object && !p.scope) s.add(p.name); }
      return true;
    });
    calls.set(f, s);
  }
  // Device functions with barriers or warp collectives, and warp-synchronous helpers taking volatile
  // pointers, are inlined into kernels so that loop fission sees their statements.
  const syncSet = new Set<FuncDef>(funcs.filter((f) => !isKernel(f.node) &&
    (containsSync(f.node.childForFieldName('body') ?? f.node) || volatileParams(f.node))));
  const tls = new Set<string>(funcs.filter((f) => TLS_WORDS.test(f.node.text)).map((f) => f.name));
  for (let changed = true; changed;) {
    changed = false;
    const names = new Set([...syncSet].map((f) => f.name));
    for (const f of funcs) {
      if (isKernel(f.node)) continue;
      const c = calls.get(f)!;
      if (!syncSet.has(f) && [...c].some((x) => names.has(x))) { syncSet.add(f); changed = true; }
      if (!tls.has(f.name) && [...c].some((x) => tls.has(x))) { tls.add(f.name); changed = true; }
    }
  }
  const syncFuncs = new Map<string, FuncDef[]>();
  for (const f of syncSet) {
    const l = syncFuncs.get(f.name) ?? [];
    l.push(f);
    syncFuncs.set(f.name, l);
  }
  return { funcs, syncFuncs, tlsFuncs: tls, userFuncNames: new Set(funcs.map((f) => f.name)) };
}

export interface FileTranslation { text: string; kernels: number }

export function translateFile(f: ParsedFile, facts: ProgramFacts, includeMap: Map<string, string>, diags: DiagSink,
                              prelude: string): FileTranslation {
  let kernels = 0;
  const unknownApis = new Set<string>();
  const override = (x: SyntaxNode): string | undefined => {
    switch (x.type) {
      case 'function_definition':
        if (isKernel(x)) { kernels++; return lowerKernel(x, f, facts, diags); }
        return undefined;
      case 'declaration':
        if (hasQualifier(x, '__shared__')) return sharedOutsideKernel(x, f.text);
        if (isKernel(x)) return emitNode(x, f.text, (y) => signatureOverride(y, f.text) ?? override(y));
        return undefined;
      case 'launch_bounds': return '';
      case 'call_expression':
        if (x.children.some((c) => c?.type === 'kernel_call_syntax')) return launch(x, f.text, override);
        noteApi(x);
        return undefined;
      case 'preproc_include': {
        const p = x.childForFieldName('path');
        if (p?.type === 'string_literal' || p?.type === 'system_lib_string') {
          const target = includeMap.get(p.text.slice(1, -1));
          if (target) return x.text.replace(p.text, JSON.stringify(target));
        }
        return undefined;
      }
      case 'preproc_call': {
        const m = /^#\s*pragma\s+unroll\b\s*(\S*)/.exec(x.text);
        if (!m) return undefined;
        return /^\d+$/.test(m[1]) ? `#pragma GCC unroll ${m[1]}\n` : '\n';
      }
      case '__forceinline__': return hasInline(x.parent) ? '' : 'inline';
      default:
        if (x.childCount === 0 && DROP_TOKENS.has(x.type)) return '';
        return undefined;
    }
  };
  const noteApi = (call: SyntaxNode): void => {
    const { name, object, scope } = calleeParts(call);
    if (object || scope || !/^cu(da|blas)?[A-Z]\w*$/.test(name)) return;
    if (facts.userFuncNames.has(name)) return;
    const row = apiRow(name);
    if (!row) {
      if (!unknownApis.has(name)) diags.add(DIAG_IDS.unknownApi, `${name} has no CPU mapping`, call, 'error');
      unknownApis.add(name);
    } else if (row.status === 'unsupported') {
      diags.add(DIAG_IDS.unsupportedApi, `${name} is not supported on the CPU: ${row.cpu}`, call, 'warning');
    }
  };
  let text = emitNode(f.root, f.text, override);
  const errors = [...unknownApis].map((n) => `#error "cuda-lens [${DIAG_IDS.unknownApi}]: ${n} has no CPU mapping"\n`).join('');
  text = `${prelude}#include "${RUNTIME_HEADER_NAME}"\n${errors}${text}`;
  return { text, kernels };
}

function hasInline(p: SyntaxNode | null): boolean {
  if (!p) return false;
  for (let i = 0; i < p.childCount; i++) {
    const c = p.child(i)!;
    if (c.type === 'storage_class_specifier' && c.text === 'inline') return true;
  }
  return false;
}

/** Kernel declarations and definitions take the launch configuration as leading parameters. */
function signatureOverride(y: SyntaxNode, src: string, inner?: (n: SyntaxNode) => string | undefined): string | undefined {
  if (y.type === 'parameter_list' && y.parent?.type === 'function_declarator') {
    const params = emitNode(y, src, (z) => inner?.(z) ?? dropToken(z)).trim().slice(1, -1).trim();
    const rest = params && params !== 'void' ? `, ${params}` : '';
    return `(dim3 gridDim, dim3 blockDim, size_t __cl_shmem${rest})`;
  }
  return dropToken(y);
}

function dropToken(y: SyntaxNode): string | undefined {
  if (y.childCount === 0 && DROP_TOKENS.has(y.type)) return '';
  if (y.type === 'launch_bounds') return '';
  if (y.type === '__forceinline__') return 'inline';
  return undefined;
}

function lowerKernel(node: SyntaxNode, f: ParsedFile, facts: ProgramFacts, diags: DiagSink): string {
  const original = f.text.slice(node.startIndex, node.endIndex);
  const callsSync = [...facts.syncFuncs.keys()].some((n) => new RegExp(`\\b${n}\\b`).test(original));
  const text = callsSync ? inlineSyncCalls(original, facts.syncFuncs, diags, node.startPosition.row) : original;
  const tree = text !== original ? parseLite(text) : undefined;
  const fn = tree ? firstFunction(tree)! : node;
  const src = tree ? text : f.text;
  const lineOffset = tree ? node.startPosition.row : 0;
  let needsTls = TLS_WORDS.test(text.replace(/\bthreadIdx\b/g, ''));
  walk(fn, (n) => {
    if (n.type === 'call_expression') {
      const p = calleeParts(n);
      if (!p.object && !p.scope && facts.tlsFuncs.has(p.name)) needsTls = true;
    }
    return !needsTls;
  });
  const lowering = new KernelLowering(fn, src, diags, { needsThreadTls: needsTls }, lineOffset);
  const lowered = lowering.lower();
  const body = fn.childForFieldName('body')!;
  const out = emitNode(fn, src, (y) => {
    if (y.id === body.id) return reindent(lowered.text).replace(/\n+$/, '');
    return signatureOverride(y, src, (z) => lowering.headerOverride(z));
  });
  return out;
}

/** __shared__ in device functions: per block, i.e. per OS thread while the block runs. */
function sharedOutsideKernel(x: SyntaxNode, src: string): string {
  if (/\bextern\b/.test(x.text.slice(0, 40))) {
    let spec = '';
    for (let i = 0; i < x.childCount; i++) {
      const c = x.child(i)!;
      if (x.fieldNameForChild(i) === 'declarator') break;
      if (c.type === 'storage_class_specifier' || (c.type === 'type_qualifier' && c.text === '__shared__')) continue;
      spec += c.text + ' ';
    }
    spec = spec.replace(/__align__\s*\([^)]*\)/g, '').trim();
    return x.childrenForFieldName('declarator').filter((c): c is SyntaxNode => !!c).map((dc) => {
      const name = declaratorName(dc)?.text ?? 'smem';
      return `${spec}* ${name} = reinterpret_cast<${spec}*>(__cl::dynamic_shared());`;
    }).join('\n');
  }
  return emitNode(x, src, (y) => (y.type === 'type_qualifier' && y.text === '__shared__' ? 'static thread_local' : dropToken(y)));
}

function launch(x: SyntaxNode, src: string, override: (n: SyntaxNode) => string | undefined): string {
  const fnNode = x.childForFieldName('function')!;
  const ks = x.children.find((c) => c?.type === 'kernel_call_syntax')!;
  const cfg = namedKids(ks).map((c) => emitNode(c, src, override));
  const args = x.childForFieldName('arguments');
  const argText = args ? emitNode(args, src, override).trim().slice(1, -1).trim() : '';
  const fn = emitNode(fnNode, src, override);
  const [grid, block, shmem = '0', stream = '0'] = cfg;
  return `__cl::launch("${fnNode.text.replace(/\s+/g, '').replace(/"/g, "'")}", dim3(${grid}), dim3(${block}), ` +
    `(size_t)(${shmem}), (cudaStream_t)(${stream}), [=](dim3 __cl_g, dim3 __cl_b, size_t __cl_s) { ` +
    `${fn}(__cl_g, __cl_b, __cl_s${argText ? ', ' + argText : ''}); })`;
}

function volatileParams(fn: SyntaxNode): boolean {
  let d: SyntaxNode | null = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  const params = d?.childForFieldName('parameters');
  return !!params && /\bvolatile\b/.test(params.text);
}
