// Evaluates small integer expressions at a launch site (`256`, `block`, `(n + block - 1) / block`,
// `SAMPLE_N`) from literals, `#define`s, the model's constants and `const int x = ...;` declarations
// earlier in the enclosing function. Rewrites use it to know block sizes and problem sizes; when a
// value is not known they say so instead of guessing.
import type { SyntaxNode } from '../parse/grammar';
import { descendants, Source, withParsedSnippet } from './source';

export class HostValues {
  private readonly defines = new Map<string, string>();

  constructor(private readonly source: Source, private readonly constants: Map<string, number> = new Map()) {
    const re = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+(.+)$/gm;
    for (let m = re.exec(source.text); m; m = re.exec(source.text)) {
      if (!this.defines.has(m[1])) this.defines.set(m[1], m[2].replace(/\/\/.*$/, '').trim());
    }
  }

  /** Value of an expression node; names resolve to locals declared before it, constants, then #defines. */
  eval(node: SyntaxNode | undefined, depth = 0): number | undefined {
    if (!node || depth > 20) return undefined;
    switch (node.type) {
      case 'number_literal': return parseNumber(node.text);
      case 'parenthesized_expression': return this.eval(node.namedChildren[0] ?? undefined, depth + 1);
      case 'identifier': return this.name(node.text, node, depth);
      case 'cast_expression': return this.eval(node.childForFieldName('value') ?? undefined, depth + 1);
      case 'unary_expression': {
        const v = this.eval(node.childForFieldName('argument') ?? undefined, depth + 1);
        const op = node.childForFieldName('operator')?.type;
        return v === undefined ? undefined : op === '-' ? -v : op === '+' ? v : undefined;
      }
      case 'binary_expression': {
        const a = this.eval(node.childForFieldName('left') ?? undefined, depth + 1);
        const b = this.eval(node.childForFieldName('right') ?? undefined, depth + 1);
        if (a === undefined || b === undefined) return undefined;
        switch (node.childForFieldName('operator')?.type) {
          case '+': return a + b;
          case '-': return a - b;
          case '*': return a * b;
          case '/': return b === 0 ? undefined : Math.trunc(a / b);
          case '%': return b === 0 ? undefined : a % b;
          case '<<': return a * 2 ** b;
          case '>>': return Math.floor(a / 2 ** b);
          default: return undefined;
        }
      }
      default: return undefined;
    }
  }

  /** Evaluates expression text (a `#define` body) by parsing it as a tiny translation unit. */
  evalText(text: string, depth: number): number | undefined {
    const direct = parseNumber(text);
    if (direct !== undefined) return direct;
    // Re-parsing a one-line macro body is cheap; the snippet's tree is freed at once.
    return withParsedSnippet(`int v_ = ${text};`, this.source.file, (s) => {
      const init = descendants(s.root).find((d) => d.type === 'init_declarator');
      const inner = new HostValues(s, this.constants);
      inner.defines.clear();
      for (const [k, v] of this.defines) inner.defines.set(k, v);
      return inner.eval(init?.childForFieldName('value') ?? undefined, depth + 1);
    });
  }

  private name(name: string, at: SyntaxNode, depth: number): number | undefined {
    const local = this.localInit(name, at);
    if (local) return this.eval(local, depth + 1);
    const fromCalls = this.parameterValue(name, at, depth);
    if (fromCalls !== undefined) return fromCalls;
    if (this.constants.has(name)) return this.constants.get(name);
    const def = this.defines.get(name);
    return def === undefined ? undefined : this.evalText(def, depth + 1);
  }

  /**
   * A parameter of the enclosing host function, when every call of that function in the file passes the
   * same known value (`run(dx, dy, n)` called once from main with `const int n = 1 << 20`).
   */
  private parameterValue(name: string, at: SyntaxNode, depth: number): number | undefined {
    let fn: SyntaxNode | null = at;
    while (fn && fn.type !== 'function_definition') fn = fn.parent;
    const declarator = fn?.childForFieldName('declarator');
    const params = declarator?.childForFieldName('parameters')?.namedChildren ?? [];
    const index = params.findIndex((p) => p?.childForFieldName('declarator')?.text === name);
    const fnName = declarator?.childForFieldName('declarator')?.text;
    if (index < 0 || !fnName) return undefined;
    const calls = descendants(this.source.root).filter((d) => d.type === 'call_expression' &&
      d.childForFieldName('function')?.text === fnName && !d.namedChildren.some((c) => c?.type === 'kernel_call_syntax'));
    let value: number | undefined;
    for (const call of calls) {
      const v = this.eval(call.childForFieldName('arguments')?.namedChildren[index] ?? undefined, depth + 1);
      if (v === undefined || (value !== undefined && v !== value)) return undefined;
      value = v;
    }
    return value;
  }

  /** Initializer of the last `T name = value;` declared before `at` in its function (const or not,
   *  provided it is never assigned afterwards in that function). */
  localInit(name: string, at: SyntaxNode): SyntaxNode | undefined {
    let fn: SyntaxNode | null = at;
    while (fn && fn.type !== 'function_definition') fn = fn.parent;
    if (!fn) return undefined;
    let found: SyntaxNode | undefined;
    for (const d of descendants(fn)) {
      if (d.type === 'init_declarator' && d.childForFieldName('declarator')?.text === name && d.startIndex < at.startIndex) {
        found = d.childForFieldName('value') ?? undefined;
      }
      if ((d.type === 'assignment_expression' || d.type === 'update_expression') &&
        (d.childForFieldName('left') ?? d.childForFieldName('argument'))?.text === name) return undefined;
    }
    return found;
  }
}

function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/[uUlL]+$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t, 16);
  if (/^\d+$/.test(t)) return parseInt(t, 10);
  return undefined;
}
