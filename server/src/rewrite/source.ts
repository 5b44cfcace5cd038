// Tree access for rewrites: parses the document once per request (rewrites run on demand, not per
// keystroke), finds kernels and launches as syntax nodes, and turns offsets into LSP edits. Rewrites
// need exact source spans, which is why they read the tree rather than only the program model.
import { parseText, SyntaxNode, SyntaxTree } from '../parse/grammar';
import type { Position, Range } from '../model/types';
import { lineStarts, positionIn } from '../model/line-starts';
import type { TextEdit } from '../rules/types';

export interface KernelParam { name: string; /** Declaration as written (`const float* __restrict__ x`). */ text: string; node: SyntaxNode }

export interface KernelInfo {
  name: string;
  node: SyntaxNode;
  params: KernelParam[];
  body: SyntaxNode;
  /** The node to insert new kernels after (the template_declaration for templates). */
  outer: SyntaxNode;
  isTemplate: boolean;
}

export interface LaunchInfo {
  kernelName: string;
  call: SyntaxNode;
  /** The expression_statement holding the launch. */
  statement: SyntaxNode;
  /** Grid, block, shared bytes and stream expressions, as present. */
  config: SyntaxNode[];
  configNode: SyntaxNode;
  args: SyntaxNode[];
  hasTemplateArgs: boolean;
}

export class Source {
  private readonly lineStarts: readonly number[];

  constructor(readonly text: string, readonly file: string, readonly root: SyntaxNode) {
    this.lineStarts = lineStarts(text);
  }

  offsetAt(p: Position): number {
    const start = this.lineStarts[Math.min(p.line, this.lineStarts.length - 1)] ?? 0;
    return Math.min(start + p.character, this.text.length);
  }

  positionAt(offset: number): Position {
    return positionIn(this.lineStarts, offset);
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  edit(start: number, end: number, newText: string): TextEdit {
    return { file: this.file, range: this.range(start, end), newText };
  }

  /** Leading whitespace of the line holding offset. */
  indentAt(offset: number): string {
    const line = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(line))![0];
  }

  /** Start of the line holding offset. */
  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Offset just after the end of the line holding offset (past its newline). */
  lineEnd(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    return nl < 0 ? this.text.length : nl + 1;
  }

  kernels(): KernelInfo[] {
    const out: KernelInfo[] = [];
    for (const child of this.root.namedChildren) {
      if (!child) continue;
      const fn = child.type === 'template_declaration' ? child.namedChildren.find((c) => c?.type === 'function_definition') : child;
      if (!fn || fn.type !== 'function_definition') continue;
      const info = this.kernelOf(fn, child);
      if (info) out.push(info);
    }
    return out;
  }

  kernel(name: string): KernelInfo | undefined {
    return this.kernels().find((k) => k.name === name);
  }

  /** The kernel whose definition contains offset. */
  kernelAt(offset: number): KernelInfo | undefined {
    return this.kernels().find((k) => k.outer.startIndex <= offset && offset <= k.outer.endIndex);
  }

  private kernelOf(fn: SyntaxNode, outer: SyntaxNode): KernelInfo | undefined {
    const declarator = fn.childForFieldName('declarator');
    const body = fn.childForFieldName('body');
    if (!declarator || !body || declarator.type !== 'function_declarator') return undefined;
    if (!/\b__global__\b/.test(this.text.slice(fn.startIndex, declarator.startIndex))) return undefined;
    const nameNode = declarator.childForFieldName('declarator');
    const list = declarator.childForFieldName('parameters');
    if (!nameNode || !list) return undefined;
    const params: KernelParam[] = [];
    for (const p of list.namedChildren) {
      if (!p || p.type !== 'parameter_declaration') continue;
      const id = innermostIdentifier(p.childForFieldName('declarator'));
      if (id) params.push({ name: id.text, text: p.text, node: p });
    }
    return { name: nameNode.text, node: fn, params, body, outer, isTemplate: outer.type === 'template_declaration' };
  }

  launches(): LaunchInfo[] {
    const out: LaunchInfo[] = [];
    const visit = (n: SyntaxNode) => {
      if (n.type === 'call_expression') {
        const configNode = n.namedChildren.find((c) => c?.type === 'kernel_call_syntax');
        const fnNode = n.childForFieldName('function');
        const argList = n.childForFieldName('arguments');
        if (configNode && fnNode && argList) {
          let statement: SyntaxNode = n;
          while (statement.parent && statement.type !== 'expression_statement') statement = statement.parent;
          const isTemplate = fnNode.type === 'template_function';
          const nameNode = isTemplate ? fnNode.childForFieldName('name') : fnNode;
          out.push({
            kernelName: nameNode?.text ?? fnNode.text,
            call: n,
            statement,
            config: configNode.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment'),
            configNode,
            args: argList.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment'),
            hasTemplateArgs: isTemplate,
          });
        }
      }
      for (const c of n.namedChildren) if (c) visit(c);
    };
    visit(this.root);
    return out;
  }

  /** The kernel at offset: the one launched by the launch there, else the one defined there. */
  kernelForOffset(offset: number): KernelInfo | undefined {
    const launch = this.launchAt(offset);
    return launch ? this.kernel(launch.kernelName) : this.kernelAt(offset);
  }

  /** The launch whose statement contains offset. */
  launchAt(offset: number): LaunchInfo | undefined {
    return this.launches().find((l) => l.statement.startIndex <= offset && offset <= l.statement.endIndex);
  }
}

/** The identifier a (possibly pointer/reference/array) declarator names. */
function innermostIdentifier(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let n = node ?? undefined;
  while (n && n.type !== 'identifier') n = n.childForFieldName('declarator') ?? n.namedChildren.find((c) => c?.type === 'identifier') ?? undefined;
  return n;
}

/**
 * The last parsed document, kept because one code action request runs several rewrites on the same text.
 * Only one tree is kept: a new text deletes the previous tree (trees live in wasm memory).
 */
let cached: { text: string; file: string; tree: SyntaxTree; source: Source } | undefined;

/** Runs fn on the parsed text (reusing the last parse of the same text). */
export function withSource<T>(text: string, file: string, fn: (source: Source) => T): T {
  if (!cached || cached.text !== text || cached.file !== file) {
    cached?.tree.delete();
    const tree = parseText(text);
    cached = { text, file, tree, source: new Source(text, file, tree.rootNode) };
  }
  return fn(cached.source);
}

/** Parses a small text for one use and frees its tree (leaves the cached document alone). */
export function withParsedSnippet<T>(text: string, file: string, fn: (source: Source) => T): T {
  const tree = parseText(text);
  try {
    return fn(new Source(text, file, tree.rootNode));
  } finally {
    tree.delete();
  }
}

/** Every node under root (root included) in source order. */
export function descendants(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    out.push(n);
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(root);
  return out;
}

/** Text with whitespace removed, for comparing expressions as written. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Re-indents a block of statements taken from the source: the first line is assumed to sit at the
 * block's base level (it was sliced from a node start), later lines keep their depth relative to the
 * shallowest of them, and every line gets `indent`.
 */
export function indentBlock(text: string, indent: string): string {
  const lines = text.trim().split('\n');
  const rest = lines.slice(1).filter((l) => l.trim());
  const base = rest.length ? Math.min(...rest.map((l) => /^[ \t]*/.exec(l)![0].length)) : 0;
  return lines.map((l, i) => (l.trim() ? indent + (i === 0 ? l.trim() : l.slice(Math.min(base, /^[ \t]*/.exec(l)![0].length))).trimEnd() : ''))
    .join('\n');
}

/** Every identifier written under the nodes (parameters and locals a generated name must not capture). */
export function identifiersIn(...nodes: SyntaxNode[]): Set<string> {
  const out = new Set<string>();
  for (const n of nodes) for (const d of descendants(n)) if (d.type === 'identifier') out.add(d.text);
  return out;
}

/**
 * Names for generated variables that clash with none in `used` (a kernel parameter `v` must not be
 * shadowed by a generated loop variable `v`): each wanted name, or it with a `_` suffix until free.
 */
export function freshNames<K extends string>(used: Set<string>, wanted: readonly K[]): Record<K, string> {
  const taken = new Set(used);
  const out = {} as Record<K, string>;
  for (const w of wanted) {
    let name: string = w;
    while (taken.has(name)) name += '_';
    taken.add(name);
    out[w] = name;
  }
  return out;
}
