// Inlines device functions that contain barriers or warp collectives into the kernels that call them,
// so loop fission sees every split point in one function body (a helper like warp_sum(v) with
// __shfl_down_sync inside runs in lockstep only if its loop is split together with the caller's).
import type { LiteNode as SyntaxNode } from './lite-tree';
import { parseLite } from './lite-tree';
import { emitNode, walk, namedKids, declaratorName } from './emit-node';
import { resolveScopes, ScopeInfo } from './scope';
import { calleeParts, callArgs } from './sync-ops';
import { listOf } from './uniform';
import { DiagSink, DIAG_IDS } from './diagnostics';

export interface FuncDef {
  name: string;
  node: SyntaxNode;
  src: string;
  /** template_parameter_list of an enclosing template_declaration. */
  templateParams?: SyntaxNode;
}

interface Site { call: SyntaxNode; def: FuncDef }

/** The top-level function definition of a text that holds exactly one (possibly templated) function. */
export function firstFunction(root: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  walk(root, (n) => {
    if (found) return false;
    if (n.type === 'function_definition') { found = n; return false; }
    return true;
  });
  return found;
}

/**
 * Returns the function text with calls to functions in `syncFuncs` inlined (repeatedly, so helpers that
 * call helpers are flattened), or the text unchanged when there is nothing to inline.
 */
export function inlineSyncCalls(text: string, syncFuncs: Map<string, FuncDef[]>, diags: DiagSink,
                                lineOffset: number): string {
  let counter = 0;
  for (let iter = 0; iter < 64; iter++) {
    const fn = firstFunction(parseLite(text));
    if (!fn) return text;
    const site = findSite(fn, syncFuncs);
    if (!site) return text;
    const next = inlineOne(text, site, ++counter, diags, lineOffset, resolveScopes(fn));
    if (next === undefined) return text;
    text = next;
  }
  return text;
}

function findSite(fn: SyntaxNode, syncFuncs: Map<string, FuncDef[]>): Site | undefined {
  let site: Site | undefined;
  walk(fn.childForFieldName('body')!, (n) => {
    if (site) return false;
    if (n.type === 'lambda_expression') return false;
    if (n.type === 'call_expression') {
      const { name, object, scope } = calleeParts(n);
      const defs = !object && !scope ? syncFuncs.get(name) : undefined;
      if (defs) {
        const nargs = callArgs(n).length;
        const def = defs.find((d) => paramsOf(d).length === nargs) ??
          defs.find((d) => paramsOf(d).length >= nargs && paramsOf(d).slice(nargs).every((p) => p.type === 'optional_parameter_declaration'));
        if (def) { site = { call: n, def }; return false; }
      }
    }
    return true;
  });
  return site;
}

function paramsOf(d: FuncDef): SyntaxNode[] {
  const fdecl = functionDeclarator(d.node);
  const list = fdecl?.childForFieldName('parameters');
  return list ? namedKids(list).filter((p) => p.type.endsWith('parameter_declaration')) : [];
}

function functionDeclarator(fn: SyntaxNode): SyntaxNode | undefined {
  let d: SyntaxNode | null = fn.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  return d ?? undefined;
}

function inlineOne(text: string, site: Site, k: number, diags: DiagSink, lineOffset: number,
                   callerScopes: ScopeInfo): string | undefined {
  const { call, def } = site;
  const fail = (msg: string, id: string = DIAG_IDS.inlineUnsupported): undefined => {
    diags.add(id, `cannot inline ${def.name}() into the kernel: ${msg}`, call, 'error', lineOffset);
    return undefined;
  };
  // The statement that holds the call; the inlined body goes right before it.
  let stmt: SyntaxNode = call;
  while (stmt.parent && stmt.parent.type !== 'compound_statement' && !isBodyOf(stmt)) {
    const p = stmt.parent;
    if (['for_statement', 'while_statement', 'do_statement', 'if_statement', 'condition_clause', 'switch_statement'].includes(p.type)) {
      return fail('the call is part of a loop or branch condition');
    }
    stmt = p;
  }
  const body = def.node.childForFieldName('body');
  if (!body) return fail('no body');
  const suffix = `__i${k}`;
  const scopes = resolveScopes(def.node);
  const params = paramsOf(def);
  const paramIds = new Set(params.map((p) => declaratorName(p.childForFieldName('declarator') ?? p)?.id).filter((x): x is number => x !== undefined));

  // Template parameters are replaced by their arguments: explicit ones, else types deduced from the
  // declared types of the call's arguments.
  const tnames = new Map<string, string>();
  const args = callArgs(call);
  if (def.templateParams) {
    const explicit: string[] = [];
    const f = call.childForFieldName('function');
    if (f?.type === 'template_function') {
      const al = f.childForFieldName('arguments');
      if (al) for (const a of namedKids(al)) explicit.push(a.text);
    }
    const tps = namedKids(def.templateParams);
    for (let i = 0; i < tps.length; i++) {
      const tp = tps[i];
      const isType = tp.type.includes('type_parameter');
      const nameNode = isType ? namedKids(tp).find((c) => c.type === 'type_identifier') : declaratorName(tp.childForFieldName('declarator') ?? tp);
      if (!nameNode) return fail('unusual template parameter');
      const name = nameNode.text;
      let value = explicit[i] ?? tp.childForFieldName('default_type')?.text ?? tp.childForFieldName('default_value')?.text;
      if (value === undefined && isType) {
        for (let j = 0; j < params.length && j < args.length; j++) {
          const ptype = params[j].childForFieldName('type')?.text;
          if (ptype !== name) continue;
          const pd = params[j].childForFieldName('declarator');
          value = argType(args[j], pd?.type === 'pointer_declarator', callerScopes);
          break;
        }
      }
      if (value === undefined) return fail(`cannot deduce template parameter ${name}`);
      tnames.set(name, isType ? value : `(${value})`);
    }
  }
  const rename = (n: SyntaxNode): string | undefined => {
    if (n.type === 'identifier') {
      const d = scopes.refOf.get(n.id);
      if (d && paramIds.has(d.nameNode.id)) return d.name + suffix;
      if (!d && tnames.has(n.text)) return tnames.get(n.text);
    }
    if (n.type === 'type_identifier' && tnames.has(n.text)) return tnames.get(n.text);
    return undefined;
  };

  const lines: string[] = [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    const pd = p.childForFieldName('declarator');
    const nm = pd ? declaratorName(pd) : undefined;
    if (!nm) continue;
    const argText = i < args.length ? args[i].text : p.childForFieldName('default_value')?.text;
    if (argText === undefined) return fail('missing argument');
    if (pd!.type === 'array_declarator') { lines.push(`auto ${nm.text}${suffix} = (${argText});`); continue; }
    let declText = '';
    for (let c = 0; c < p.childCount; c++) {
      const ch = p.child(c)!;
      if (p.fieldNameForChild(c) === 'default_value' || ch.type === '=') break;
      declText += (declText ? ' ' : '') + emitNode(ch, def.src, rename);
    }
    lines.push(`${declText} = (${argText});`);
  }
  // Returns must be in tail position (the last thing their path executes: the last statement, or the end
  // of a branch of a trailing if/else); each becomes an assignment of the result.
  const returns: SyntaxNode[] = [];
  walk(body, (n) => { if (n.type === 'lambda_expression') return false; if (n.type === 'return_statement') returns.push(n); return true; });
  const tail = new Set<number>();
  const markTail = (st: SyntaxNode): void => {
    if (st.type === 'return_statement') tail.add(st.id);
    else if (st.type === 'compound_statement') {
      const kids = listOf(st).filter((x) => x.type !== 'comment');
      if (kids.length) markTail(kids[kids.length - 1]);
    } else if (st.type === 'if_statement') {
      markTail(st.childForFieldName('consequence')!);
      const alt = st.childForFieldName('alternative');
      if (alt) markTail(alt.type === 'else_clause' ? namedKids(alt)[0] : alt);
    }
  };
  markTail(body);
  if (returns.some((r) => !tail.has(r.id))) {
    return fail('it returns before its end', DIAG_IDS.inlineEarlyReturn);
  }
  const hasValue = returns.some((r) => namedKids(r).length > 0);
  const retName = `__r${suffix}`;
  let retDecl = '';
  if (hasValue) {
    const typeNode = def.node.childForFieldName('type');
    if (!typeNode || typeNode.type === 'placeholder_type_specifier') return fail('its return type is deduced');
    let ret = emitNode(typeNode, def.src, rename);
    if (def.node.childForFieldName('declarator')?.type === 'pointer_declarator') ret += '*';
    retDecl = `${ret} ${retName};\n`;
  }
  const bodyRename = (n: SyntaxNode): string | undefined => {
    if (n.type === 'return_statement') {
      const v = namedKids(n)[0];
      return v ? `${retName} = ${emitNode(v, def.src, bodyRename)};` : ';';
    }
    return rename(n);
  };
  for (const s of listOf(body)) lines.push(emitNode(s, def.src, bodyRename));
  const block = `${retDecl}{  // inlined ${def.name}()\n${lines.join('\n')}\n}\n`;
  const whole = stmt.type === 'expression_statement' && namedKids(stmt)[0]?.id === call.id;
  const callRepl = hasValue ? retName : '(void)0';
  const head = text.slice(0, stmt.startIndex);
  if (stmt.parent?.type === 'compound_statement') {
    if (whole) return head + block + text.slice(stmt.endIndex);
    return head + block + text.slice(stmt.startIndex, call.startIndex) + callRepl + text.slice(call.endIndex);
  }
  const inner = whole ? '' : text.slice(stmt.startIndex, call.startIndex) + callRepl + text.slice(call.endIndex, stmt.endIndex);
  return head + `{\n${block}${inner}\n}` + text.slice(stmt.endIndex);
}

function isBodyOf(s: SyntaxNode): boolean {
  const p = s.parent;
  if (!p) return false;
  if (['for_statement', 'while_statement', 'do_statement', 'for_range_loop'].includes(p.type)) {
    return p.childForFieldName('body')?.id === s.id;
  }
  if (p.type === 'if_statement') return p.childForFieldName('consequence')?.id === s.id;
  if (p.type === 'else_clause') return true;
  return false;
}

/** The type a template parameter deduces from an argument: its declared type where the caller declares it. */
function argType(arg: SyntaxNode, pointee: boolean, scopes: ScopeInfo): string {
  if (arg.type === 'number_literal') {
    const t = arg.text;
    if (/[fF]$/.test(t) && !/^0[xX]/.test(t)) return 'float';
    if (/[.eE]/.test(t) && !/^0[xX]/.test(t)) return 'double';
    return /[uU]/.test(t) ? 'unsigned int' : 'int';
  }
  if (arg.type === 'identifier') {
    const d = scopes.refOf.get(arg.id);
    if (d) {
      const typeNode = d.declaration.childForFieldName('type');
      const inner = d.declarator.type === 'init_declarator' ? d.declarator.childForFieldName('declarator') : d.declarator;
      if (typeNode && typeNode.type !== 'placeholder_type_specifier') {
        if (!pointee && inner?.type === 'identifier') return typeNode.text;
        if (pointee && inner?.type === 'pointer_declarator' && inner.childForFieldName('declarator')?.type === 'identifier') return typeNode.text;
      }
    }
  }
  return pointee ? `std::remove_cv_t<std::remove_pointer_t<std::decay_t<decltype(${arg.text})>>>` : `std::decay_t<decltype(${arg.text})>`;
}
