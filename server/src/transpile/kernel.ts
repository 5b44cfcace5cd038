// Lowers one __global__ function to a C++ function that runs the grid on the CPU: an OpenMP loop over
// blocks, and inside each block thread loops over threadIdx. Barriers and warp collectives split the body
// into consecutive thread loops (loop fission, as in MCUDA); control flow that contains a split point stays
// a block-level loop or branch when its condition is block-uniform, and otherwise runs under per-thread
// masks. Variables used on both sides of a split live in per-thread arrays; warp collectives exchange
// their operand through a per-thread array between two thread loops (lockstep at warp granularity).
import type { LiteNode as SyntaxNode } from './lite-tree';
import { emitNode, walk, namedKids, declaratorName } from './emit-node';
import { resolveScopes, Decl, ScopeInfo } from './scope';
import { containsSync, isBarrierCall, warpOpOf, isActiveMask, WarpOp } from './sync-ops';
import { Uniformity, isLoop, condOf, elseBody, listOf, targetLoop, isTypeLevel } from './uniform';
import { DiagSink, DIAG_IDS, errorDirective } from './diagnostics';

type Item =
  | { k: 'node'; node: SyntaxNode; pre?: string; post?: string }
  | { k: 'raw'; text: string }
  | { k: 'xstore'; x: XInfo; guard: string | null }
  | { k: 'paramcopy'; decl: Decl };

interface XInfo { name: string; op: WarpOp; pred: boolean; act: string | null }
interface LoopMasks { lm: string; im: string; chainLen: number }
interface Region {
  kind: 'region'; id: number; items: Item[]; mask: string | null; declared: Decl[]; pre: (() => string)[];
  chain: string[]; loop?: LoopMasks; nosimd?: boolean; usesGoto?: boolean; strided?: Strided;
}
interface Strided {
  loop: SyntaxNode; typeText: string; name: string; base: SyntaxNode | null; end: SyntaxNode; step: SyntaxNode;
  body: SyntaxNode;
}
type LNode =
  | Region
  | { kind: 'raw'; text: string }
  | { kind: 'bstmt'; node: SyntaxNode }
  | { kind: 'bparamcopy'; decl: Decl }
  | { kind: 'bdeclpart'; node: SyntaxNode; keep: SyntaxNode[] }
  | { kind: 'seq'; items: LNode[]; braced: boolean }
  | { kind: 'ctrl'; node: SyntaxNode; bodies: Map<number, LNode> };

interface Ctx { mask: string | null; chain: string[]; loop?: LoopMasks; blockOK: boolean }

export interface KernelLoweringOptions {
  /** The kernel calls code that reads threadIdx & co. through the per-OS-thread copies. */
  needsThreadTls: boolean;
}

export interface LoweredKernel { text: string; splits: number; arrays: string[] }

const PRAGMA_UNROLL = /^#\s*pragma\s+unroll\b\s*(\S*)/;
// Thread loops count with signed ints: GCC then knows the per-thread index cannot wrap and vectorizes the
// innermost loop; threadIdx itself keeps CUDA's unsigned type.
const THREAD_LOOPS_OUTER = 'for (int __tz = 0; __tz < (int)blockDim.z; ++__tz)\n' +
  'for (int __ty = 0; __ty < (int)blockDim.y; ++__ty) {\n' +
  'const int __tb = (__tz * (int)blockDim.y + __ty) * (int)blockDim.x;\n';
const THREAD_LOOP_X = 'for (int __tx = 0; __tx < (int)blockDim.x; ++__tx) {\n' +
  'const uint3 threadIdx = {(unsigned)__tx, (unsigned)__ty, (unsigned)__tz}; const int __t = __tb + __tx; (void)__t; (void)threadIdx;\n';

export class KernelLowering {
  private scopes: ScopeInfo;
  private uni: Uniformity;
  private body: SyntaxNode;
  private regions: Region[] = [];
  private xmap = new Map<number, XInfo>();
  private counter = 0;
  private shared: SyntaxNode[] = [];
  private copied: Decl[] = [];
  private needsAct = false;
  private blockReturn = false;
  private arrays = new Set<number>();
  private arrayNames = new Map<number, string>();
  private refs = new Map<number, Set<number>>();
  private dry = true;
  private usedNames = new Set<string>();
  private splits = 0;
  private root!: LNode;

  constructor(private readonly fn: SyntaxNode, private readonly src: string, private readonly diags: DiagSink,
              private readonly opts: KernelLoweringOptions, private readonly lineOffset = 0) {
    this.scopes = resolveScopes(fn);
    this.body = fn.childForFieldName('body')!;
    this.uni = new Uniformity(this.scopes, this.body, (x) => this.isStructural(x));
    walk(fn, (n) => { if (n.type === 'identifier') this.usedNames.add(n.text); });
  }

  lower(): LoweredKernel {
    const hasSync = containsSync(this.body);
    // Parameters the body assigns get a copy per thread (or per block when uniform), as CUDA passes them.
    const params = this.scopes.decls.filter((d) => d.kind === 'param' && this.isInsideParams(d));
    for (const p of params) {
      let assigned = false;
      walk(this.body, (x) => {
        if ((x.type === 'assignment_expression' && x.childForFieldName('left')?.type === 'identifier' &&
             this.scopes.refOf.get(x.childForFieldName('left')!.id) === p) ||
            (x.type === 'update_expression' && this.scopes.refOf.get(x.childForFieldName('argument')?.id ?? -1) === p) ||
            (x.type === 'pointer_expression' && x.child(0)?.type === '&' &&
             this.scopes.refOf.get(x.childForFieldName('argument')?.id ?? -1) === p)) assigned = true;
      });
      if (assigned) this.copied.push(p);
    }
    this.uni.run();
    this.planning = false;
    this.computeRemat();
    let structuralLoops = false;
    walk(this.body, (n) => { if (isLoop(n) && this.isStructural(n)) structuralLoops = true; return !structuralLoops; });
    walk(this.body, (n) => {
      if (n.type === 'lambda_expression') return false;
      if (n.type === 'declaration' && hasQualifier(n, '__shared__')) { this.shared.push(n); return false; }
      if (n.type === 'return_statement' && (hasSync || structuralLoops)) this.needsAct = true;
      if (n.type === 'call_expression' && n.childForFieldName('function') && n.children.some((c) => c?.type === 'kernel_call_syntax')) {
        this.diags.add(DIAG_IDS.dynamicParallelism, 'kernel launches inside kernels (dynamic parallelism) are not supported', n, 'error', this.lineOffset);
      }
      return true;
    });
    const ctx: Ctx = { mask: this.needsAct ? '__act' : null, chain: this.needsAct ? ['__act'] : [], blockOK: true };
    const seq: LNode[] = [];
    const stmts: (SyntaxNode | Decl)[] = [...this.copied, ...listOf(this.body)];
    this.lowerList(stmts, ctx, seq);
    this.root = { kind: 'seq', items: seq, braced: false };

    // Fixpoint: which variables are used in more than one thread loop (or typed at block level).
    for (let i = 0; i < 4; i++) {
      this.refs.clear();
      this.dry = true;
      this.emitL(this.root);
      const next = new Set<number>();
      for (const [id, set] of this.refs) {
        if (set.size > 1 && !this.uni.uniform.has(id) && !this.remat.has(id) && !this.isShared(this.scopes.decls[id])) next.add(id);
      }
      const same = next.size === this.arrays.size && [...next].every((x) => this.arrays.has(x));
      this.arrays = next;
      if (same) break;
    }
    for (const id of this.arrays) this.arrayNames.set(id, this.freshName(this.scopes.decls[id].name + '_'));
    this.dry = false;
    const inner = this.emitL(this.root);
    return { text: this.wrapKernel(inner), splits: this.splits, arrays: [...this.arrays].map((i) => this.arrayNames.get(i)!) };
  }

  /** Signature edits: the launch configuration comes first; parameters the body assigns are renamed. */
  headerOverride(x: SyntaxNode): string | undefined {
    const p = this.copied.find((d) => d.nameNode.id === x.id);
    return p ? `${p.name}__in` : undefined;
  }

  private isShared(d: Decl): boolean {
    return this.shared.some((s) => s.id === d.declaration.id);
  }

  private isInsideParams(d: Decl): boolean {
    const decl = this.fn.childForFieldName('declarator');
    return !!decl && d.nameNode.startIndex >= decl.startIndex && d.nameNode.endIndex <= decl.endIndex;
  }

  private freshName(base: string): string {
    let n = base;
    for (let i = 2; this.usedNames.has(n); i++) n = `${base}${i}`;
    this.usedNames.add(n);
    return n;
  }

  // ---- loops interchanged with the thread loop ---------------------------------------------------------

  private structuralMemo = new Map<number, boolean>();

  /**
   * Statements the lowering splits the thread loop around: barriers and warp collectives, and loops it can
   * interchange with the thread loop so that the thread loop becomes innermost and stride-1 (a loop with
   * block-uniform control, or a loop that strides over blockDim threads: `for (i = U + threadIdx.x; i < N;
   * i += S)`).
   */
  isStructural(s: SyntaxNode): boolean {
    let v = this.structuralMemo.get(s.id);
    if (v !== undefined && !this.planning) return v;
    v = containsSync(s) || this.touchesVolatile(s) || (isLoop(s) && s.type !== 'for_range_loop' && simpleBody(s) &&
      (this.uni.loopUniform(s) || this.stridedLoop(s) !== undefined));
    if (!this.planning) this.structuralMemo.set(s.id, v);
    return v;
  }
  private planning = true;

  /**
   * Warp-synchronous code written before __syncwarp existed (`volatile` shared memory, as in the classic
   * last-warp reduction) relies on the 32 lanes executing each statement together. Statements that access
   * memory through a volatile name get a thread loop of their own, which runs them in lockstep.
   */
  private volatileMemo = new Map<number, boolean>();
  private touchesVolatile(s: SyntaxNode): boolean {
    let v = this.volatileMemo.get(s.id);
    if (v !== undefined) return v;
    v = false;
    if (this.volatileDecls.size) {
      walk(s, (x) => {
        if (v || x.type === 'lambda_expression') return false;
        if (x.type === 'identifier') { const d = this.scopes.refOf.get(x.id); if (d && this.volatileDecls.has(d.id)) v = true; }
        return !v;
      });
    }
    this.volatileMemo.set(s.id, v);
    return v;
  }
  private get volatileDecls(): Set<number> {
    if (!this.volatileSet) {
      this.volatileSet = new Set(this.scopes.decls.filter((d) =>
        /\bvolatile\b/.test(this.src.slice(d.declaration.startIndex, d.nameNode.startIndex))).map((d) => d.id));
    }
    return this.volatileSet;
  }
  private volatileSet?: Set<number>;

  /**
   * Thread-dependent values that are cheap to recompute (assigned once, from threadIdx, block-uniform
   * values and arithmetic, no memory reads): each thread loop that needs them recomputes them instead of
   * reading a per-thread array, which keeps indices affine in threadIdx.x and the loops vectorizable.
   */
  private remat = new Set<number>();

  private computeRemat(): void {
    const constUniform = (d: Decl): boolean => this.uni.uniform.has(d.id) && (d.kind === 'param' ? !this.copied.includes(d) : this.uni.sitesOf(d) <= 1);
    const ok = (e: SyntaxNode): boolean => {
      switch (e.type) {
        case 'number_literal': case 'char_literal': case 'true': case 'false': case 'sizeof_expression':
        case 'type_descriptor': case 'primitive_type': case 'type_identifier':
          return true;
        case 'identifier': {
          const d = this.scopes.refOf.get(e.id);
          if (!d) return true;
          return constUniform(d) || this.remat.has(d.id);
        }
        case 'field_expression': return e.child(1)?.type === '.' && ok(e.childForFieldName('argument')!);
        case 'binary_expression': case 'parenthesized_expression': case 'cast_expression': case 'unary_expression':
        case 'conditional_expression':
          return namedKids(e).every(ok);
        default: return false;
      }
    };
    for (const d of this.scopes.decls) {
      if (d.kind !== 'local' || this.uni.uniform.has(d.id) || this.isShared(d)) continue;
      if (d.declaration.type !== 'declaration' || d.declarator.type !== 'init_declarator') continue;
      if (d.declarator.childForFieldName('declarator')?.type !== 'identifier') continue;
      const typeNode = d.declaration.childForFieldName('type');
      if (!typeNode || !/^(?:primitive_type|sized_type_specifier|type_identifier|placeholder_type_specifier)$/.test(typeNode.type)) continue;
      const init = d.declarator.childForFieldName('value');
      if (!init || this.uni.sitesOf(d) !== 1 || !ok(init)) continue;
      this.remat.add(d.id);
      if (/^(?:int|long|long long|ptrdiff_t|int64_t|int32_t|signed)$/.test(typeNode.text.trim()) && ringOnly(init)) this.intRemat.add(d.id);
    }
  }

  /**
   * Signed-integer values computed from the built-ins with + - * only: computing them in int instead of
   * CUDA's unsigned arithmetic gives the same value (arithmetic modulo 2^32 agrees once converted to the
   * signed result), and lets GCC see `threadIdx.x + 1` as an affine, non-wrapping index.
   */
  private intRemat = new Set<number>();

  private inIntRematInit(x: SyntaxNode): boolean {
    for (let a = x.parent; a; a = a.parent) {
      if (a.type === 'init_declarator') {
        const n = declaratorName(a);
        const d = n ? this.scopes.refOf.get(n.id) : undefined;
        return !!d && this.intRemat.has(d.id);
      }
      if (a.type.endsWith('statement') || a.type === 'declaration') return false;
    }
    return false;
  }

  /** Declarations recomputing the values a thread loop uses but another thread loop defined. */
  private rematFor(r: Region): string {
    const need = new Set<number>();
    const home = (d: Decl): Region | undefined => this.regions.find((x) => x.declared.includes(d));
    const add = (d: Decl): void => {
      const h = home(d);
      if (need.has(d.id) || !h || h.id === r.id) return;
      need.add(d.id);
      walk(d.declarator.childForFieldName('value')!, (x) => {
        const dd = x.type === 'identifier' ? this.scopes.refOf.get(x.id) : undefined;
        if (dd && this.remat.has(dd.id)) add(dd);
        return true;
      });
    };
    for (const id of this.remat) if (this.refs.get(id)?.has(r.id)) add(this.scopes.decls[id]);
    return [...need].sort((a, b) => a - b).map((id) => {
      const d = this.scopes.decls[id];
      const spec = this.src.slice(d.declaration.startIndex, d.declaration.childForFieldName('declarator')!.startIndex);
      return `${spec}${this.emitThread(r, d.declarator, d.declarator)};  // recomputed\n`;
    }).join('');
  }

  /** Recognizes `for (T i = U + threadIdx.x; i < END; i += STEP)` with U, END, STEP block-uniform. */
  private stridedLoop(s: SyntaxNode): Strided | undefined {
    if (s.type !== 'for_statement' || containsSync(s)) return undefined;
    const init = s.childForFieldName('initializer');
    const cond = s.childForFieldName('condition');
    const upd = s.childForFieldName('update');
    if (!init || !cond || !upd || init.type !== 'declaration') return undefined;
    const dcs = init.childrenForFieldName('declarator').filter((c): c is SyntaxNode => !!c);
    if (dcs.length !== 1 || dcs[0].type !== 'init_declarator') return undefined;
    const nameNode = dcs[0].childForFieldName('declarator');
    const value0 = dcs[0].childForFieldName('value');
    if (!nameNode || nameNode.type !== 'identifier' || !value0) return undefined;
    const typeText = this.src.slice(init.startIndex, dcs[0].startIndex).trim();
    if (!/^(?:const\s+)?(?:unsigned|signed|int|long|size_t|ptrdiff_t|short|\s)+$/.test(typeText)) return undefined;
    let base: SyntaxNode | null = null;
    let value = value0;
    // `int idx = blockIdx.x * blockDim.x + threadIdx.x; for (int i = idx; ...)`: look through the recomputable name.
    if (value.type === 'identifier') {
      const d = this.scopes.refOf.get(value.id);
      const v = d && d.kind === 'local' && !this.reassigned().has(d.id) && d.declarator.type === 'init_declarator'
        ? d.declarator.childForFieldName('value') : null;
      if (v) value = v;
    }
    if (value.text !== 'threadIdx.x') {
      if (value.type !== 'binary_expression' || value.childForFieldName('operator')?.text !== '+') return undefined;
      const l = value.childForFieldName('left')!, r = value.childForFieldName('right')!;
      if (r.text === 'threadIdx.x' && this.uni.expr(l)) base = l;
      else if (l.text === 'threadIdx.x' && this.uni.expr(r)) base = r;
      else return undefined;
    }
    if (cond.type !== 'binary_expression' || cond.childForFieldName('operator')?.text !== '<') return undefined;
    const cl = cond.childForFieldName('left')!, end = cond.childForFieldName('right')!;
    if (cl.type !== 'identifier' || cl.text !== nameNode.text || !this.uni.expr(end)) return undefined;
    if (upd.type !== 'assignment_expression' || upd.childForFieldName('operator')?.text !== '+=') return undefined;
    const ul = upd.childForFieldName('left')!, step = upd.childForFieldName('right')!;
    if (ul.text !== nameNode.text || !this.uni.expr(step)) return undefined;
    const body = s.childForFieldName('body')!;
    let assigned = false;
    walk(body, (x) => {
      if ((x.type === 'assignment_expression' && x.childForFieldName('left')?.text === nameNode.text) ||
          (x.type === 'update_expression' && x.childForFieldName('argument')?.text === nameNode.text)) assigned = true;
      return !assigned;
    });
    if (assigned) return undefined;
    return { loop: s, typeText, name: nameNode.text, base, end, step, body };
  }

  /** Locals assigned anywhere after their declaration (found syntactically, before any analysis). */
  private reassigned(): Set<number> {
    if (!this.reassignedSet) {
      const set = new Set<number>();
      walk(this.body, (x) => {
        let target: SyntaxNode | null = null;
        if (x.type === 'assignment_expression') target = x.childForFieldName('left');
        else if (x.type === 'update_expression') target = x.childForFieldName('argument');
        else if (x.type === 'pointer_expression' && x.child(0)?.type === '&') target = x.childForFieldName('argument');
        const d = target?.type === 'identifier' ? this.scopes.refOf.get(target.id) : undefined;
        if (d) set.add(d.id);
        return true;
      });
      this.reassignedSet = set;
    }
    return this.reassignedSet;
  }
  private reassignedSet?: Set<number>;
  /** Declarations split into a block-level and a per-thread part: the declarators kept per thread. */
  private declFilter = new Map<number, Set<number>>();

  private lowerStrided(st: Strided, ctx: Ctx, seq: LNode[]): void {
    const r = this.newRegion(ctx, seq);
    r.strided = st;
    r.items.push({ k: 'node', node: st.body });
  }

  // ---- building the lowered structure -------------------------------------------------------------------

  private newRegion(ctx: Ctx, seq: LNode[]): Region {
    const r: Region = { kind: 'region', id: this.regions.length, items: [], mask: ctx.mask, declared: [], pre: [],
      chain: ctx.chain, loop: ctx.loop };
    this.regions.push(r);
    seq.push(r);
    return r;
  }

  private lowerList(stmts: (SyntaxNode | Decl)[], ctx: Ctx, seq: LNode[]): void {
    let cur: Region | null = null;
    const region = (): Region => (cur ??= this.newRegion(ctx, seq));
    const split = stmts.some((s) => !isDecl(s) && this.isStructural(s));
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      if (isDecl(s)) {
        if (this.uni.uniform.has(s.id) && ctx.blockOK) { cur = null; seq.push({ kind: 'bparamcopy', decl: s }); }
        else { region().items.push({ k: 'paramcopy', decl: s }); region().declared.push(s); }
        continue;
      }
      if (this.shared.some((x) => x.id === s.id)) continue;
      if (s.type === 'comment' && !cur && split) { seq.push({ kind: 'bstmt', node: s }); continue; }
      if (s.type === 'preproc_call' && PRAGMA_UNROLL.test(s.text)) {
        const next = stmts[i + 1];
        if (next && !isDecl(next) && isLoop(next) && !(split && this.isStructural(next))) region().items.push({ k: 'node', node: s });
        continue;
      }
      if (!split) { this.pushThreadItem(region, () => { cur = null; }, { k: 'node', node: s }, s, null, ctx); this.noteDeclared(region(), s); continue; }
      if (this.isStructural(s)) {
        const strided = this.stridedLoop(s);
        if (strided) { cur = null; this.lowerStrided(strided, ctx, seq); continue; }
        if (s.type === 'expression_statement' && namedKids(s).length === 1 && isBarrierCall(namedKids(s)[0])) {
          cur = null;
          this.splits++;
          seq.push({ kind: 'raw', text: `// ${namedKids(s)[0].text}: the next thread loop starts after every thread got here\n` });
          continue;
        }
        if (s.type === 'compound_statement') {
          cur = null;
          const inner: LNode[] = [];
          this.lowerList(listOf(s), ctx, inner);
          seq.push({ kind: 'seq', items: inner, braced: true });
          continue;
        }
        if (s.type === 'if_statement') { cur = null; this.lowerIf(s, ctx, seq); continue; }
        if (isLoop(s)) { cur = null; this.lowerLoop(s, ctx, seq); continue; }
        if (s.type === 'expression_statement' || s.type === 'declaration' || s.type === 'return_statement') {
          const lockstep = !containsSync(s) && this.touchesVolatile(s);
          if (lockstep) cur = null;
          this.pushThreadItem(region, () => { cur = null; }, { k: 'node', node: s }, s, null, ctx);
          this.noteDeclared(region(), s);
          if (lockstep) cur = null;
          continue;
        }
        const id = s.type === 'switch_statement' ? DIAG_IDS.syncInSwitch : DIAG_IDS.syncInUnstructured;
        const msg = `a barrier or warp collective inside a ${s.type.replace(/_/g, ' ')} cannot be split into thread loops`;
        this.diags.add(id, msg, s, 'error', this.lineOffset);
        region().items.push({ k: 'raw', text: errorDirective(id, msg) });
        continue;
      }
      if (ctx.blockOK && split && s.type === 'declaration' && !this.uni.isBlockStmt(s) && !isTypeLevel(s)) {
        const ud = this.uni.uniformDeclarators(s);
        if (ud.length) {
          // Mixed declaration: the block-uniform declarators run once per block, the rest per thread.
          cur = null;
          seq.push({ kind: 'bdeclpart', node: s, keep: ud });
          const rest = new Set(s.childrenForFieldName('declarator').filter((d): d is SyntaxNode => !!d && !ud.includes(d)).map((d) => d.id));
          this.declFilter.set(s.id, rest);
          this.pushThreadItem(region, () => { cur = null; }, { k: 'node', node: s }, s, null, ctx);
          this.noteDeclared(region(), s);
          continue;
        }
      }
      if ((ctx.blockOK && this.uni.isBlockStmt(s)) || isTypeLevel(s)) {
        cur = null;
        if (s.type === 'return_statement' || hasReturn(s)) this.blockReturn = true;
        seq.push({ kind: 'bstmt', node: s });
        continue;
      }
      this.pushThreadItem(region, () => { cur = null; }, { k: 'node', node: s }, s, null, ctx);
      this.noteDeclared(region(), s);
    }
  }

  private noteDeclared(r: Region, s: SyntaxNode): void {
    if (s.type !== 'declaration') return;
    for (const dc of s.childrenForFieldName('declarator')) {
      const n = dc ? declaratorName(dc) : undefined;
      const d = n ? this.scopes.refOf.get(n.id) : undefined;
      if (d) r.declared.push(d);
    }
  }

  /**
   * Adds an item to the current thread loop. Warp collectives inside it split the loop: their operands are
   * stored per thread first, the item runs in the next loop and reads the exchanged values.
   */
  private pushThreadItem(region: () => Region, flush: () => void, item: Item, root: SyntaxNode, guard: string | null,
                         ctx: Ctx): void {
    const ops: WarpOp[] = [];
    walk(root, (n) => {
      if (n.type === 'lambda_expression') return false;
      if (n.type === 'call_expression') {
        const op = warpOpOf(n);
        if (op) {
          let nested = false;
          walk(op.operand, (m) => { if (m.type === 'call_expression' && warpOpOf(m)) nested = true; });
          if (nested) {
            const msg = 'a warp collective inside the operand of another one is not supported';
            this.diags.add(DIAG_IDS.nestedWarpOp, msg, n, 'error', this.lineOffset);
          }
          ops.push(op);
          return false;
        }
      }
      return true;
    });
    if (ops.length === 0) { region().items.push(item); return; }
    const act = guard ?? ctx.mask;
    for (const op of ops) {
      const pred = ['ballot', 'any', 'all', 'uni', 'sync_count', 'sync_and', 'sync_or'].includes(op.kind);
      const x: XInfo = { name: `__x${++this.counter}`, op, pred, act };
      this.xmap.set(op.call.id, x);
      const r = region();
      r.items.push({ k: 'xstore', x, guard });
      r.pre.push(() => perThread(pred ? 'int' : `std::decay_t<decltype(${this.emitBlock(op.operand)})>`, x.name));
      this.splits++;
    }
    flush();
    region().items.push(item);
  }

  private lowerIf(s: SyntaxNode, ctx: Ctx, seq: LNode[]): void {
    const cond = condOf(s)!;
    const cons = s.childForFieldName('consequence')!;
    const alt = s.childForFieldName('alternative');
    if (this.uni.expr(cond)) {
      const bodies = new Map<number, LNode>();
      bodies.set(cons.id, this.lowerBody(cons, ctx));
      if (alt) bodies.set(elseBody(alt).id, this.lowerBody(elseBody(alt), ctx));
      seq.push({ kind: 'ctrl', node: s, bodies });
      return;
    }
    const mt = this.freshName(`__m${++this.counter}`);
    const me = alt ? this.freshName(`__m${++this.counter}`) : '';
    const parent = ctx.mask ? `${ctx.mask}[__t]` : '1';
    let cur: Region | null = null;
    const region = (): Region => (cur ??= this.newRegion({ ...ctx, mask: null }, seq));
    this.pushThreadItem(region, () => { cur = null; }, { k: 'node', node: cond, pre: `${mt}[__t] = ${parent} && (`,
      post: `);${alt ? ` ${me}[__t] = ${parent} && !${mt}[__t];` : ''}\n` }, cond, ctx.mask, ctx);
    const r = region();
    r.pre.push(() => perThread('unsigned char', mt) + (alt ? perThread('unsigned char', me) : ''));
    seq.push(this.lowerBody(cons, { mask: mt, chain: [...ctx.chain, mt], loop: ctx.loop, blockOK: false }));
    if (alt) seq.push(this.lowerBody(elseBody(alt), { mask: me, chain: [...ctx.chain, me], loop: ctx.loop, blockOK: false }));
  }

  private lowerBody(s: SyntaxNode, ctx: Ctx): LNode {
    const items: LNode[] = [];
    this.lowerList(listOf(s), ctx, items);
    return { kind: 'seq', items, braced: true };
  }

  private lowerLoop(s: SyntaxNode, ctx: Ctx, seq: LNode[]): void {
    const body = s.childForFieldName('body')!;
    if (this.uni.loopUniform(s)) {
      const bodies = new Map<number, LNode>();
      bodies.set(body.id, this.lowerBody(body, ctx));
      seq.push({ kind: 'ctrl', node: s, bodies });
      return;
    }
    if (s.type === 'for_range_loop') {
      const msg = 'a range-based for loop around a barrier is not supported; use an index loop';
      this.diags.add(DIAG_IDS.syncInUnstructured, msg, s, 'error', this.lineOffset);
      seq.push({ kind: 'raw', text: errorDirective(DIAG_IDS.syncInUnstructured, msg) });
      return;
    }
    // Divergent loop: lm marks threads still looping, im threads running this iteration.
    const lm = this.freshName(`__m${++this.counter}`);
    const im = this.freshName(`__m${++this.counter}`);
    const any = this.freshName(`__any${this.counter}`);
    const parent = ctx.mask ? `${ctx.mask}[__t]` : '1';
    const wrap: LNode[] = [];
    const r0 = this.newRegion({ ...ctx, mask: null }, wrap);
    r0.pre.push(() => perThread('unsigned char', lm) + perThread('unsigned char', im));
    r0.items.push({ k: 'raw', text: `${lm}[__t] = ${parent}; ${im}[__t] = ${lm}[__t];\n` });
    const loopCtx: Ctx = { mask: im, chain: [...ctx.chain, lm, im], blockOK: false,
      loop: { lm, im, chainLen: ctx.chain.length + 1 } };
    const init = s.childForFieldName('initializer');
    if (init) {
      const r = this.newRegion({ ...ctx, mask: lm }, wrap);
      r.items.push({ k: 'node', node: init, post: init.type === 'declaration' ? '\n' : ';\n' });
      this.noteDeclared(r, init);
    }
    const cond = condOf(s);
    const test = (into: LNode[]): void => {
      into.push({ kind: 'raw', text: `bool ${any} = false;\n` });
      let cur: Region | null = null;
      const region = (): Region => { if (!cur) { cur = this.newRegion({ ...ctx, mask: null }, into); cur.nosimd = true; } return cur; };
      if (cond) {
        this.pushThreadItem(region, () => { cur = null; }, { k: 'node', node: cond, pre: `if (${lm}[__t]) ${lm}[__t] = (`,
          post: `) ? 1 : 0;\n` }, cond, lm, ctx);
      }
      region().items.push({ k: 'raw', text: `${im}[__t] = ${lm}[__t]; ${any} |= ${lm}[__t] != 0;\n` });
      into.push({ kind: 'raw', text: `if (!${any}) break;\n` });
    };
    const loopBody: LNode[] = [];
    if (s.type === 'do_statement') {
      this.lowerList(listOf(body), loopCtx, loopBody);
      test(loopBody);
    } else {
      test(loopBody);
      this.lowerList(listOf(body), loopCtx, loopBody);
      const upd = s.childForFieldName('update');
      if (upd) {
        const r = this.newRegion({ ...ctx, mask: lm }, loopBody);
        r.items.push({ k: 'node', node: upd, post: ';\n' });
      }
    }
    wrap.push({ kind: 'raw', text: `for (;;) {  // divergent loop: threads leave it one by one\n` });
    wrap.push({ kind: 'seq', items: loopBody, braced: false });
    wrap.push({ kind: 'raw', text: '}\n' });
    seq.push({ kind: 'seq', items: wrap, braced: true });
  }

  // ---- emission -------------------------------------------------------------------------------------------

  private emitL(n: LNode): string {
    switch (n.kind) {
      case 'region': return this.emitRegion(n);
      case 'raw': return n.text;
      case 'bstmt': return this.emitBlock(n.node) + '\n';
      case 'bparamcopy': return `${this.paramDeclText(n.decl, false)} = ${n.decl.name}__in;\n`;
      case 'bdeclpart': {
        const first = n.node.childForFieldName('declarator')!;
        const spec = this.src.slice(n.node.startIndex, first.startIndex);
        return `${spec}${n.keep.map((dc) => this.emitBlock(dc)).join(', ')};\n`;
      }
      case 'seq': {
        const inner = n.items.map((x) => this.emitL(x)).join('');
        return n.braced ? `{\n${inner}}\n` : inner;
      }
      case 'ctrl': {
        const text = emitNode(n.node, this.src, (x) => {
          const b = n.bodies.get(x.id);
          if (b) { const t = this.emitL(b); return b.kind === 'seq' && b.braced ? t : `{\n${t}}\n`; }
          return this.blockOverride(x);
        });
        return text + '\n';
      }
    }
  }

  private paramDeclText(d: Decl, asArray: boolean): string {
    const pd = d.declaration;
    return emitNode(pd, this.src, (x) => {
      if (x.id === d.nameNode.id) return asArray ? `${this.arrayNames.get(d.id)}__s[__nt]` : d.name;
      if (x.type === 'type_qualifier' && asArray && x.text === 'const' && x.parent?.id === pd.id) return '';
      return undefined;
    });
  }

  /** Text of a node emitted at block level (between thread loops). */
  emitBlock(n: SyntaxNode): string {
    return emitNode(n, this.src, (x) => this.blockOverride(x));
  }

  private blockOverride(x: SyntaxNode): string | undefined {
    if (x.type === 'identifier') {
      const d = this.scopes.refOf.get(x.id);
      if (!d) return undefined;
      this.ref(d, -1);
      if (this.arrays.has(d.id)) return isRef(d) ? `(*${this.arrayNames.get(d.id)}[0])` : `${this.arrayNames.get(d.id)}[0]`;
      return undefined;
    }
    if (x.type === 'preproc_call') return this.pragma(x);
    if (x.type === 'return_statement') return 'return;';
    return undefined;
  }

  private ref(d: Decl, region: number): void {
    if (!this.dry) return;
    let s = this.refs.get(d.id);
    if (!s) this.refs.set(d.id, (s = new Set()));
    s.add(region);
  }

  private pragma(x: SyntaxNode): string | undefined {
    const m = PRAGMA_UNROLL.exec(x.text);
    if (!m) return undefined;
    return /^\d+$/.test(m[1]) ? `#pragma GCC unroll ${m[1]}\n` : '\n';
  }

  private emitRegion(r: Region): string {
    // Per-thread arrays first: exchange buffers declared after them may name their element types.
    let pre = '';
    for (const d of r.declared) if (this.arrays.has(d.id)) pre += this.arrayDecl(d);
    pre += r.pre.map((f) => f()).join('');
    const items = this.rematFor(r) + r.items.map((it) => this.emitItem(r, it)).join('');
    if (r.strided) return pre + this.emitStrided(r, items);
    if (items.trim() === '') return pre;
    const lines: string[] = [];
    lines.push(pre);
    lines.push(THREAD_LOOPS_OUTER);
    if (!r.nosimd && !r.usesGoto) lines.push(`#pragma omp simd\n`);
    const guard = this.threadGuard(r);
    if (guard) {
      // The loop body is a bounds check: loop over the threads that pass it, without testing each.
      const bound = guard.base
        ? `__cl::tid_limit_from(${this.emitBlock(guard.base)}, ${this.emitBlock(guard.limit)}, blockDim.x)`
        : `__cl::tid_limit(${this.emitBlock(guard.limit)}, blockDim.x)`;
      lines.push(THREAD_LOOP_X.replace('__tx < (int)blockDim.x', `__tx < ${bound}`));
      if (r.mask) lines.push(`if (!${r.mask}[__t]) continue;\n`);
      if (this.opts.needsThreadTls) lines.push(`__cl::set_thread(threadIdx);\n`);
      lines.push(this.rematFor(r) + guard.lead.map((it) => this.emitItem(r, it)).join('') +
        this.emitThread(r, guard.body, guard.body) + '\n');
      lines.push(`}\n}\n`);
      return lines.join('');
    }
    lines.push(THREAD_LOOP_X);
    if (r.mask) lines.push(`if (!${r.mask}[__t]) continue;\n`);
    if (this.opts.needsThreadTls) lines.push(`__cl::set_thread(threadIdx);\n`);
    if (r.usesGoto) lines.push(`{\n${items}}\n__next${r.id}:;\n`);
    else lines.push(items);
    lines.push(`}\n}\n`);
    return lines.join('');
  }

  /**
   * The region is `if (i < LIMIT) body` (no else; LIMIT block-uniform), optionally after declarations of
   * recomputable values, where i is threadIdx.x or a signed `U + threadIdx.x` (U block-uniform): the bounds
   * check of most kernels. Returns what is needed to run the thread loop only over the passing threads.
   */
  private threadGuard(r: Region): { limit: SyntaxNode; base?: SyntaxNode; body: SyntaxNode; lead: Item[] } | undefined {
    if (r.usesGoto || r.items.length === 0) return undefined;
    const last = r.items[r.items.length - 1];
    const lead = r.items.slice(0, -1);
    for (const it of lead) {
      if (it.k !== 'node' || it.node.type !== 'declaration') return undefined;
      const allRemat = it.node.childrenForFieldName('declarator').every((dc) => {
        const n = dc ? declaratorName(dc) : undefined;
        const d = n ? this.scopes.refOf.get(n.id) : undefined;
        return !!d && this.remat.has(d.id);
      });
      if (!allRemat) return undefined;
    }
    if (last.k !== 'node' || last.pre || last.post || last.node.type !== 'if_statement' ||
        last.node.childForFieldName('alternative')) return undefined;
    const cond = condOf(last.node);
    if (!cond || cond.type !== 'binary_expression' || cond.childForFieldName('operator')?.text !== '<') return undefined;
    const left = cond.childForFieldName('left')!, limit = cond.childForFieldName('right')!;
    if (!this.uni.expr(limit)) return undefined;
    const body = last.node.childForFieldName('consequence')!;
    if (left.text === 'threadIdx.x') return { limit, body, lead };
    if (left.type !== 'identifier') return undefined;
    const d = this.scopes.refOf.get(left.id);
    const v = d && this.remat.has(d.id) ? d.declarator.childForFieldName('value') : null;
    const t = (d?.declaration.childForFieldName('type')?.text ?? '').trim();
    if (!v) return undefined;
    if (v.text === 'threadIdx.x' && /^(?:unsigned(?: int)?|int|long|long long|size_t)$/.test(t)) return { limit, body, lead };
    if (!/^(?:int|long|long long|ptrdiff_t|int64_t)$/.test(t) || v.type !== 'binary_expression' ||
        v.childForFieldName('operator')?.text !== '+') return undefined;
    const l = v.childForFieldName('left')!, rr = v.childForFieldName('right')!;
    if (rr.text === 'threadIdx.x' && this.uni.expr(l)) return { limit, base: l, body, lead };
    if (l.text === 'threadIdx.x' && this.uni.expr(rr)) return { limit, base: rr, body, lead };
    return undefined;
  }

  /**
   * A loop striding over the block's threads, interchanged with the thread loop: chunks of blockDim.x
   * consecutive indices, threads innermost (stride-1, no bounds test in full chunks).
   */
  private emitStrided(r: Region, body: string): string {
    const st = r.strided!;
    const T = st.typeText.replace(/\bconst\b/g, '').trim();
    const base = st.base ? this.emitBlock(st.base) : '0';
    const end = this.emitBlock(st.end);
    const step = this.emitBlock(st.step);
    const k = this.freshName('__chunk');
    const head = (check: boolean): string => {
      const lines: string[] = [];
      if (!check && !r.usesGoto) lines.push('#pragma omp simd\n');
      lines.push(THREAD_LOOP_X);
      if (r.mask) lines.push(`if (!${r.mask}[__t]) continue;\n`);
      if (this.opts.needsThreadTls) lines.push(`__cl::set_thread(threadIdx);\n`);
      lines.push(`${T} ${st.name} = ${k} + (${T})__tx;\n`);
      if (check) lines.push(`if (!(${st.name} < ${end})) continue;\n`);
      lines.push(r.usesGoto ? `{\n${body}}\n__next${r.id}:;\n` : body);
      lines.push('}\n');
      return lines.join('');
    };
    return `// loop over i = ${st.base ? 'U + ' : ''}threadIdx.x, ${st.name} < N, step S: interchanged with the thread loop\n` +
      THREAD_LOOPS_OUTER +
      `${T} ${k} = (${T})(${base});\n` +
      `for (; ${k} < (${end}) && ${k} + (${T})blockDim.x <= (${end}); ${k} += (${step})) {\n${head(false)}}\n` +
      `for (; ${k} < (${end}); ${k} += (${step})) {\n${head(true)}}\n` +
      `}\n`;
  }

  private arrayDecl(d: Decl): string {
    const name = this.arrayNames.get(d.id)!;
    if (d.kind === 'param') return `${this.paramDeclText(d, true)};\n${alias(name)}`;
    const decl = d.declaration;
    const inner = d.declarator.type === 'init_declarator' ? d.declarator.childForFieldName('declarator')! : d.declarator;
    const typeNode = decl.childForFieldName('type');
    const isPtr = inner.type === 'pointer_declarator' || inner.type === 'reference_declarator';
    let spec = '';
    for (let i = 0; i < decl.childCount; i++) {
      const c = decl.child(i)!;
      if (decl.fieldNameForChild(i) === 'declarator') break;
      if (c.type === 'type_qualifier' && (c.text === 'const' || c.text === 'constexpr') && !isPtr) continue;
      if (c.type === 'storage_class_specifier') continue;
      spec += c.text + ' ';
    }
    if (typeNode?.type === 'placeholder_type_specifier') {
      const v = d.declarator.type === 'init_declarator' ? d.declarator.childForFieldName('value') : null;
      spec = v ? `std::decay_t<decltype(${this.emitBlock(v)})> ` : 'int ';
    }
    // A reference used on both sides of a split becomes a per-thread pointer (uses read through it).
    const declText = emitNode(inner, this.src, (x) => {
      if (x.id === d.nameNode.id) return inner.type === 'reference_declarator' ? `* ${name}__s[__nt]` : `${name}__s[__nt]`;
      if (x.type === '&' && x.parent?.id === inner.id) return '';
      if (x.type === 'type_qualifier' && x.text === 'const') return '';
      return this.blockOverride(x);
    });
    return `${spec}${declText};\n${alias(name)}`;
  }

  private emitItem(r: Region, it: Item): string {
    switch (it.k) {
      case 'raw': return it.text;
      case 'paramcopy': {
        this.ref(it.decl, r.id);
        if (this.arrays.has(it.decl.id)) return `${this.arrayNames.get(it.decl.id)}[__t] = ${it.decl.name}__in;\n`;
        return `${this.paramDeclText(it.decl, false)} = ${it.decl.name}__in;\n`;
      }
      case 'xstore': {
        const v = this.emitThread(r, it.x.op.operand, it.x.op.operand);
        const store = `${it.x.name}[__t] = ${it.x.pred ? `(${v}) ? 1 : 0` : v};`;
        return (it.guard ? `if (${it.guard}[__t]) ${store}` : store) + '\n';
      }
      case 'node': return (it.pre ?? '') + this.emitThread(r, it.node, it.node) + (it.post ?? '\n');
    }
  }

  /** Text of a node inside a thread loop. */
  private emitThread(r: Region, n: SyntaxNode, itemRoot: SyntaxNode): string {
    return emitNode(n, this.src, (x) => this.threadOverride(r, x, itemRoot));
  }

  private threadOverride(r: Region, x: SyntaxNode, root: SyntaxNode): string | undefined {
    switch (x.type) {
      case 'identifier': {
        const d = this.scopes.refOf.get(x.id);
        if (!d) return undefined;
        this.ref(d, r.id);
        if (this.arrays.has(d.id)) return isRef(d) ? `(*${this.arrayNames.get(d.id)}[__t])` : `${this.arrayNames.get(d.id)}[__t]`;
        return undefined;
      }
      case 'call_expression': {
        const xi = this.xmap.get(x.id);
        if (xi) return this.readExchange(r, xi, root);
        if (isActiveMask(x)) return `__cl::activemask(${r.mask ?? 'nullptr'}, __t, __nt)`;
        return undefined;
      }
      case 'declaration': {
        const filter = this.declFilter.get(x.id);
        const dcs = x.childrenForFieldName('declarator').filter((c): c is SyntaxNode => !!c && (!filter || filter.has(c.id)));
        const arr = dcs.map((dc) => { const n = declaratorName(dc); return n ? this.scopes.refOf.get(n.id) : undefined; });
        if (!filter && !arr.some((d) => d && this.arrays.has(d.id))) return undefined;
        if (dcs.length === 0) return '';
        const spec = this.src.slice(x.startIndex, x.childForFieldName('declarator')!.startIndex);
        let out = '';
        dcs.forEach((dc, i) => {
          const d = arr[i];
          if (d) this.ref(d, r.id);
          if (d && this.arrays.has(d.id)) {
            const v = dc.type === 'init_declarator' ? dc.childForFieldName('value') : null;
            if (!v) return;
            const lhs = `${this.arrayNames.get(d.id)}[__t]`;
            const inner = dc.childForFieldName('declarator')!;
            const vt = this.emitThread(r, v, root);
            if (inner.type === 'array_declarator') {
              const tmp = emitNode(inner, this.src, (y) => (y.id === d.nameNode.id ? '__init' : undefined));
              out += `{ ${spec}${tmp} = ${vt}; std::memcpy(&${lhs}, &__init, sizeof __init); }\n`;
            } else if (v.type === 'initializer_list' || v.type === 'argument_list') {
              out += `${lhs} = std::decay_t<decltype(${lhs})>${vt};\n`;
            } else if (isRef(d)) {
              out += `${lhs} = &(${vt});\n`;
            } else {
              out += `${lhs} = ${vt};\n`;
            }
          } else {
            out += `${spec}${this.emitThread(r, dc, root)};\n`;
          }
        });
        return out;
      }
      case 'return_statement': return this.exitText(r, x, root, 'return');
      case 'break_statement': case 'continue_statement': {
        const t = targetLoop(x);
        if (t && t.startIndex >= root.startIndex && t.endIndex <= root.endIndex) return undefined;
        return this.exitText(r, x, root, x.type === 'break_statement' ? 'break' : 'continue');
      }
      case 'preproc_call': return this.pragma(x);
      case 'field_expression': {
        const arg = x.childForFieldName('argument');
        if (arg?.type === 'identifier' && BUILTINS.has(arg.text) && !this.scopes.refOf.get(arg.id) && this.inIntRematInit(x)) {
          return `(int)${x.text}`;
        }
        return undefined;
      }
      default: return undefined;
    }
  }

  /** A thread leaving the current thread loop early (return, or break/continue of a divergent loop). */
  private exitText(r: Region, x: SyntaxNode, root: SyntaxNode, what: 'return' | 'break' | 'continue'): string {
    let clear: string[] = [];
    if (what === 'return') clear = r.chain;
    else if (r.loop) {
      const inner = r.chain.slice(r.loop.chainLen);
      clear = what === 'break' ? [r.loop.lm, ...inner] : inner;
    } else if (what === 'continue') {
      const msg = 'continue inside a divergent loop that contains a barrier is not supported';
      this.diags.add(DIAG_IDS.continueInDivergentLoop, msg, x, 'error', this.lineOffset);
      return errorDirective(DIAG_IDS.continueInDivergentLoop, msg);
    }
    let nested = false;
    for (let a = x.parent; a && a.id !== root.id; a = a.parent) if (isLoop(a) || a.type === 'switch_statement') nested = true;
    if (root.id !== x.id && (isLoop(root) || root.type === 'switch_statement')) nested = true;
    let jump = 'continue;';
    if (nested) { r.usesGoto = true; jump = `goto __next${r.id};`; }
    const sets = clear.map((m) => `${m}[__t] = 0;`).join(' ');
    return `{ ${sets}${sets ? ' ' : ''}${jump} }`;
  }

  private readExchange(r: Region, xi: XInfo, root: SyntaxNode): string {
    const op = xi.op;
    const rest = op.rest.map((a) => this.emitThread(r, a, root));
    const act = xi.act ?? 'nullptr';
    const w = op.group ? this.groupWidth(op.group) : '32';
    const x = xi.name;
    switch (op.kind) {
      case 'shfl': return `__cl::shfl(${x}, __t, __nt, ${rest[0]}, ${rest[1] ?? w})`;
      case 'shfl_up': return `__cl::shfl_up(${x}, __t, __nt, ${rest[0]}, ${rest[1] ?? w})`;
      case 'shfl_down': return `__cl::shfl_down(${x}, __t, __nt, ${rest[0]}, ${rest[1] ?? w})`;
      case 'shfl_xor': return `__cl::shfl_xor(${x}, __t, __nt, ${rest[0]}, ${rest[1] ?? w})`;
      case 'ballot': return `__cl::ballot(${x}, ${act}, __t, __nt, ${w})`;
      case 'any': return `__cl::any(${x}, ${act}, __t, __nt, ${w})`;
      case 'all': return `__cl::all(${x}, ${act}, __t, __nt, ${w})`;
      case 'uni': return `(__cl::all(${x}, ${act}, __t, __nt) || !__cl::any(${x}, ${act}, __t, __nt))`;
      case 'match_any': return `__cl::match_any(${x}, ${act}, __t, __nt)`;
      case 'reduce_add': return `__cl::seg_reduce(${x}, ${act}, __t, __nt, 32, __cl::op_add())`;
      case 'reduce_min': return `__cl::seg_reduce(${x}, ${act}, __t, __nt, 32, __cl::op_min())`;
      case 'reduce_max': return `__cl::seg_reduce(${x}, ${act}, __t, __nt, 32, __cl::op_max())`;
      case 'reduce_and': return `__cl::seg_reduce(${x}, ${act}, __t, __nt, 32, __cl::op_and())`;
      case 'reduce_or': return `__cl::seg_reduce(${x}, ${act}, __t, __nt, 32, __cl::op_or())`;
      case 'reduce_xor': return `__cl::seg_reduce(${x}, ${act}, __t, __nt, 32, __cl::op_xor())`;
      case 'cg_reduce': return `__cl::seg_reduce(${x}, ${act}, __t, __nt, ${w}, ${rest[0]})`;
      case 'cg_inclusive_scan': return `__cl::seg_scan(${x}, ${act}, __t, ${w}, ${rest[0] ?? '__cl::op_add()'}, true)`;
      case 'cg_exclusive_scan': return `__cl::seg_scan(${x}, ${act}, __t, ${w}, ${rest[0] ?? '__cl::op_add()'}, false)`;
      case 'sync_count': return `__cl::block_count(${x}, ${act}, __nt)`;
      case 'sync_and': return `__cl::block_and(${x}, ${act}, __nt)`;
      case 'sync_or': return `__cl::block_or(${x}, ${act}, __nt)`;
    }
  }

  /** Lane count of a cooperative-groups tile, from its type or the tiled_partition that made it. */
  private groupWidth(g: SyntaxNode): string {
    const re = /(?:thread_block_tile|tiled_partition)\s*<\s*([^>,]+?)\s*[>,]/;
    let m = re.exec(g.text);
    if (!m && g.type === 'identifier') {
      const d = this.scopes.refOf.get(g.id);
      if (d) m = re.exec(d.declaration.text);
    }
    if (m) return `(int)(${m[1]})`;
    return '32';
  }

  private wrapKernel(inner: string): string {
    const sharedText = this.shared.map((s) => this.sharedDecl(s)).join('');
    const lines: string[] = [];
    lines.push('{\n');
    const info = this.splits === 0
      ? 'no barriers or warp collectives: one thread loop per block'
      : `${this.splits} split point(s) (barriers / warp exchanges) -> ${this.regions.length} thread loops per block` +
        (this.arrays.size ? `; per-thread arrays: ${[...this.arrays].map((i) => this.arrayNames.get(i)).join(', ')}` : '');
    lines.push(`// cuda-lens: ${info}\n`);
    lines.push('const long long __nb = (long long)gridDim.x * gridDim.y * gridDim.z;\n');
    lines.push('const unsigned __nt = blockDim.x * blockDim.y * blockDim.z;\n');
    lines.push('(void)__nt;\n');
    lines.push('#pragma omp parallel for schedule(static)\n');
    lines.push('for (long long __b = 0; __b < __nb; ++__b) {\n');
    lines.push('const uint3 blockIdx = __cl::block_index(__b, gridDim);\n');
    lines.push('__cl::set_block(blockIdx, blockDim, gridDim);\n');
    lines.push('alignas(16) unsigned char __dsmem[__cl_shmem ? __cl_shmem : 1];\n');
    lines.push('__cl::set_dynamic_shared(__dsmem);\n');
    lines.push(sharedText);
    if (this.needsAct) lines.push(perThread('unsigned char', '__act') + 'std::memset(__act, 1, __nt);\n');
    if (this.blockReturn) lines.push(`[&]() {\n${inner}}();\n`);
    else lines.push(inner);
    lines.push('}\n}\n');
    return lines.join('');
  }

  private sharedDecl(s: SyntaxNode): string {
    const isExtern = /\bextern\b/.test(s.text.slice(0, 40));
    if (!isExtern) {
      // One copy per block: a local of the block loop (a `static` one would be shared by all blocks).
      return emitNode(s, this.src, (x) => ((x.type === 'type_qualifier' && x.text === '__shared__') ||
        (x.type === 'storage_class_specifier' && x.text === 'static') ? '' : undefined)).replace(/^\s+/, '') + '\n';
    }
    const dcs = s.childrenForFieldName('declarator').filter((c): c is SyntaxNode => !!c);
    let spec = '';
    for (let i = 0; i < s.childCount; i++) {
      const c = s.child(i)!;
      if (s.fieldNameForChild(i) === 'declarator') break;
      if (c.type === 'storage_class_specifier' || (c.type === 'type_qualifier' && c.text === '__shared__')) continue;
      if (/^__align__|^alignas/.test(c.text)) continue;
      spec += c.text + ' ';
    }
    spec = spec.replace(/__align__\s*\([^)]*\)/g, '').trim();
    return dcs.map((dc) => {
      const name = declaratorName(dc)?.text ?? 'smem';
      return `${spec}* ${name} = reinterpret_cast<${spec}*>(__dsmem);\n`;
    }).join('');
  }
}

function isDecl(x: SyntaxNode | Decl): x is Decl {
  return (x as Decl).nameNode !== undefined;
}

export function hasQualifier(decl: SyntaxNode, q: string): boolean {
  for (let i = 0; i < decl.childCount; i++) {
    const c = decl.child(i)!;
    if (c.type === 'type_qualifier' && c.text === q) return true;
  }
  return false;
}

function hasReturn(s: SyntaxNode): boolean {
  let found = false;
  walk(s, (x) => { if (x.type === 'lambda_expression') return false; if (x.type === 'return_statement') found = true; return !found; });
  return found;
}

function isRef(d: Decl): boolean {
  const inner = d.declarator.type === 'init_declarator' ? d.declarator.childForFieldName('declarator') : d.declarator;
  return inner?.type === 'reference_declarator';
}

/** A loop body the interchange keeps intact: no jumps out of it and no returns. */
function simpleBody(loop: SyntaxNode): boolean {
  const body = loop.childForFieldName('body');
  if (!body) return false;
  let ok = true;
  walk(body, (x) => {
    if (!ok || x.type === 'lambda_expression') return false;
    if (x.type === 'return_statement' || x.type === 'goto_statement') ok = false;
    if ((x.type === 'break_statement' || x.type === 'continue_statement')) {
      const t = targetLoop(x);
      if (!t || t.id === loop.id || t.startIndex < body.startIndex) ok = false;
    }
    return ok;
  });
  return ok;
}

/**
 * Per-thread storage: a block-local array, used through a pointer (GCC does not vectorize accesses that go
 * through a variably-sized array type, but does through a plain pointer).
 */
function perThread(type: string, name: string): string {
  return `${type} ${name}__s[__nt];\n${alias(name)}`;
}
function alias(name: string): string {
  return `auto* const ${name} = ${name}__s;\n`;
}

const BUILTINS = new Set(['threadIdx', 'blockIdx', 'blockDim', 'gridDim']);

/** An expression built from + - * (and parentheses) only. */
function ringOnly(e: SyntaxNode): boolean {
  if (e.type === 'binary_expression') {
    const op = e.childForFieldName('operator')?.text;
    return (op === '+' || op === '-' || op === '*') && ringOnly(e.childForFieldName('left')!) && ringOnly(e.childForFieldName('right')!);
  }
  if (e.type === 'parenthesized_expression') return namedKids(e).every(ringOnly);
  return e.type === 'identifier' || e.type === 'number_literal' || e.type === 'field_expression';
}
