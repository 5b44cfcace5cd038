// Decides which kernel locals are block-uniform: assigned only at block level (outside per-thread code)
// from expressions that depend only on parameters, blockIdx/blockDim/gridDim, constants and other uniform
// variables. Uniform variables stay scalars shared by the block, so loops whose condition is uniform (the
// usual `for (s = blockDim.x / 2; s > 0; s >>= 1)` around a barrier) remain plain loops after fission.
import type { LiteNode as SyntaxNode } from './lite-tree';
import { walk, namedKids, declaratorName } from './emit-node';
import type { Decl, ScopeInfo } from './scope';
import { containsSync } from './sync-ops';

const PURE_CALLS = new Set(['min', 'max', 'fminf', 'fmaxf', 'fmin', 'fmax', 'abs', 'fabs', 'fabsf', 'sqrt', 'sqrtf',
  'rsqrtf', 'exp', 'expf', 'log', 'logf', 'log2', 'log2f', 'floor', 'floorf', 'ceil', 'ceilf', 'pow', 'powf',
  'static_cast', 'const_cast', 'reinterpret_cast', '__popc', '__clz', '__ffs', 'umin', 'umax', 'llmin', 'llmax']);
const SCALAR_TYPE = /^(?:(?:const|volatile|unsigned|signed|short|long|int|char|float|double|bool|size_t|ptrdiff_t|auto|dim3|uint3|[A-Za-z_]\w*_t|(?:cg|cooperative_groups)::\w+(?:\s*<[^>]*>)?)\s*)+$/;
/** Cooperative-groups handles are the same for every thread that creates them. */
const GROUP_CALLS = new Set(['this_thread_block', 'tiled_partition', 'coalesced_threads', 'this_grid']);
const GROUP_QUERIES = new Set(['size', 'num_threads', 'meta_group_size', 'dim_threads', 'group_dim']);

export class Uniformity {
  readonly uniform = new Set<number>();
  private sites = new Map<number, { node: SyntaxNode; rhs: SyntaxNode | null; block: boolean }[]>();

  /**
   * `structural` says which statements the lowering splits around (barriers, warp collectives, and loops it
   * interchanges with the thread loop); statements between them run per thread, statements at their level
   * may run once per block.
   */
  constructor(private readonly scopes: ScopeInfo, private readonly body: SyntaxNode,
              private readonly structural: (s: SyntaxNode) => boolean = containsSync) {}

  /** Runs the analysis to a fixpoint over the kernel body. */
  run(): void {
    for (const d of this.scopes.decls) if (this.candidate(d)) this.uniform.add(d.id);
    for (let iter = 0; iter < 20; iter++) {
      this.sites.clear();
      this.plan(listOf(this.body), true);
      let changed = false;
      for (const d of this.scopes.decls) {
        if (!this.uniform.has(d.id)) continue;
        const ss = this.sites.get(d.id) ?? [];
        const ok = ss.every((s) => s.block && (s.rhs === null || this.expr(s.rhs)));
        if (!ok) { this.uniform.delete(d.id); changed = true; }
      }
      if (!changed) break;
    }
  }

  private candidate(d: Decl): boolean {
    if (d.kind === 'param') return true;
    const decl = d.declaration;
    if (decl.type !== 'declaration') return false;
    if (/__shared__|\bstatic\b|\bextern\b/.test(decl.text.slice(0, 80))) return false;
    let inner = d.declarator.type === 'init_declarator' ? d.declarator.childForFieldName('declarator')! : d.declarator;
    if (inner.type === 'array_declarator') return false;
    if (inner.type === 'pointer_declarator') return true;
    const typeNode = decl.childForFieldName('type');
    const spec = this.specText(decl, typeNode);
    return SCALAR_TYPE.test(spec.trim());
  }

  private specText(decl: SyntaxNode, typeNode: SyntaxNode | null): string {
    const first = decl.childForFieldName('declarator');
    if (!first) return typeNode?.text ?? '';
    return decl.text.slice(0, first.startIndex - decl.startIndex);
  }

  /** Assignment sites of a declaration found by the last planning pass (its declaration included). */
  sitesOf(d: Decl): number {
    return this.sites.get(d.id)?.length ?? 0;
  }

  private site(d: Decl | undefined, node: SyntaxNode, rhs: SyntaxNode | null, block: boolean): void {
    if (!d) return;
    let l = this.sites.get(d.id);
    if (!l) this.sites.set(d.id, (l = []));
    l.push({ node, rhs, block });
  }

  /** Records every assignment site inside a subtree with the given position. */
  private mark(n: SyntaxNode, block: boolean): void {
    walk(n, (x) => {
      if (x.type === 'declaration') {
        for (const dc of x.childrenForFieldName('declarator')) {
          if (!dc) continue;
          const name = this.nameOf(dc);
          const d = name ? this.scopes.refOf.get(name.id) : undefined;
          this.site(d, x, dc.type === 'init_declarator' ? dc.childForFieldName('value') : null, block);
        }
      } else if (x.type === 'assignment_expression') {
        const left = x.childForFieldName('left');
        if (left?.type === 'identifier') {
          const d = this.scopes.refOf.get(left.id);
          const op = x.childForFieldName('operator')?.text ?? '=';
          this.site(d, x, x.childForFieldName('right'), block);
          if (op !== '=' && d && !this.uniform.has(d.id)) this.site(d, x, null, false);
        }
      } else if (x.type === 'update_expression') {
        const arg = x.childForFieldName('argument');
        if (arg?.type === 'identifier') this.site(this.scopes.refOf.get(arg.id), x, null, block);
      } else if (x.type === 'pointer_expression' && x.child(0)?.type === '&') {
        const arg = x.childForFieldName('argument');
        if (arg?.type === 'identifier') this.site(this.scopes.refOf.get(arg.id), x, null, false);
      } else if (x.type === 'call_expression') {
        // A method call on a local object may modify it from every thread.
        const f = x.childForFieldName('function');
        const obj = f?.type === 'field_expression' ? f.childForFieldName('argument') : null;
        if (obj?.type === 'identifier') {
          const d = this.scopes.refOf.get(obj.id);
          const m = f!.childForFieldName('field')?.text ?? '';
          if (!['sync', 'thread_rank', 'size', 'num_threads', 'meta_group_rank', 'meta_group_size', 'group_index',
            'thread_index', 'group_dim', 'dim_threads'].includes(m) && !containsSync(x)) this.site(d, x, null, false);
        }
      }
    });
  }

  private nameOf(dc: SyntaxNode): SyntaxNode | undefined {
    return declaratorName(dc);
  }

  private plan(list: SyntaxNode[], blockOK: boolean): void {
    const split = list.some((s) => this.structural(s));
    for (const s of list) {
      if (!split || !blockOK) { this.mark(s, false); continue; }
      if (this.structural(s)) {
        if (s.type === 'compound_statement') this.plan(listOf(s), true);
        else if (s.type === 'if_statement' && this.expr(condOf(s))) {
          this.plan(listOf(s.childForFieldName('consequence')!), true);
          const alt = s.childForFieldName('alternative');
          if (alt) this.plan(listOf(elseBody(alt)), true);
        } else if (isLoop(s) && this.loopUniform(s)) {
          const init = s.childForFieldName('initializer');
          const upd = s.childForFieldName('update');
          if (init) this.mark(init, true);
          if (upd) this.mark(upd, true);
          this.plan(listOf(s.childForFieldName('body')!), true);
        } else this.mark(s, false);
      } else if (this.isBlockStmt(s)) this.mark(s, true);
      else if (s.type === 'declaration') this.markDeclarators(s);
      else this.mark(s, false);
    }
  }

  /**
   * `int bx = blockIdx.x, tx = threadIdx.x;` at block level: the lowering splits such a declaration, so
   * each declarator is judged on its own.
   */
  private markDeclarators(s: SyntaxNode): void {
    for (const dc of s.childrenForFieldName('declarator')) {
      if (!dc) continue;
      const n = this.nameOf(dc);
      const d = n ? this.scopes.refOf.get(n.id) : undefined;
      const v = dc.type === 'init_declarator' ? dc.childForFieldName('value') : null;
      if (v) this.mark(v, false);
      this.site(d, s, v, !!d && this.uniform.has(d.id) && this.expr(v));
    }
  }

  /** The declarators of a declaration whose variables are block-uniform (the split-off block-level part). */
  uniformDeclarators(s: SyntaxNode): SyntaxNode[] {
    if (/__shared__|\bstatic\b|\bextern\b/.test(s.text.slice(0, 60))) return [];
    return s.childrenForFieldName('declarator').filter((dc): dc is SyntaxNode => {
      if (!dc) return false;
      const n = this.nameOf(dc);
      const d = n ? this.scopes.refOf.get(n.id) : undefined;
      return !!d && this.uniform.has(d.id);
    });
  }

  /** Statements that run once per block at block level (between thread loops). */
  isBlockStmt(s: SyntaxNode): boolean {
    if (isTypeLevel(s)) return true;
    switch (s.type) {
      case 'declaration': {
        if (/__shared__/.test(s.text.slice(0, 60))) return false;
        const dcs = s.childrenForFieldName('declarator').filter((x): x is SyntaxNode => !!x);
        return dcs.length > 0 && dcs.every((dc) => {
          const n = this.nameOf(dc);
          const d = n ? this.scopes.refOf.get(n.id) : undefined;
          if (!d || !this.uniform.has(d.id)) return false;
          const v = dc.type === 'init_declarator' ? dc.childForFieldName('value') : null;
          return !v || this.expr(v);
        });
      }
      case 'expression_statement': {
        const e = namedKids(s)[0];
        return !!e && this.assignsUniform(e);
      }
      case 'break_statement': case 'continue_statement': case 'comment': return true;
      case 'return_statement': return namedKids(s).length === 0;
      case 'compound_statement': return listOf(s).every((x) => this.isBlockStmt(x));
      case 'if_statement': {
        if (!this.expr(condOf(s))) return false;
        const alt = s.childForFieldName('alternative');
        return this.isBlockStmt(s.childForFieldName('consequence')!) && (!alt || this.isBlockStmt(elseBody(alt)));
      }
      default: return false;
    }
  }

  /** An expression that only assigns uniform variables from uniform values. */
  assignsUniform(e: SyntaxNode): boolean {
    if (e.type === 'comma_expression') return namedKids(e).every((x) => this.assignsUniform(x));
    if (e.type === 'parenthesized_expression') return this.assignsUniform(namedKids(e)[0]);
    if (e.type === 'assignment_expression') {
      const l = e.childForFieldName('left');
      const d = l?.type === 'identifier' ? this.scopes.refOf.get(l.id) : undefined;
      return !!d && this.uniform.has(d.id) && this.expr(e.childForFieldName('right'));
    }
    if (e.type === 'update_expression') {
      const a = e.childForFieldName('argument');
      const d = a?.type === 'identifier' ? this.scopes.refOf.get(a.id) : undefined;
      return !!d && this.uniform.has(d.id);
    }
    return false;
  }

  loopUniform(s: SyntaxNode): boolean {
    const cond = condOf(s);
    if (cond && !this.expr(cond)) return false;
    if (s.type === 'for_statement') {
      const init = s.childForFieldName('initializer');
      if (init && !(init.type === 'declaration' ? this.isBlockStmt(init) : this.assignsUniform(init))) return false;
      const upd = s.childForFieldName('update');
      if (upd && !this.assignsUniform(upd)) return false;
    } else if (s.type === 'for_range_loop') return false;
    // break/continue aimed at this loop must be reachable at block level.
    let ok = true;
    walk(s.childForFieldName('body')!, (x) => {
      if (!ok) return false;
      if (isLoop(x) || x.type === 'switch_statement' || x.type === 'lambda_expression') {
        if (x.type === 'switch_statement') {
          // a continue inside a switch still targets the loop
          walk(x, (y) => { if (y.type === 'continue_statement' && targetLoop(y)?.id === s.id && !this.blockReachable(y, s)) ok = false; });
        }
        return false;
      }
      if ((x.type === 'break_statement' || x.type === 'continue_statement') && !this.blockReachable(x, s)) ok = false;
      return true;
    });
    return ok;
  }

  private blockReachable(b: SyntaxNode, loop: SyntaxNode): boolean {
    for (let a = b.parent; a && a.id !== loop.id; a = a.parent) {
      if (a.type === 'compound_statement') { if (!(containsSync(a) || this.isBlockStmt(a))) return false; }
      else if (a.type === 'if_statement') { if (!this.expr(condOf(a)) || !(containsSync(a) || this.isBlockStmt(a))) return false; }
      else if (a.type !== 'else_clause') return false;
    }
    return true;
  }

  /** Is an expression the same for every thread of a block? */
  expr(e: SyntaxNode | null): boolean {
    if (!e) return true;
    switch (e.type) {
      case 'number_literal': case 'char_literal': case 'string_literal': case 'true': case 'false':
      case 'null': case 'nullptr': case 'this': case 'sizeof_expression': case 'alignof_expression':
      case 'concatenated_string': case 'type_descriptor': case 'primitive_type': case 'type_identifier':
        return true;
      case 'identifier': {
        const d = this.scopes.refOf.get(e.id);
        if (d) return this.uniform.has(d.id);
        return e.text !== 'threadIdx';
      }
      case 'qualified_identifier': return true;
      case 'field_expression': return this.expr(e.childForFieldName('argument'));
      case 'subscript_expression': return this.expr(e.childForFieldName('argument')) &&
        namedKids(e.childForFieldName('indices') ?? e).slice(e.childForFieldName('indices') ? 0 : 1).every((x) => this.expr(x));
      case 'call_expression': {
        const f = e.childForFieldName('function');
        let name = f?.text ?? '';
        if (f?.type === 'template_function') name = f.childForFieldName('name')?.text ?? '';
        if (f?.type === 'qualified_identifier') {
          let q: SyntaxNode | null = f;
          while (q && q.type === 'qualified_identifier') q = q.childForFieldName('name');
          const qn = q?.type === 'template_function' ? q.childForFieldName('name')?.text : q?.text;
          if (qn && GROUP_CALLS.has(qn)) name = qn;
        }
        if (f?.type === 'field_expression' && GROUP_QUERIES.has(f.childForFieldName('field')?.text ?? '')) {
          return this.expr(f.childForFieldName('argument'));
        }
        if (GROUP_CALLS.has(name)) return true;
        if (!PURE_CALLS.has(name)) return false;
        const args = e.childForFieldName('arguments');
        return !args || namedKids(args).every((x) => this.expr(x));
      }
      case 'binary_expression': case 'conditional_expression': case 'parenthesized_expression':
      case 'cast_expression': case 'unary_expression': case 'pointer_expression': case 'condition_clause':
      case 'initializer_list': case 'argument_list': case 'subscript_argument_list':
        return namedKids(e).every((x) => this.expr(x));
      default: return false;
    }
  }
}

export function isLoop(n: SyntaxNode): boolean {
  return n.type === 'for_statement' || n.type === 'while_statement' || n.type === 'do_statement' || n.type === 'for_range_loop';
}

/** The controlling condition of an if/while/do/for (the expression, without a condition_clause wrapper). */
export function condOf(s: SyntaxNode): SyntaxNode | null {
  const c = s.childForFieldName('condition');
  if (!c) return null;
  if (c.type === 'condition_clause') return c.childForFieldName('value') ?? namedKids(c)[0] ?? null;
  if (c.type === 'parenthesized_expression') return namedKids(c)[0] ?? c;
  return c;
}

export function elseBody(alt: SyntaxNode): SyntaxNode {
  return alt.type === 'else_clause' ? namedKids(alt)[0] : alt;
}

/** Statements of a body: the children of a compound statement, or the single statement. */
export function listOf(s: SyntaxNode): SyntaxNode[] {
  if (s.type !== 'compound_statement') return [s];
  const out: SyntaxNode[] = [];
  for (let i = 0; i < s.namedChildCount; i++) out.push(s.namedChild(i)!);
  return out;
}

/** The loop or switch a break (or the loop a continue) leaves. */
export function targetLoop(b: SyntaxNode): SyntaxNode | undefined {
  for (let a = b.parent; a; a = a.parent) {
    if (a.type === 'lambda_expression' || a.type === 'function_definition') return undefined;
    if (isLoop(a)) return a;
    if (a.type === 'switch_statement' && b.type === 'break_statement') return a;
  }
  return undefined;
}

/** Type aliases and constexpr constants: no per-thread state, so they can always live at block level. */
export function isTypeLevel(s: SyntaxNode): boolean {
  if (s.type === 'alias_declaration' || s.type === 'type_definition' || s.type === 'static_assert_declaration') return true;
  if (s.type !== 'declaration') return false;
  for (let i = 0; i < s.childCount; i++) {
    const c = s.child(i)!;
    if (c.type === 'type_qualifier' && c.text === 'constexpr') return true;
  }
  return false;
}
