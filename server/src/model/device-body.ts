// Walks the body of a kernel or device function once, in statement order, and records what rules and the
// cost model read: shared arrays, barriers and atomics with the guards and loops around them, memory
// accesses with affine index forms, loops with their headers, early returns, and which locals depend on
// threadIdx. Locals are tracked flow-sensitively in statement order; a variable assigned inside a loop
// is treated as unknown inside that loop (its value differs between iterations).
import type { SyntaxNode } from '../parse/grammar';
import type {
  AffineForm, Barrier, Guard, IntrinsicCall, KernelBody, KernelLoop, MemoryAccess, MemorySpace, Param, SharedArray,
} from './types';
import { addForms, coefficientOf, constantForm, mulForms, symbolForm } from './affine';
import { formOfText, type IdentifierForm } from './affine-parse';
import { evaluateText, typeBytes, type EvalEnv } from './evaluate';
import { qualifiersOf } from './functions';
import { classifyCall } from './intrinsics';
import { arrayDims, assignedIn, castPointee, firstIndex, hasPointer, indexNodes, unwrapCasts } from './device-syntax';
import { readForHeader, tripCount, type CompareOp } from './loops';
import { calleeName, calleeScope, callArguments, childrenOf, declaratorName, declaratorsOf, namedChildrenOf, rangeOf, shortText, unparen, typeOf, typeOfMaybe, textOf, textOfMaybe, lengthOf, fieldOf, fieldOfMaybe } from './syntax';

/** A file-scope array visible to every kernel: `__constant__`/`__device__` data, or a `__shared__` array
 *  declared outside any function (then `shared` describes it; each kernel that uses it lists it). */
export interface GlobalArray { space: 'constant' | 'global' | 'shared'; elementType: string; shared?: SharedArray }

export interface DeviceScope {
  file: string;
  env: EvalEnv;
  /** File-scope `__constant__`/`__device__` variables by name. */
  globals: Map<string, GlobalArray>;
}

interface ArrayInfo {
  space: MemorySpace;
  elementType?: string;
  baseArray?: string;
  baseOffset?: AffineForm;
}

/** Deepest statement nesting walked; beyond it the code is garbage or generated. */
const MAX_DEPTH = 200;

const BUILTIN_BASES = new Set(['threadIdx', 'blockIdx', 'blockDim', 'gridDim']);
const WORD = /[A-Za-z_]\w*/g;
const THREAD_WORDS = new Set(['threadIdx', 'thread_rank', 'thread_index', '__lane_id', 'laneid']);

/** Expression kinds whose subtree records nothing unless its text shows a subscript, a call, an
 *  assignment, an increment or a dereference; skipping them saves creating their nodes. */
const PRUNABLE = new Set([
  'binary_expression', 'parenthesized_expression', 'field_expression', 'unary_expression', 'cast_expression',
  'condition_clause', 'initializer_list', 'comma_expression', 'argument_list',
]);
const MAY_RECORD = /\[|[\w>]\s*\(|[^=!<>]=(?!=)|\+\+|--|(^|[-+*/%(,=<>!&|^?:~]\s*)\*/;

class DeviceWalker {
  readonly body: KernelBody = {
    sharedArrays: [], barriers: [], accesses: [], loops: [], atomics: [], warpIntrinsics: [], calls: [], returns: [],
    threadDependentLocals: [],
  };
  private readonly constants: Map<string, number>;
  /** Local scalars: an affine form, or undefined when not affine (then a symbol if thread-independent). */
  private readonly forms = new Map<string, AffineForm | undefined>();
  private readonly threadDependent = new Set<string>();
  private readonly arrays = new Map<string, ArrayInfo>();
  private readonly params = new Map<string, Param>();
  /** Locals bound to the thread block (`cg::thread_block b = cg::this_thread_block()`), and tile sizes of
   *  `thread_block_tile<N>` locals. */
  private readonly blockGroups = new Set<string>();
  private readonly tileSizes = new Map<string, number>();
  /** Stacks of the enclosing guards and loops. Never mutated in place (entering one makes a new array), so
   *  every access, barrier and call can share the array current at its position instead of copying it. */
  private guards: Guard[] = [];
  private loops: KernelLoop[] = [];
  private depth = 0;
  private readonly identifier: IdentifierForm;

  constructor(private readonly scope: DeviceScope, params: Param[], isKernel: boolean, templateValues: Map<string, number>) {
    this.constants = new Map(scope.env.constants);
    for (const [k, v] of templateValues) this.constants.set(k, v);
    for (const p of params) {
      this.params.set(p.name, p);
      // Kernel pointer parameters point to global memory; a device function can be handed any space.
      if (p.isPointer) this.arrays.set(p.name, { space: isKernel ? 'global' : 'unknown', elementType: p.baseType });
    }
    this.identifier = (name) => this.identifierForm(name);
  }

  private env(): EvalEnv {
    return { constants: this.constants, macros: this.scope.env.macros };
  }

  private constantOf(node: SyntaxNode): number | undefined {
    if (lengthOf(node) > 300) return undefined;
    return evaluateText(node.text, this.env());
  }

  private identifierForm(name: string): AffineForm | undefined {
    if (name.includes('(')) return this.groupQuery(name);
    if (this.forms.has(name)) {
      const f = this.forms.get(name);
      if (f) return f;
      return this.threadDependent.has(name) ? undefined : symbolForm(name);
    }
    const c = this.constants.get(name);
    if (c !== undefined) return Number.isInteger(c) ? constantForm(c) : undefined;
    return symbolForm(name);
  }

  /** Cooperative-groups queries on a thread block (`cg::thread_block b = cg::this_thread_block()`) in terms of
   *  the built-in indices (CUDA C++ Programming Guide, "Thread Block Group": thread_rank() is the linearized
   *  thread index, size() the block's thread count); and size() of a `thread_block_tile<N>`. */
  private groupQuery(call: string): AffineForm | undefined {
    const m = /^(\w+)\.(\w+)\(\)(?:\.([xyz]))?$/.exec(call);
    if (!m) return undefined;
    const [, group, query, axis] = m;
    const tile = this.tileSizes.get(group);
    if (tile !== undefined) return query === 'size' || query === 'num_threads' ? constantForm(tile) : undefined;
    if (!this.blockGroups.has(group)) return undefined;
    const v = (s: string): AffineForm => symbolForm(s);
    const linear = (base: 'threadIdx' | 'blockDim'): AffineForm | undefined => {
      const x = base === 'threadIdx' ? v('threadIdx.x') : v('blockDim.x');
      const y = mulForms(v(`${base}.y`), v('blockDim.x'));
      const z = mulForms(mulForms(v(`${base}.z`), v('blockDim.x')) ?? constantForm(0), v('blockDim.y'));
      return y && z ? addForms(addForms(x, y), z) : undefined;
    };
    switch (query) {
      case 'thread_rank':
        return axis ? undefined : linear('threadIdx');
      case 'size':
      case 'num_threads':
        return axis ? undefined : mulForms(mulForms(v('blockDim.x'), v('blockDim.y')) ?? constantForm(0), v('blockDim.z'));
      case 'thread_index':
        return axis ? v(`threadIdx.${axis}`) : undefined;
      case 'group_index':
        return axis ? v(`blockIdx.${axis}`) : undefined;
      case 'group_dim':
      case 'dim_threads':
        return axis ? v(`blockDim.${axis}`) : undefined;
      default:
        return undefined;
    }
  }

  private form(node: SyntaxNode | null | undefined): AffineForm | undefined {
    if (!node) return undefined;
    if (lengthOf(node) > 1000) return undefined;
    return formOfText(node.text, this.identifier, this.env());
  }

  /** Does the value of this expression differ between the threads of a block? Read from the names in its
   *  text (threadIdx, a thread-dependent local, `thread_rank()`, an atomic's returned old value): a word
   *  scan of short text is much cheaper than visiting the expression's nodes. */
  private mentionsThread(node: SyntaxNode | null | undefined): boolean {
    if (!node) return false;
    if (lengthOf(node) > 20000) return true;
    for (const m of textOf(node).matchAll(WORD)) {
      const w = m[0];
      if (THREAD_WORDS.has(w) || this.threadDependent.has(w) || /^atomic[A-Z]/.test(w)) return true;
    }
    return false;
  }

  private guard(kind: Guard['kind'], condition: SyntaxNode | null | undefined, threadDependent?: boolean): Guard {
    const c = condition ?? undefined;
    return {
      file: this.scope.file,
      range: c ? rangeOf(c) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      kind,
      conditionText: c ? shortText(c, 300) : '',
      threadDependent: threadDependent ?? this.mentionsThread(c),
    };
  }

  run(body: SyntaxNode): void {
    this.walk(body, body);
    this.body.threadDependentLocals = [...this.threadDependent];
  }

  private withGuard(g: Guard, f: () => void): void {
    const saved = this.guards;
    this.guards = [...saved, g];
    try {
      f();
    } finally {
      this.guards = saved;
    }
  }

  private walk(node: SyntaxNode, fnBody: SyntaxNode): void {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return;
    }
    try {
      this.visit(node, fnBody);
    } finally {
      this.depth--;
    }
  }

  private walkChildren(node: SyntaxNode, fnBody: SyntaxNode): void {
    for (const c of namedChildrenOf(node)) this.walk(c, fnBody);
  }

  private visit(node: SyntaxNode, fnBody: SyntaxNode): void {
    const type = typeOf(node);
    if (PRUNABLE.has(type) && !MAY_RECORD.test(textOf(node))) return;
    switch (type) {
      case 'declaration':
        return this.declaration(node, fnBody);
      case 'if_statement': {
        const cond = fieldOf(node, 'condition');
        const condValue = fieldOfMaybe(cond, 'value') ?? cond;
        if (cond) this.walk(cond, fnBody);
        const g = this.guard('if', condValue);
        const cons = fieldOf(node, 'consequence');
        if (cons) this.withGuard(g, () => this.walk(cons, fnBody));
        const alt = fieldOf(node, 'alternative');
        if (alt) this.withGuard({ ...g, kind: 'else' }, () => this.walk(alt, fnBody));
        return;
      }
      case 'for_statement':
        return this.forLoop(node, fnBody);
      case 'while_statement':
      case 'do_statement':
        return this.otherLoop(node, typeOf(node) === 'while_statement' ? 'while' : 'do', fnBody);
      case 'switch_statement': {
        const cond = fieldOf(node, 'condition');
        if (cond) this.walk(cond, fnBody);
        const body = fieldOf(node, 'body');
        if (body) this.withGuard(this.guard('switch', fieldOfMaybe(cond, 'value') ?? cond), () => this.walk(body, fnBody));
        return;
      }
      case 'conditional_expression': {
        const cond = fieldOf(node, 'condition');
        if (cond) this.walk(cond, fnBody);
        const g = this.guard('ternary', cond);
        for (const field of ['consequence', 'alternative']) {
          const part = fieldOf(node, field);
          if (part) this.withGuard(g, () => this.walk(part, fnBody));
        }
        return;
      }
      case 'return_statement': {
        this.walkChildren(node, fnBody);
        const isFinal = node.parent?.id === fnBody.id && fnBody.lastNamedChild?.id === node.id;
        if (!isFinal) this.body.returns.push({ range: rangeOf(node), guards: this.guards });
        return;
      }
      case 'call_expression':
        return this.call(node, fnBody);
      case 'subscript_expression':
        return this.subscript(node, false, true, false, undefined, fnBody);
      case 'pointer_expression':
        return this.pointerExpression(node, false, true, fnBody);
      case 'assignment_expression':
        return this.assignment(node, fnBody);
      case 'update_expression': {
        const arg = fieldOf(node, 'argument');
        if (!arg) return;
        const target = unparen(arg);
        if (typeOf(target) === 'subscript_expression') return this.subscript(target, true, true, false, undefined, fnBody);
        if (typeOf(target) === 'pointer_expression') return this.pointerExpression(target, true, true, fnBody);
        if (typeOf(target) === 'identifier' && this.forms.has(textOf(target))) {
          const f = this.forms.get(textOf(target));
          const delta = typeOfMaybe(fieldOf(node, 'operator')) === '--' ? -1 : 1;
          this.forms.set(target.text, f ? addForms(f, constantForm(delta)) : undefined);
        }
        return;
      }
      case 'function_definition':
        // Only inside the ERROR node of a half-typed function: the next function, walked on its own.
        return;
      case 'lambda_expression': {
        const body = fieldOf(node, 'body');
        if (body) this.walk(body, body);
        return;
      }
      case 'identifier':
      case 'number_literal':
      case 'string_literal':
      case 'comment':
      case 'field_identifier':
      case 'type_identifier':
      case 'primitive_type':
        return;
      default:
        return this.walkChildren(node, fnBody);
    }
  }

  private declaration(node: SyntaxNode, fnBody: SyntaxNode): void {
    const q = qualifiersOf(node);
    const typeText = textOfMaybe(fieldOf(node, 'type')) ?? '';
    const isShared = q.has('__shared__');
    for (const d of declaratorsOf(node)) {
      const inner = typeOf(d) === 'init_declarator' ? fieldOf(d, 'declarator') : d;
      const value = typeOf(d) === 'init_declarator' ? fieldOf(d, 'value') : null;
      const nameNode = declaratorName(d);
      if (!nameNode || !inner) continue;
      const name = textOf(nameNode);
      if (value) this.walk(value, fnBody);
      const dims = arrayDims(inner);
      const isPointer = hasPointer(inner);
      if (isShared) {
        this.sharedArray(node, name, typeText, dims, q.has('extern'));
        this.arrays.set(name, { space: 'shared', elementType: typeText });
        continue;
      }
      if (dims.length) {
        this.arrays.set(name, { space: 'local', elementType: typeText });
        continue;
      }
      if (isPointer) {
        this.arrays.set(name, this.derivedPointer(value, typeText));
        this.forms.delete(name);
        continue;
      }
      this.arrays.delete(name);
      this.noteGroup(name, typeText, value);
      this.setLocal(name, value);
      if (value && (q.has('const') || q.has('constexpr'))) {
        const c = value ? this.constantOf(value) : undefined;
        if (c !== undefined) this.constants.set(name, c);
      }
    }
  }

  private noteGroup(name: string, typeText: string, value: SyntaxNode | null | undefined): void {
    const valueText = value && lengthOf(value) < 200 ? textOf(value) : '';
    const tile = /thread_block_tile\s*<\s*(\d+)/.exec(typeText) ?? /tiled_partition\s*<\s*(\d+)\s*>/.exec(valueText);
    if (tile) this.tileSizes.set(name, Number(tile[1]));
    else if (/\bthread_block\b/.test(typeText) || /this_thread_block\s*\(\s*\)$/.test(valueText)) this.blockGroups.add(name);
  }

  private setLocal(name: string, value: SyntaxNode | null | undefined): void {
    this.forms.set(name, this.form(value));
    if (value && this.mentionsThread(value)) this.threadDependent.add(name);
    else this.threadDependent.delete(name);
  }

  private sharedArray(decl: SyntaxNode, name: string, elementType: string, dimNodes: (SyntaxNode | undefined)[], isExtern: boolean): void {
    const dims = dimNodes.map((n) => (n ? this.constantOf(n) : undefined));
    const elementBytes = typeBytes(elementType);
    const known = dims.every((x) => x !== undefined);
    const arr: SharedArray = {
      file: this.scope.file,
      range: rangeOf(decl),
      name,
      elementType,
      dims,
      dimTexts: dimNodes.map((n) => (n ? shortText(n) : '')),
      isExtern,
    };
    if (elementBytes !== undefined) arr.elementBytes = elementBytes;
    if (!isExtern && known && elementBytes !== undefined) arr.bytes = dims.reduce<number>((a, b) => a * (b as number), elementBytes);
    this.body.sharedArrays.push(arr);
  }

  /** `const float* xr = x + row * cols;` and `float* p = &s[k];` keep the space of what they point into. */
  private derivedPointer(value: SyntaxNode | null, typeText: string): ArrayInfo {
    if (!value) return { space: 'unknown', elementType: typeText };
    const v = unwrapCasts(value);
    let base: SyntaxNode | undefined;
    let offset: AffineForm | undefined = constantForm(0);
    if (typeOf(v) === 'identifier') base = v;
    else if (typeOf(v) === 'binary_expression' && (typeOfMaybe(fieldOf(v, 'operator')) === '+' || typeOfMaybe(fieldOf(v, 'operator')) === '-')) {
      const l = fieldOf(v, 'left');
      const r = fieldOf(v, 'right');
      const lu = l ? unwrapCasts(l) : undefined;
      const ru = r ? unwrapCasts(r) : undefined;
      if ((!!lu && typeOf(lu) === 'identifier') && this.arrays.has(textOf(lu))) {
        base = lu;
        offset = this.form(r);
        if (offset && typeOfMaybe(fieldOf(v, 'operator')) === '-') offset = addForms(constantForm(0), offset, -1);
      } else if ((!!ru && typeOf(ru) === 'identifier') && this.arrays.has(textOf(ru))) {
        base = ru;
        offset = this.form(l);
      }
    } else if (typeOf(v) === 'pointer_expression' && typeOfMaybe(fieldOf(v, 'operator')) === '&') {
      const arg = fieldOf(v, 'argument');
      const sub = arg ? unparen(arg) : undefined;
      if ((!!sub && typeOf(sub) === 'subscript_expression')) {
        const b = fieldOf(sub, 'argument');
        const idx = firstIndex(sub);
        if ((!!b && typeOf(b) === 'identifier')) {
          base = b;
          offset = this.form(idx);
        }
      }
    }
    const info = base ? this.arrays.get(textOf(base)) : undefined;
    if (!base || !info) {
      const g = base ? this.scope.globals.get(textOf(base)) : undefined;
      if (g && base) return { space: g.space, elementType: typeText, baseArray: base.text, baseOffset: offset };
      return { space: 'unknown', elementType: typeText };
    }
    const root = info.baseArray ?? textOf(base);
    const total = info.baseOffset && offset ? addForms(info.baseOffset, offset) : info.baseArray ? undefined : offset;
    return { space: info.space, elementType: typeText || info.elementType, baseArray: root, baseOffset: total };
  }

  private forLoop(node: SyntaxNode, fnBody: SyntaxNode): void {
    const h = readForHeader(node);
    const initializer = fieldOf(node, 'initializer');
    if (initializer) this.walk(initializer, fnBody);
    const loop: KernelLoop = {
      file: this.scope.file,
      range: rangeOf(node),
      hasBarrier: false,
      headerRange: h.headerRange,
      kind: 'for',
      conditionText: h.conditionText,
    };
    if (h.variable) {
      loop.variable = h.variable;
      const init = this.form(h.init);
      if (init) loop.init = init;
      if (h.bound) {
        const bound = this.form(h.bound);
        if (bound) loop.bound = bound;
        loop.boundText = shortText(h.bound, 300);
      }
      if (h.stepOp) {
        loop.stepOp = h.stepOp;
        const amount = h.step ? this.form(h.step) : constantForm(1);
        if (amount) {
          if (h.stepOp === '+' || h.stepOp === '-') loop.stepForm = h.stepOp === '-' ? addForms(constantForm(0), amount, -1) : amount;
          if (amount.terms.length === 0) loop.step = h.stepOp === '-' ? -amount.constant : amount.constant;
        }
      }
      const startN = h.init ? this.constantOf(h.init) : undefined;
      const boundN = h.bound ? this.constantOf(h.bound) : undefined;
      if (startN !== undefined && boundN !== undefined && h.compare && h.stepOp && loop.step !== undefined) {
        const t = tripCount(startN, h.compare, boundN, h.stepOp, Math.abs(loop.step));
        if (t !== undefined) loop.tripCount = t;
      }
      loop.gridStride = !!loop.stepForm && loop.stepForm.terms.length === 1 && loop.stepForm.constant === 0 &&
        coefficientOf(loop.stepForm, 'blockDim.x', 'gridDim.x') === 1 && !!loop.init && coefficientOf(loop.init, 'threadIdx.x') === 1;
      loop.threadDependent = this.mentionsThread(h.init) || this.mentionsThread(h.bound) || this.mentionsThread(h.step);
      // Inside the body the variable is itself (a named symbol); its thread-dependence follows its start.
      this.forms.set(h.variable, symbolForm(h.variable));
      if (this.mentionsThread(h.init) || this.mentionsThread(h.step)) this.threadDependent.add(h.variable);
      else this.threadDependent.delete(h.variable);
    } else {
      loop.threadDependent = this.mentionsThread(fieldOf(node, 'condition'));
    }
    this.loopBody(node, loop, this.guard('for', fieldOf(node, 'condition')), fnBody, ['condition', 'body', 'update']);
    if (h.variable) this.forms.set(h.variable, undefined);
  }

  private otherLoop(node: SyntaxNode, kind: 'while' | 'do', fnBody: SyntaxNode): void {
    const cond = fieldOf(node, 'condition');
    const condValue = fieldOfMaybe(cond, 'value') ?? cond;
    const loop: KernelLoop = {
      file: this.scope.file,
      range: rangeOf(node),
      hasBarrier: false,
      headerRange: kind === 'while' && cond ? { start: rangeOf(node).start, end: rangeOf(cond).end } : rangeOf(node),
      kind,
      conditionText: condValue ? shortText(condValue, 300) : '',
    };
    const variable = this.induction(node, condValue ?? undefined, loop);
    this.loopBody(node, loop, undefined, fnBody, kind === 'while' ? ['condition', 'body'] : ['body', 'condition'], condValue ?? undefined);
    if (variable) this.forms.set(variable, undefined);
  }

  /** The induction variable of a `while`/`do` loop written as `i = start; while (i < n) { ...; i += step; }`
   *  (a grid-stride loop without `for`): the variable compared in the condition and changed exactly once in
   *  the body, by adding a step. Fills the loop's variable, start, bound and step, and makes the variable a
   *  symbol inside the body, as for a `for` loop. */
  private induction(node: SyntaxNode, condition: SyntaxNode | undefined, loop: KernelLoop): string | undefined {
    const body = fieldOf(node, 'body');
    const cond = condition ? unparen(condition) : undefined;
    if (!cond || !body || typeOf(cond) !== 'binary_expression' || lengthOf(body) > 20000) return undefined;
    const left = fieldOf(cond, 'left');
    const right = fieldOf(cond, 'right');
    const op = typeOfMaybe(fieldOf(cond, 'operator')) ?? '';
    if (!left || !right || !['<', '<=', '>', '>=', '!='].includes(op)) return undefined;
    const onLeft = typeOf(left) === 'identifier' && this.forms.has(textOf(left));
    const v = onLeft ? textOf(left) : typeOf(right) === 'identifier' && this.forms.has(textOf(right)) ? textOf(right) : undefined;
    if (!v) return undefined;
    const text = textOf(body);
    const changes = text.match(new RegExp(`(?<![\\w.>])${v}\\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|(?:\\+\\+|--)\\s*${v}\\b|(?<![\\w.>])${v}\\s*(?:\\+\\+|--)`, 'g')) ?? [];
    if (changes.length !== 1) return undefined;
    const add = new RegExp(`(?<![\\w.>])${v}\\s*\\+=\\s*([^;]+);`).exec(text);
    const step = add ? formOfText(add[1], this.identifier, this.env()) : /\+\+/.test(changes[0]) ? constantForm(1) : undefined;
    if (!step) return undefined;
    const start = this.forms.get(v);
    loop.variable = v;
    if (start) loop.init = start;
    const bound = this.form(onLeft ? right : left);
    if (bound) loop.bound = bound;
    loop.boundText = shortText(onLeft ? right : left, 300);
    loop.stepOp = '+';
    loop.stepForm = step;
    if (step.terms.length === 0) loop.step = step.constant;
    loop.gridStride = step.terms.length === 1 && step.constant === 0 && coefficientOf(step, 'blockDim.x', 'gridDim.x') === 1 &&
      !!start && coefficientOf(start, 'threadIdx.x') === 1;
    loop.threadDependent = this.threadDependent.has(v) || this.mentionsThread(onLeft ? right : left);
    if (start?.terms.length === 0 && bound?.terms.length === 0 && loop.step !== undefined) {
      const flipped: Record<string, CompareOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '!=': '!=' };
      const t = tripCount(start.constant, onLeft ? (op as CompareOp) : flipped[op], bound.constant, '+', loop.step);
      // A do-while runs its body once before testing.
      if (t !== undefined) loop.tripCount = loop.kind === 'do' ? Math.max(1, t) : t;
    }
    this.forms.set(v, symbolForm(v));
    return v;
  }

  /** Walks the parts of a loop with the loop and its guard on the stacks. */
  private loopBody(node: SyntaxNode, loop: KernelLoop, guard: Guard | undefined, fnBody: SyntaxNode, parts: string[], cond?: SyntaxNode): void {
    // Variables assigned in the loop differ between iterations: forget their straight-line values.
    const body = fieldOf(node, 'body');
    const varying = body ? [...assignedIn(body)].filter((name) => name !== loop.variable && this.forms.has(name)) : [];
    for (const name of varying) this.forms.set(name, undefined);
    const g = guard ?? this.guard(loop.kind as Guard['kind'], cond);
    if (loop.threadDependent === undefined) loop.threadDependent = g.threadDependent;
    this.body.loops.push(loop);
    const barriersBefore = this.body.barriers.length;
    const savedLoops = this.loops;
    this.loops = [...savedLoops, loop];
    try {
      this.withGuard(g, () => {
        for (const part of parts) {
          const p = fieldOf(node, part);
          if (p) this.walk(p, fnBody);
        }
      });
    } finally {
      this.loops = savedLoops;
    }
    // After the loop they hold whatever the last iteration left.
    for (const name of varying) this.forms.set(name, undefined);
    loop.hasBarrier = this.body.barriers.slice(barriersBefore).some((b) => b.kind === '__syncthreads' || b.kind === 'cg.sync');
  }

  private call(node: SyntaxNode, fnBody: SyntaxNode): void {
    if (childrenOf(node).some((c) => typeOf(c) === 'kernel_call_syntax')) {
      // Dynamic parallelism: the launch is recorded by the host-side walker; arguments are still reads.
      const args = fieldOf(node, 'arguments');
      if (args) this.walk(args, fnBody);
      return;
    }
    const name = calleeName(node) ?? '';
    const cls = classifyCall(name, calleeScope(node));
    const args = callArguments(node);
    const info: IntrinsicCall = {
      file: this.scope.file,
      range: rangeOf(node),
      name,
      args: args.map((a) => shortText(a, 120)),
      guards: this.guards,
      loops: this.loops,
    };
    switch (cls.kind) {
      case 'barrier': {
        const b: Barrier = { file: this.scope.file, range: rangeOf(node), kind: cls.barrier, guards: this.guards, loops: this.loops };
        this.body.barriers.push(b);
        break;
      }
      case 'atomic':
        this.body.atomics.push(info);
        if (args[0]) {
          this.addressArgument(args[0], true, true, true, fnBody);
          for (const a of args.slice(1)) this.walk(a, fnBody);
          return;
        }
        break;
      case 'warp':
        this.body.warpIntrinsics.push(info);
        break;
      case 'load':
      case 'store':
        this.body.calls.push(info);
        if (args[0]) {
          this.addressArgument(args[0], cls.kind === 'store', cls.kind === 'load', false, fnBody);
          for (const a of args.slice(1)) this.walk(a, fnBody);
          return;
        }
        break;
      default:
        this.body.calls.push(info);
    }
    const fn = fieldOf(node, 'function');
    if (fn && typeOf(fn) !== 'identifier' && typeOf(fn) !== 'qualified_identifier' && typeOf(fn) !== 'template_function') this.walk(fn, fnBody);
    for (const a of args) this.walk(a, fnBody);
  }

  /** A pointer argument that the call dereferences: `&a[i]`, `a + i` or `a`. */
  private addressArgument(arg: SyntaxNode, isWrite: boolean, isRead: boolean, atomic: boolean, fnBody: SyntaxNode): void {
    const a = unwrapCasts(arg);
    if (typeOf(a) === 'pointer_expression' && typeOfMaybe(fieldOf(a, 'operator')) === '&') {
      const inner = fieldOf(a, 'argument');
      const sub = inner ? unparen(inner) : undefined;
      if ((!!sub && typeOf(sub) === 'subscript_expression')) return this.subscript(sub, isWrite, isRead, atomic, undefined, fnBody);
    }
    if (this.pointerAccess(a, arg, isWrite, isRead, atomic, undefined)) return;
    this.walk(arg, fnBody);
  }

  /** Records an access through a pointer expression `p`, `p + i` (index 0 or i); false if not an array. */
  private pointerAccess(a: SyntaxNode, at: SyntaxNode, isWrite: boolean, isRead: boolean, atomic: boolean, elementType: string | undefined): boolean {
    let base: SyntaxNode | undefined;
    let index: SyntaxNode | undefined;
    if (typeOf(a) === 'identifier') base = a;
    else if (typeOf(a) === 'binary_expression' && typeOfMaybe(fieldOf(a, 'operator')) === '+') {
      const l = fieldOf(a, 'left');
      const r = fieldOf(a, 'right');
      if (l && this.isArrayName(unwrapCasts(l))) { base = unwrapCasts(l); index = r ?? undefined; }
      else if (r && this.isArrayName(unwrapCasts(r))) { base = unwrapCasts(r); index = l ?? undefined; }
    }
    if (!base || !this.isArrayName(base)) return false;
    const form = index ? this.form(index) : constantForm(0);
    this.record(base.text, at, [form], [index ? shortText(index, 200) : '0'], isWrite, isRead, atomic, elementType);
    return true;
  }

  private isArrayName(n: SyntaxNode): boolean {
    return typeOf(n) === 'identifier' && (this.arrays.has(textOf(n)) || this.scope.globals.has(textOf(n)));
  }

  private pointerExpression(node: SyntaxNode, isWrite: boolean, isRead: boolean, fnBody: SyntaxNode): void {
    const op = typeOfMaybe(fieldOf(node, 'operator'));
    const arg = fieldOf(node, 'argument');
    if (!arg) return;
    if (op !== '*') {
      // `&a[i]` outside a call that dereferences it only computes an address.
      const inner = unparen(arg);
      if (typeOf(inner) === 'subscript_expression') {
        for (const idx of indexNodes(inner)) this.walk(idx, fnBody);
        return;
      }
      return this.walk(arg, fnBody);
    }
    // `*p`, `*(p + i)`, `*reinterpret_cast<float4*>(&a[i])`
    const elementType = castPointee(arg);
    const a = unwrapCasts(arg);
    if (typeOf(a) === 'pointer_expression' && typeOfMaybe(fieldOf(a, 'operator')) === '&') {
      const sub = fieldOf(a, 'argument');
      const s = sub ? unparen(sub) : undefined;
      if ((!!s && typeOf(s) === 'subscript_expression')) return this.subscript(s, isWrite, isRead, false, elementType, fnBody);
    }
    if (this.pointerAccess(a, node, isWrite, isRead, false, elementType)) {
      if (typeOf(a) === 'binary_expression') this.walkChildren(a, fnBody);
      return;
    }
    this.walk(arg, fnBody);
  }

  private assignment(node: SyntaxNode, fnBody: SyntaxNode): void {
    const left = fieldOf(node, 'left');
    const right = fieldOf(node, 'right');
    const op = typeOfMaybe(fieldOf(node, 'operator')) ?? '=';
    if (right) this.walk(right, fnBody);
    if (!left) return;
    const target = unparen(left);
    if (typeOf(target) === 'subscript_expression') return this.subscript(target, true, op !== '=', false, undefined, fnBody);
    if (typeOf(target) === 'pointer_expression') return this.pointerExpression(target, true, op !== '=', fnBody);
    if (typeOf(target) === 'identifier') {
      const name = textOf(target);
      if (this.arrays.has(name) && this.arrays.get(name)?.space !== 'shared') {
        if (op === '=') this.arrays.set(name, this.derivedPointer(right, this.arrays.get(name)?.elementType ?? ''));
        return;
      }
      if (op === '=') return this.setLocal(name, right);
      const prev = this.forms.get(name);
      const rhs = this.form(right);
      const threadDep = this.threadDependent.has(name) || this.mentionsThread(right);
      let next: AffineForm | undefined;
      if (prev && rhs && (op === '+=' || op === '-=')) next = addForms(prev, rhs, op === '+=' ? 1 : -1);
      this.forms.set(name, next);
      if (threadDep) this.threadDependent.add(name);
      return;
    }
    if (typeOf(target) === 'field_expression') {
      // `a[i].x = v` writes (part of) the element a[i].
      const arg = fieldOf(target, 'argument');
      const inner = arg ? unparen(arg) : undefined;
      if (inner && typeOf(inner) === 'subscript_expression') return this.subscript(inner, true, op !== '=', false, undefined, fnBody);
    }
    this.walk(left, fnBody);
  }

  private subscript(node: SyntaxNode, isWrite: boolean, isRead: boolean, atomic: boolean, elementType: string | undefined, fnBody: SyntaxNode): void {
    const indices: SyntaxNode[] = [];
    let base: SyntaxNode = node;
    for (let guard = 0; typeOf(base) === 'subscript_expression' && guard < 8; guard++) {
      const idx = firstIndex(base);
      if (idx) indices.unshift(idx);
      const b = fieldOf(base, 'argument');
      if (!b) break;
      base = unparen(b);
    }
    const castType = elementType ?? castPointee(base);
    const root = unwrapCasts(base);
    const name = typeOf(root) === 'identifier' || typeOf(root) === 'field_expression' ? shortText(root, 80) : undefined;
    if (name !== undefined) {
      this.record(name, node, indices.map((i) => this.form(i)), indices.map((i) => shortText(i, 200)), isWrite, isRead, atomic, castType);
    }
    for (const idx of indices) this.walk(idx, fnBody);
    if (typeOf(root) !== 'identifier') this.walk(root, fnBody);
  }

  private record(name: string, at: SyntaxNode, indices: (AffineForm | undefined)[], indexTexts: string[], isWrite: boolean, isRead: boolean, atomic: boolean, elementType: string | undefined): void {
    const info = this.arrays.get(name);
    const global = this.scope.globals.get(name);
    let space: MemorySpace = info?.space ?? global?.space ?? 'unknown';
    if (!info && !global && BUILTIN_BASES.has(name.split('.')[0])) return;
    if (!info && !global && this.forms.has(name)) space = 'unknown';
    const type = elementType ?? info?.elementType ?? global?.elementType;
    const access: MemoryAccess = {
      file: this.scope.file,
      range: rangeOf(at),
      array: name,
      space,
      isWrite,
      isRead,
      indices,
      indexTexts,
      loops: this.loops,
      guards: this.guards,
    };
    if (type) {
      access.elementType = type.replace(/\b(const|volatile)\b/g, '').trim();
      const bytes = typeBytes(access.elementType);
      if (bytes !== undefined) access.elementBytes = bytes;
    }
    if (atomic) access.atomic = true;
    if (global?.shared && !info && !this.body.sharedArrays.some((s) => s.name === name)) this.body.sharedArrays.push({ ...global.shared });
    if (info?.baseArray) {
      access.baseArray = info.baseArray;
      if (info.baseOffset) access.baseOffset = info.baseOffset;
    }
    this.body.accesses.push(access);
  }
}

/** Analyses a device-code body. `templateValues` binds template parameters with known defaults. */
export function analyzeDeviceBody(body: SyntaxNode, params: Param[], isKernel: boolean, scope: DeviceScope, templateValues: Map<string, number>): KernelBody {
  const walker = new DeviceWalker(scope, params, isKernel, templateValues);
  walker.run(body);
  return walker.body;
}
