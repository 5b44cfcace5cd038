// Walks host code (and any device code that launches kernels) for kernel launches, CUDA runtime and
// library calls and cuBLAS GEMMs, with the host loops around each. Launch configurations are resolved
// through the function's constants: `const` and never-reassigned locals, `dim3` declarations, file-scope
// constants and macros.
import { parseText, type SyntaxNode, type SyntaxTree } from '../parse/grammar';
import type { Dim3, GemmCall, HostLoop, Kernel, LauncherCall, LaunchSite, Range, RuntimeCall } from './types';
import { evaluateText, typeBytes, type EvalEnv, type MacroDef } from './evaluate';
import { gemmSignature, dtypeFrom, isLtMatmul, LT_MATMUL } from './cublas';
import { readForHeader, tripCount } from './loops';
import { calleeName, callArguments, childrenOf, declaratorName, declaratorsOf, namedChildrenOf, rangeOf, shortText, unparen, typeOf, typeOfMaybe, textOf, textOfMaybe, lengthOf, fieldOf } from './syntax';

/** A call of a function of this file that launches kernels, with its arguments' values where constant. */
/** A launcher call with the constant value of each argument (undefined where not constant), which the
 *  builder uses to bind the launcher's parameters. */
export interface CallSite extends LauncherCall { args: (number | undefined)[] }

export interface HostResults {
  launches: LaunchSite[];
  runtimeCalls: RuntimeCall[];
  gemmCalls: GemmCall[];
  callSites: CallSite[];
}

export interface HostScope {
  file: string;
  env: EvalEnv;
  /** Kernels by name (this file and followed headers, then the workspace index). */
  findKernel: (name: string, argCount: number) => Kernel | undefined;
  /** The file enables TF32 tensor-op math (cublasSetMathMode(..., CUBLAS_TF32_TENSOR_OP_MATH)). */
  tf32Math: boolean;
  /** Host functions of this file that launch kernels: calls to them are recorded as call sites. */
  launchers: Set<string>;
}

/** Error-check wrappers that are functions or camelCase macros in common CUDA code (helper_cuda.h,
 *  Stack Overflow's gpuErrchk, llm.c's cudaCheck). ALL_CAPS names and function-like macros of the file count too. */
const KNOWN_CHECKERS = new Set(['checkCudaErrors', 'gpuErrchk', 'cudaCheck', 'cudaCheckError', 'cudaErrCheck', 'cublasCheck', 'checkCublasErrors', 'check_cuda', 'cuda_check']);

const RUNTIME_NAME = /^(cuda|cublas|cusparse|cusolver(Dn|Sp)?|cufft|curand|cudnn|nccl|cu)[A-Z]\w*$/;

/** A subtree without a launch or a CUDA/cuBLAS call name records nothing: skip it without creating its nodes. */
const MAY_RECORD = /<<<|\bcu[A-Z]|\bcu[a-z]+[A-Z]/;
const WORD = /[A-Za-z_]\w*/g;

/** Largest function walked by the host walker in statements deep; deeper nests are garbage. */
const MAX_DEPTH = 200;

interface LtLayout { dtype?: string; rows?: number; cols?: number }

class HostWalker {
  private constants: Map<string, number>;
  private readonly dims = new Map<string, Dim3>();
  /** Enclosing loops; replaced, never mutated, when a loop is entered, so launches and calls share it. */
  private loops: HostLoop[] = [];
  private depth = 0;
  /** Text of the function being walked, for the mutation check. */
  private fnText = '';
  private readonly mutatedCache = new Map<string, boolean>();
  private readonly ltLayouts = new Map<string, LtLayout>();
  private readonly ltCompute = new Map<string, string>();
  private readonly pendingLt: { call: GemmCall; args: string[] }[] = [];

  private out: HostResults = { launches: [], runtimeCalls: [], gemmCalls: [], callSites: [] };

  /** Names of function-like macros whose bodies launch kernels, as a word pattern for the prefilter. */
  private readonly launchMacros: RegExp | undefined;

  constructor(private readonly scope: HostScope) {
    this.constants = new Map(scope.env.constants);
    const names = [...(scope.env.macros ?? [])].filter(([, m]) => m.params && m.body.includes('<<<')).map(([n]) => n);
    this.launchMacros = names.length ? new RegExp(`\\b(${names.join('|')})\\s*\\(`) : undefined;
  }

  private mayRecord(text: string): boolean {
    if (MAY_RECORD.test(text) || (!!this.launchMacros && this.launchMacros.test(text))) return true;
    if (this.scope.launchers.size === 0) return false;
    for (const m of text.matchAll(WORD)) if (this.scope.launchers.has(m[0])) return true;
    return false;
  }

  private env(): EvalEnv {
    return { constants: this.constants, macros: this.scope.env.macros };
  }

  /** While expanding a macro invocation, everything found inside it is placed on the invocation. */
  private at: Range | undefined;
  private macroDepth = 0;
  private macroName: string | undefined;

  private rangeOf(node: SyntaxNode): Range {
    return this.at ?? rangeOf(node);
  }

  private isMutated(name: string): boolean {
    let m = this.mutatedCache.get(name);
    if (m === undefined) {
      m = isMutatedIn(this.fnText, name);
      this.mutatedCache.set(name, m);
    }
    return m;
  }

  private value(node: SyntaxNode | null | undefined): number | undefined {
    if (!node || lengthOf(node) > 500) return undefined;
    return evaluateText(node.text, this.env());
  }

  /** Walks one function body with fresh local state; what it finds goes to `out`. `bindings` gives values
   *  to parameters that every call site in the file passes the same constant for. */
  walkFunction(body: SyntaxNode, name: string | undefined, paramNames: string[], out: HostResults, bindings?: Map<string, number>): void {
    this.out = out;
    this.constants = new Map(this.scope.env.constants);
    for (const p of paramNames) this.constants.delete(p);
    for (const [p, v] of bindings ?? []) this.constants.set(p, v);
    this.dims.clear();
    this.loops = [];
    this.fnText = textOf(body);
    this.mutatedCache.clear();
    this.walk(body, name);
  }

  private walk(node: SyntaxNode, fn: string | undefined): void {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return;
    }
    try {
      this.visit(node, fn);
    } finally {
      this.depth--;
    }
  }

  private walkChildren(node: SyntaxNode, fn: string | undefined): void {
    for (const c of namedChildrenOf(node)) this.walk(c, fn);
  }

  private visit(node: SyntaxNode, fn: string | undefined): void {
    const type = typeOf(node);
    if (type === 'declaration') {
      this.declaration(node);
      if (this.mayRecord(textOf(node))) this.walkChildren(node, fn);
      return;
    }
    if (type === 'assignment_expression' || type === 'expression_statement') {
      // `grid.x = n;` must be seen even though it records nothing itself.
      if (!this.mayRecord(textOf(node)) && !/^\s*\w+\s*\.\s*[xyz]\s*=/.test(textOf(node))) return;
    } else if (!this.mayRecord(textOf(node))) return;
    switch (type) {
      case 'for_statement':
      case 'while_statement':
      case 'do_statement':
      case 'for_range_loop':
        return this.loop(node, fn);
      case 'call_expression':
        this.call(node, fn);
        return this.walkChildren(node, fn);
      case 'assignment_expression': {
        // `grid.x = blocks;` updates a dim3 in statement order.
        const left = fieldOf(node, 'left');
        if ((!!left && typeOf(left) === 'field_expression')) {
          const base = fieldOf(left, 'argument');
          const field = textOfMaybe(fieldOf(left, 'field'));
          const d = base ? this.dims.get(textOf(base)) : undefined;
          if (d && (field === 'x' || field === 'y' || field === 'z')) {
            const v = typeOfMaybe(fieldOf(node, 'operator')) === '=' ? this.value(fieldOf(node, 'right')) : undefined;
            d[field] = v;
            d.total = d.x !== undefined && d.y !== undefined && d.z !== undefined ? d.x * d.y * d.z : undefined;
          }
        }
        return this.walkChildren(node, fn);
      }
      case 'function_definition':
        // Local classes' methods are walked as their own functions by the model builder.
        return;
      default:
        return this.walkChildren(node, fn);
    }
  }

  private declaration(node: SyntaxNode): void {
    const typeText = textOfMaybe(fieldOf(node, 'type')) ?? '';
    const isDim3 = /^(const\s+)?dim3$/.test(typeText);
    const isConst = /\b(const|constexpr)\b/.test(textOf(node).slice(0, 40)) && !typeText.includes('*');
    for (const d of declaratorsOf(node)) {
      const name = declaratorName(d)?.text;
      if (!name) continue;
      if (isDim3) {
        this.dims.set(name, this.dim3Declaration(d));
        continue;
      }
      if (typeOf(d) !== 'init_declarator' || (!isConst && this.isMutated(name))) {
        this.constants.delete(name);
        continue;
      }
      const v = this.value(fieldOf(d, 'value'));
      if (v !== undefined) this.constants.set(name, v);
      else this.constants.delete(name);
    }
  }

  /** `dim3 b(16, 16)`, `dim3 g = dim3(x, y)`, `dim3 h{16, 16}`, `dim3 b = 256`, `dim3 d;` (1, 1, 1). */
  private dim3Declaration(d: SyntaxNode): Dim3 {
    if (typeOf(d) === 'function_declarator') {
      // `dim3 block(TILE, TILE);` parses as a function declaration (C++'s most vexing parse) when the
      // arguments are bare identifiers: the "parameter types" are the component expressions.
      const params = fieldOf(d, 'parameters');
      return makeDim3(shortText(d), this.components(params ? namedChildrenOf(params) : []));
    }
    if (typeOf(d) !== 'init_declarator') return makeDim3(d.text, [1, 1, 1]);
    const value = fieldOf(d, 'value');
    if (!value) return makeDim3(d.text, [1, 1, 1]);
    const v = unparen(value);
    if (typeOf(v) === 'argument_list' || typeOf(v) === 'initializer_list') return makeDim3(shortText(value), this.components(namedChildrenOf(v)));
    return { ...this.dim3Of(value), text: shortText(d) };
  }

  private components(parts: SyntaxNode[]): (number | undefined)[] {
    const values = parts.filter((p) => typeOf(p) !== 'comment').map((p) => this.value(p));
    while (values.length < 3) values.push(1);
    return values.slice(0, 3);
  }

  private dim3Of(node: SyntaxNode): Dim3 {
    const text = shortText(node);
    const n = unparen(node);
    if (typeOf(n) === 'identifier' && this.dims.has(textOf(n))) return { ...(this.dims.get(textOf(n)) as Dim3), text };
    if (typeOf(n) === 'call_expression' && calleeName(n) === 'dim3') return makeDim3(text, this.components(callArguments(n)));
    if (typeOf(n) === 'initializer_list' || typeOf(n) === 'compound_literal_expression') {
      const list = typeOf(n) === 'initializer_list' ? n : fieldOf(n, 'value');
      if (list) return makeDim3(text, this.components(namedChildrenOf(list)));
    }
    return makeDim3(text, [this.value(node), 1, 1]);
  }

  private loop(node: SyntaxNode, fn: string | undefined): void {
    const kind: HostLoop['kind'] = typeOf(node) === 'for_statement' ? 'for' : typeOf(node) === 'while_statement' ? 'while' : typeOf(node) === 'do_statement' ? 'do' : 'range-for';
    const body = fieldOf(node, 'body');
    const loop: HostLoop = {
      file: this.scope.file,
      range: this.rangeOf(node),
      kind,
      headerRange: body?.previousSibling ? { start: this.rangeOf(node).start, end: this.rangeOf(body.previousSibling).end } : this.rangeOf(node),
    };
    if (kind === 'for') {
      const h = readForHeader(node);
      if (h.variable) loop.variable = h.variable;
      const start = this.value(h.init);
      const bound = this.value(h.bound);
      const step = h.step ? this.value(h.step) : 1;
      if (start !== undefined && bound !== undefined && step !== undefined && h.compare && h.stepOp) {
        const t = tripCount(start, h.compare, bound, h.stepOp, step);
        if (t !== undefined) loop.tripCount = t;
      }
    } else if (kind === 'range-for') {
      const decl = fieldOf(node, 'declarator');
      const name = decl ? declaratorName(decl)?.text : undefined;
      if (name) loop.variable = name;
    }
    const saved = this.loops;
    this.loops = [...saved, loop];
    try {
      this.walkChildren(node, fn);
    } finally {
      this.loops = saved;
    }
  }

  private call(node: SyntaxNode, fn: string | undefined): void {
    const config = childrenOf(node).find((c) => typeOf(c) === 'kernel_call_syntax');
    if (config) return this.launch(node, config, fn);
    const name = calleeName(node);
    if (!name) return;
    if (this.expandMacro(node, name, fn)) return;
    if (this.scope.launchers.has(name)) {
      const site: CallSite = {
        file: this.scope.file, range: this.rangeOf(node), callee: name, hostLoops: this.loops,
        args: callArguments(node).map((a) => this.value(a)),
      };
      if (fn) site.enclosingFunction = fn;
      this.out.callSites.push(site);
      return;
    }
    if (!RUNTIME_NAME.test(name)) return;
    const args = callArguments(node);
    const call: RuntimeCall = {
      file: this.scope.file,
      range: this.rangeOf(node),
      name,
      args: args.map((a) => shortText(a, 160)),
      hostLoops: this.loops,
      ...this.resultUse(node),
    };
    if (fn) call.enclosingFunction = fn;
    this.out.runtimeCalls.push(call);
    if (name === 'cudaLaunchKernel' || name === 'cudaLaunchCooperativeKernel') this.apiLaunch(node, args, fn);
    if (name === 'cublasLtMatrixLayoutCreate' && args.length >= 4) {
      const desc = addressee(args[0]);
      if (desc) this.ltLayouts.set(desc, { dtype: args[1].text, rows: this.value(args[2]), cols: this.value(args[3]) });
    }
    if (name === 'cublasLtMatmulDescCreate' && args.length >= 2) {
      const desc = addressee(args[0]);
      if (desc) this.ltCompute.set(desc, textOf(args[1]));
    }
    const sig = gemmSignature(name);
    if (sig || isLtMatmul(name)) {
      // The same object is in runtimeCalls (its cublasStatus_t can be checked like any runtime call).
      const gemm = Object.assign(call, { dtype: 'unknown' }) as GemmCall;
      if (sig) {
        const m = this.value(args[sig.m]);
        const n = this.value(args[sig.n]);
        const k = this.value(args[sig.k]);
        if (m !== undefined) gemm.m = m;
        if (n !== undefined) gemm.n = n;
        if (k !== undefined) gemm.k = k;
        if (sig.batch !== undefined) {
          const b = this.value(args[sig.batch]);
          if (b !== undefined) gemm.batch = b;
        } else gemm.batch = 1;
        if (sig.dtype) gemm.dtype = sig.dtype === 'fp32' && this.scope.tf32Math ? 'tf32' : sig.dtype;
        else gemm.dtype = dtypeFrom(args[sig.aType ?? -1]?.text, sig.computeType !== undefined ? args[sig.computeType]?.text : undefined);
      } else {
        this.pendingLt.push({ call: gemm, args: args.map((a) => textOf(a)) });
      }
      this.out.gemmCalls.push(gemm);
    }
  }

  /** A function-like macro whose body launches a kernel (`#define RUN(k, n) k<<<(n + 255) / 256, 256>>>(d, n)`):
   *  its expansion is parsed on its own and walked in place, so the launch is found at the invocation. */
  private expandMacro(node: SyntaxNode, name: string, fn: string | undefined): boolean {
    const macro = this.scope.env.macros?.get(name);
    if (!macro?.params || !macro.body.includes('<<<') || this.macroDepth >= 4) return false;
    const args = callArguments(node).map((a) => textOf(a));
    if (args.length !== macro.params.length) return false;
    const params = macro.params;
    const body = macro.body
      .replace(/\\\r?\n/g, ' ')
      .replace(/\b[A-Za-z_]\w*\b/g, (w) => {
        const i = params.indexOf(w);
        return i >= 0 ? args[i] : w;
      })
      .replace(/\s*##\s*/g, '');
    let tree: SyntaxTree | undefined;
    const saved = { at: this.at, macroName: this.macroName };
    try {
      tree = parseText(`void cuda_lens_macro_expansion() { ${body}; }`);
      const fnBody = namedChildrenOf(tree.rootNode)[0]?.childForFieldName('body');
      if (!fnBody) return false;
      this.at = this.at ?? rangeOf(node);
      this.macroName = this.macroName ?? name;
      this.macroDepth++;
      this.walkChildren(fnBody, fn);
    } catch {
      return false;
    } finally {
      this.macroDepth--;
      this.at = saved.at;
      this.macroName = saved.macroName;
      tree?.delete();
    }
    return true;
  }

  /** Resolves cuBLASLt matmuls from the layouts created in the same file: C is M x N, A is M x K. */
  finishLt(): void {
    for (const { call, args } of this.pendingLt) {
      const a = this.ltLayouts.get(args[LT_MATMUL.aDesc] ?? '');
      const b = this.ltLayouts.get(args[LT_MATMUL.bDesc] ?? '');
      const c = this.ltLayouts.get(args[LT_MATMUL.cDesc] ?? '');
      if (c?.rows !== undefined) call.m = c.rows;
      if (c?.cols !== undefined) call.n = c.cols;
      if (a && call.m !== undefined) call.k = a.rows === call.m ? a.cols : a.rows;
      else if (b && call.n !== undefined) call.k = b.cols === call.n ? b.rows : b.cols;
      if (call.k === undefined) delete call.k;
      call.batch = 1;
      call.dtype = dtypeFrom(a?.dtype, this.ltCompute.get(args[LT_MATMUL.computeDesc] ?? ''));
    }
  }

  /** Whether a call's value is used, and the check macro it sits in. */
  private resultUse(node: SyntaxNode): { resultUsed: boolean; wrappingMacro?: string; explicitlyDiscarded?: boolean } {
    let child = node;
    let p = node.parent;
    while (p && typeOf(p) === 'parenthesized_expression') {
      child = p;
      p = p.parent;
    }
    if (!p) return { resultUsed: false };
    if (typeOf(p) === 'expression_statement') return { resultUsed: false };
    if (typeOf(p) === 'comma_expression' && p.parent?.type === 'expression_statement') return { resultUsed: false };
    if (typeOf(p) === 'cast_expression' && /^void$/.test(textOfMaybe(fieldOf(p, 'type')) ?? '')) return { resultUsed: false, explicitlyDiscarded: true };
    if (typeOf(p) === 'argument_list' && child) {
      const outer = p.parent;
      const name = outer ? calleeName(outer) : undefined;
      if (name && this.isCheckMacro(name)) return { resultUsed: true, wrappingMacro: name };
    }
    return { resultUsed: true };
  }

  private isCheckMacro(name: string): boolean {
    const m: MacroDef | undefined = this.scope.env.macros?.get(name);
    return !!m?.params || /^[A-Z][A-Z0-9_]*$/.test(name) || KNOWN_CHECKERS.has(name);
  }

  /** The macro a launch sits in (`KERNEL_CHECK(k<<<g, b>>>(x))`), if any. */
  private launchMacro(node: SyntaxNode): string | undefined {
    let p = node.parent;
    for (let guard = 0; p && guard < 4; guard++) {
      if (typeOf(p) === 'argument_list') {
        const name = p.parent ? calleeName(p.parent) : undefined;
        return name && this.isCheckMacro(name) ? name : undefined;
      }
      if (typeOf(p) !== 'parenthesized_expression') return undefined;
      p = p.parent;
    }
    return undefined;
  }

  private launch(node: SyntaxNode, config: SyntaxNode, fn: string | undefined): void {
    const parts = namedChildrenOf(config).filter((c) => typeOf(c) !== 'comment');
    const fnNode = fieldOf(node, 'function');
    let kernelName = fnNode ? calleeName(node) ?? shortText(fnNode, 120) : '';
    let templateArgs: string[] = [];
    const f = fnNode ? unparen(fnNode) : undefined;
    const tf = (!!f && typeOf(f) === 'template_function') ? f : (!!f && typeOf(f) === 'qualified_identifier') ? namedChildrenOf(f).find((c) => typeOf(c) === 'template_function') : undefined;
    if (tf) {
      const list = fieldOf(tf, 'arguments');
      templateArgs = list ? namedChildrenOf(list).filter((c) => typeOf(c) !== 'comment').map((c) => textOf(c)) : [];
      kernelName = textOfMaybe(fieldOf(tf, 'name')) ?? kernelName;
    }
    const args = callArguments(node);
    const site: LaunchSite = {
      file: this.scope.file,
      range: this.rangeOf(node),
      kernelName,
      templateArgs,
      grid: parts[0] ? this.dim3Of(parts[0]) : makeDim3('', [undefined, undefined, undefined]),
      block: parts[1] ? this.dim3Of(parts[1]) : makeDim3('', [undefined, undefined, undefined]),
      args: args.map((a) => this.argument(a)),
      hostLoops: this.loops,
      configRange: this.rangeOf(config),
    };
    if (parts[2]) {
      site.sharedText = shortText(parts[2]);
      const s = this.value(parts[2]);
      if (s !== undefined) site.sharedBytes = s;
    } else site.sharedBytes = 0;
    if (parts[3]) site.stream = shortText(parts[3]);
    if (fn) site.enclosingFunction = fn;
    const macro = this.macroName ?? this.launchMacro(node);
    if (macro) site.wrappingMacro = macro;
    this.link(site, args.length);
    this.out.launches.push(site);
  }

  private argument(a: SyntaxNode): LaunchSite['args'][number] {
    const arg: LaunchSite['args'][number] = { text: shortText(a), range: this.rangeOf(a) };
    const v = this.value(a);
    if (v !== undefined) arg.value = v;
    return arg;
  }

  /** `cudaLaunchKernel((void*)k, grid, block, args, shmem, stream)` is a launch too. */
  private apiLaunch(node: SyntaxNode, args: SyntaxNode[], fn: string | undefined): void {
    if (args.length < 3) return;
    const target = unwrapToIdentifier(args[0]);
    if (!target) return;
    const site: LaunchSite = {
      file: this.scope.file,
      range: this.rangeOf(node),
      kernelName: target,
      templateArgs: [],
      grid: this.dim3Of(args[1]),
      block: this.dim3Of(args[2]),
      args: [],
      hostLoops: this.loops,
      configRange: { start: this.rangeOf(args[1]).start, end: this.rangeOf(args[args.length - 1]).end },
    };
    if (args[4]) {
      site.sharedText = shortText(args[4]);
      const s = this.value(args[4]);
      if (s !== undefined) site.sharedBytes = s;
    }
    if (args[5]) site.stream = shortText(args[5]);
    if (fn) site.enclosingFunction = fn;
    this.link(site, -1);
    this.out.launches.push(site);
  }

  /** Attaches the kernel, binds template parameters and sizes its static shared memory. */
  private link(site: LaunchSite, argCount: number): void {
    const kernel = this.scope.findKernel(site.kernelName, argCount);
    if (!kernel) return;
    site.kernel = kernel;
    const numbers: Record<string, number> = {};
    const types: Record<string, string> = {};
    kernel.templateParams.forEach((p, i) => {
      const arg = site.templateArgs[i] ?? kernel.templateDefaults?.[p];
      if (arg === undefined) return;
      const v = evaluateText(arg, this.env());
      if (v !== undefined) numbers[p] = v;
      else types[p] = arg;
    });
    if (Object.keys(numbers).length) site.templateBindings = numbers;
    const constants = new Map(this.scope.env.constants);
    for (const [k, v] of Object.entries(numbers)) constants.set(k, v);
    let total = 0;
    for (const arr of kernel.sharedArrays) {
      if (arr.isExtern) continue;
      const elementBytes = arr.elementBytes ?? typeBytes(types[arr.elementType] ?? arr.elementType);
      if (elementBytes === undefined) return;
      let count = 1;
      for (let i = 0; i < arr.dims.length; i++) {
        const d = arr.dims[i] ?? evaluateText(arr.dimTexts?.[i] ?? '', { constants, macros: this.scope.env.macros });
        if (d === undefined) return;
        count *= d;
      }
      total += count * elementBytes;
    }
    site.staticSharedBytes = total;
  }
}

function makeDim3(text: string, c: (number | undefined)[]): Dim3 {
  const d: Dim3 = { text };
  if (c[0] !== undefined) d.x = c[0];
  if (c[1] !== undefined) d.y = c[1];
  if (c[2] !== undefined) d.z = c[2];
  if (d.x !== undefined && d.y !== undefined && d.z !== undefined) d.total = d.x * d.y * d.z;
  return d;
}

/** `&desc` -> `desc`. */
function addressee(arg: SyntaxNode): string | undefined {
  const a = unparen(arg);
  if (typeOf(a) === 'pointer_expression') return textOfMaybe(fieldOf(a, 'argument'));
  return undefined;
}

function unwrapToIdentifier(arg: SyntaxNode): string | undefined {
  let a = unparen(arg);
  for (let guard = 0; guard < 6; guard++) {
    if (typeOf(a) === 'identifier') return textOf(a);
    if (typeOf(a) === 'cast_expression') {
      const v = fieldOf(a, 'value');
      if (!v) return undefined;
      a = unparen(v);
      continue;
    }
    if (typeOf(a) === 'pointer_expression') {
      const v = fieldOf(a, 'argument');
      if (!v) return undefined;
      a = unparen(v);
      continue;
    }
    if (typeOf(a) === 'call_expression') {
      const inner = callArguments(a)[0];
      if (!inner) return undefined;
      a = unparen(inner);
      continue;
    }
    if (typeOf(a) === 'template_function') return textOfMaybe(fieldOf(a, 'name'));
    return undefined;
  }
  return undefined;
}

/** Is a local assigned after its declaration, incremented or address-taken anywhere in the function?
 *  Read from the text (one scan per name asked about) rather than by walking every node: the declaration's
 *  own `name = value` counts once; conservative for names declared twice (both count). */
export function isMutatedIn(fnText: string, name: string): boolean {
  const id = name.replace(/[^\w]/g, '');
  if (!id) return true;
  const assign = new RegExp(`(?<![\\w.>])${id}\\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)`, 'g');
  const count = fnText.match(assign)?.length ?? 0;
  if (count > 1) return true;
  if (new RegExp(`(\\+\\+|--)\\s*${id}\\b|(?<![\\w.>])${id}\\s*(\\+\\+|--)|&\\s*${id}\\b(?!\\s*[\\[.(])|>>\\s*${id}\\b`).test(fnText)) return true;
  // A single compound assignment (`n += 1`) with no `=` declaration also mutates.
  return count === 1 && !new RegExp(`(?<![\\w.>])${id}\\s*=(?!=)`).test(fnText);
}

export function createHostWalker(scope: HostScope): HostWalker {
  return new HostWalker(scope);
}
export type { HostWalker };
