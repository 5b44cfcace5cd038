// Turns rule fixes into code actions: quick fixes (preferred when safe), refactor.rewrite for larger
// rewrites, source.fixAll.cudaLens for every safe fix, and per finding "disable this rule" and "show rule
// documentation". Edits are attached lazily in codeAction/resolve.
import {
  CodeAction, CodeActionKind, CodeActionParams, Connection, TextEdit as LspTextEdit, WorkspaceEdit,
} from 'vscode-languageserver';
import { findRule } from '../rules';
import { rewritesAt } from '../rewrite';
import type { Finding, Fix, TextEdit } from '../rules/types';
import { Commands } from './protocol';
import { pathToUri } from './uri';
import { DocumentAnalysis, Workspace, describe } from './workspace';

export const FIX_ALL_KIND = 'source.fixAll.cudaLens';

/** findingIndex -1: a cursor rewrite (rewritesAt) at `cursor`, re-run on resolve. */
interface ActionData { uri: string; version: number; findingIndex: number; fixIndex: number; cursor?: { line: number; character: number } }

function overlaps(f: Finding, range: CodeActionParams['range']): boolean {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
    a.line < b.line || (a.line === b.line && a.character < b.character);
  return !before(f.range.end, range.start) && !before(range.end, f.range.start);
}

export function fixesFor(analysis: DocumentAnalysis, finding: Finding): Fix[] {
  const rule = findRule(finding.ruleId);
  if (!rule?.fix) return [];
  return rule.fix(finding, { model: analysis.model, text: analysis.text, gpu: analysis.gpu });
}

export function toWorkspaceEdit(edits: TextEdit[]): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) (changes[pathToUri(e.file)] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}

/** Every preferred fix of the document, dropping any whose edits overlap an earlier one. */
export function safeFixEdits(analysis: DocumentAnalysis): TextEdit[] {
  const taken: TextEdit[] = [];
  const clash = (a: TextEdit, b: TextEdit) => a.file === b.file &&
    !(cmp(a.range.end, b.range.start) <= 0 || cmp(b.range.end, a.range.start) <= 0);
  for (const finding of analysis.findings) {
    for (const fix of fixesFor(analysis, finding)) {
      if (!fix.isPreferred || fix.edits.some((e) => taken.some((t) => clash(e, t)))) continue;
      taken.push(...fix.edits);
    }
  }
  return taken;
}

function cmp(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}

export function registerCodeActions(connection: Connection, workspace: Workspace): void {
  connection.onCodeAction((params) => {
    try {
      const analysis = workspace.analysis(params.textDocument.uri);
      if (!analysis) return [];
      const only = params.context.only;
      if (only?.some((k) => k === FIX_ALL_KIND || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source)) {
        const edits = safeFixEdits(analysis);
        return edits.length ? [{ title: 'Apply all safe CUDA Lens fixes', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(edits) }] : [];
      }
      const actions: CodeAction[] = [];
      analysis.findings.forEach((finding, findingIndex) => {
        if (!overlaps(finding, params.range)) return;
        const diagnostic = params.context.diagnostics.find((d) => d.code === finding.ruleId &&
          d.range.start.line === finding.range.start.line);
        fixesFor(analysis, finding).forEach((fix, fixIndex) => {
          const data: ActionData = { uri: analysis.uri, version: analysis.version, findingIndex, fixIndex };
          actions.push({
            title: fix.title,
            kind: fix.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
            isPreferred: fix.isPreferred,
            diagnostics: diagnostic ? [diagnostic] : undefined,
            data,
          });
        });
        actions.push({
          title: `Disable CUDA Lens rule ${finding.ruleId}`,
          kind: CodeActionKind.QuickFix,
          command: { title: 'Disable rule', command: 'cudaLens.disableRule', arguments: [finding.ruleId] },
        }, {
          title: `Show documentation for ${finding.ruleId}`,
          kind: CodeActionKind.QuickFix,
          command: { title: 'Show documentation', command: Commands.showRuleDocs, arguments: [finding.ruleId] },
        });
      });
      const ctx = { model: analysis.model, text: analysis.text, gpu: analysis.gpu };
      rewritesAt(ctx, params.range.start).forEach((fix, fixIndex) => {
        const data: ActionData = { uri: analysis.uri, version: analysis.version, findingIndex: -1, fixIndex, cursor: params.range.start };
        actions.push({ title: fix.title, kind: CodeActionKind.RefactorRewrite, data });
      });
      return dedupeCommands(actions);
    } catch (error) {
      connection.console.error(`cuda-lens: code actions failed: ${describe(error)}`);
      return [];
    }
  });

  connection.onCodeActionResolve((action) => {
    const data = action.data as ActionData | undefined;
    if (!data) return action;
    const analysis = workspace.analysis(data.uri);
    if (!analysis || analysis.version !== data.version) return action;
    const finding = analysis.findings[data.findingIndex];
    const fix = data.findingIndex < 0 && data.cursor
      ? rewritesAt({ model: analysis.model, text: analysis.text, gpu: analysis.gpu }, data.cursor)[data.fixIndex]
      : finding && fixesFor(analysis, finding)[data.fixIndex];
    if (fix) action.edit = toWorkspaceEdit(fix.edits);
    return action;
  });
}

/** Several findings of one rule on a line would repeat "disable"/"docs" actions; keep one of each. */
function dedupeCommands(actions: CodeAction[]): CodeAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    if (!a.command) return true;
    const key = a.title;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
