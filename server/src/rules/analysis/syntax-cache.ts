// The syntax tree of the text being checked, for the few rules that need expressions the model does not
// keep (literals, branch bodies, loop bodies). The caller's live tree is used when the rule context carries
// one; otherwise (a model whose tree is already deleted) rules reparse once per text and share the result;
// one such tree is kept and deleted when the next text arrives (trees hold wasm memory).
import { parseText } from '../../parse/grammar';
import type { SyntaxNode, SyntaxTree } from '../../parse/grammar';
import type { FunctionInfo, Range } from '../../model/types';
import type { RuleContext } from '../types';
import { lineStarts } from '../../model/line-starts';

let cached: { text: string; tree: SyntaxTree } | undefined;

/** The tree of the checked text: the context's own, else parsed once for all rules that ask for the same
 *  text. The grammar is loaded by then: the model was built with it. */
export function treeOf(ctx: Pick<RuleContext, 'text' | 'tree'>): SyntaxTree {
  if (ctx.tree) return ctx.tree;
  const text = ctx.text;
  if (cached && cached.text === text) return cached.tree;
  const tree = parseText(text);
  cached?.tree.delete();
  cached = { text, tree };
  return tree;
}

/** The smallest named node that covers the range exactly, else the smallest that contains it. */
export function nodeAt(root: SyntaxNode, range: Range): SyntaxNode | undefined {
  const n = root.namedDescendantForPosition(
    { row: range.start.line, column: range.start.character },
    { row: range.end.line, column: range.end.character },
  );
  return n ?? undefined;
}

/** The function_definition node of a kernel or device function defined in the checked file: the model's
 *  own node when it kept one (the language server builds the model from its live tree and runs the rules
 *  before that tree changes), else the node in the context's tree or this module's parse of the text. */
export function functionNode(ctx: Pick<RuleContext, 'model' | 'text' | 'tree'>, fn: FunctionInfo): SyntaxNode | undefined {
  if (fn.file !== ctx.model.file) return undefined;
  if (fn.node) return fn.node;
  let n: SyntaxNode | null | undefined = nodeAt(treeOf(ctx).rootNode, fn.nameRange);
  while (n && n.type !== 'function_definition') n = n.parent;
  return n ?? undefined;
}

/** Depth-first walk over named descendants; `visit` returns false to skip a subtree. */
export function walk(node: SyntaxNode, visit: (n: SyntaxNode) => boolean | void): void {
  const stack: SyntaxNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
}

/** Text of a range of the checked file (columns clamp to their line, as the range's lines may be short). */
export function textOf(text: string, range: Range): string {
  const starts = lineStarts(text);
  const offset = (line: number, character: number) => {
    if (line >= starts.length) return text.length;
    const lineEnd = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
    return Math.min(starts[line] + character, lineEnd);
  };
  return text.slice(offset(range.start.line, range.start.character), offset(range.end.line, range.end.character));
}
