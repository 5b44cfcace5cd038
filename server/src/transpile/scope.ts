// Resolves identifiers inside one function to their declarations (parameters and locals), following C++
// block scoping. Loop fission needs this to know which variables are used on both sides of a barrier and
// so must live in per-thread arrays, and which names refer to the same variable after a split.
import type { LiteNode as SyntaxNode } from './lite-tree';
import { declaratorName } from './emit-node';

export interface Decl {
  id: number;
  name: string;
  kind: 'param' | 'local';
  nameNode: SyntaxNode;
  /** The declaration (or parameter_declaration) node. */
  declaration: SyntaxNode;
  /** The declarator within the declaration (init_declarator, pointer_declarator, identifier, ...). */
  declarator: SyntaxNode;
}

export interface ScopeInfo {
  decls: Decl[];
  /** identifier node id -> declaration it refers to (uses and the declaring name itself). */
  refOf: Map<number, Decl>;
}

const SCOPED = new Set(['compound_statement', 'for_statement', 'for_range_loop', 'while_statement', 'if_statement',
  'switch_statement', 'do_statement', 'lambda_expression', 'catch_clause']);

export function resolveScopes(fn: SyntaxNode): ScopeInfo {
  const decls: Decl[] = [];
  const refOf = new Map<number, Decl>();
  const stack: Map<string, Decl>[] = [new Map()];
  const lookup = (name: string): Decl | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const d = stack[i].get(name);
      if (d) return d;
    }
    return undefined;
  };
  const declare = (kind: Decl['kind'], declaration: SyntaxNode, declarator: SyntaxNode): void => {
    const nameNode = declaratorName(declarator);
    if (!nameNode || nameNode.type !== 'identifier') return;
    const d: Decl = { id: decls.length, name: nameNode.text, kind, nameNode, declaration, declarator };
    decls.push(d);
    stack[stack.length - 1].set(d.name, d);
    refOf.set(nameNode.id, d);
  };

  const visit = (n: SyntaxNode): void => {
    const t = n.type;
    if (t === 'declaration' || t === 'parameter_declaration' || t === 'optional_parameter_declaration') {
      const kind = t === 'declaration' ? 'local' : 'param';
      for (let i = 0; i < n.childCount; i++) {
        const c = n.child(i)!;
        if (n.fieldNameForChild(i) === 'declarator') {
          declare(kind, n, c);
          visitDeclarator(c);
        } else if (n.fieldNameForChild(i) === 'default_value') {
          visit(c);
        } else if (c.isNamed && c.type !== 'identifier') {
          visit(c);
        }
      }
      return;
    }
    if (t === 'for_range_loop') {
      stack.push(new Map());
      const right = n.childForFieldName('right');
      if (right) visit(right);
      const decl = n.childForFieldName('declarator');
      if (decl) { declare('local', n, decl); visitDeclarator(decl); }
      const body = n.childForFieldName('body');
      if (body) visit(body);
      stack.pop();
      return;
    }
    if (t === 'identifier') {
      const p = n.parent;
      if (p && p.type === 'qualified_identifier' && p.childForFieldName('name')?.id === n.id) return;
      const d = lookup(n.text);
      if (d) refOf.set(n.id, d);
      return;
    }
    const scoped = SCOPED.has(t) || t === 'function_definition';
    if (scoped) stack.push(new Map());
    for (let i = 0; i < n.childCount; i++) visit(n.child(i)!);
    if (scoped) stack.pop();
  };
  // Inside a declarator only array sizes and initializers hold uses; the declared name was registered.
  const visitDeclarator = (d: SyntaxNode): void => {
    const nameNode = declaratorName(d);
    const rec = (n: SyntaxNode): void => {
      if (nameNode && n.id === nameNode.id) return;
      if (n.type === 'identifier' || !['init_declarator', 'pointer_declarator', 'array_declarator',
        'reference_declarator', 'parenthesized_declarator', 'function_declarator'].includes(n.type)) {
        visit(n);
        return;
      }
      for (let i = 0; i < n.childCount; i++) rec(n.child(i)!);
    };
    rec(d);
  };
  visit(fn);
  return { decls, refOf };
}
