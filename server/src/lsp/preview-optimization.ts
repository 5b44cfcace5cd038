// Handler of cudaLens/previewOptimization: the document's text before and after the first rewrite offered
// at a position (a rule finding's refactor.rewrite fix there, optionally of one rule, else a cursor
// rewrite), so the client can show a diff and apply it on confirmation. When nothing is offered, the
// title says why, with each rewrite's reason.
import { Connection } from 'vscode-languageserver';
import { allRewritesAt, applyEdits, rewritesAt } from '../rewrite';
import type { Fix } from '../rules/types';
import { fixesFor } from './code-actions';
import { PreviewOptimizationParams, PreviewOptimizationRequest, PreviewOptimizationResult } from './protocol';
import { Workspace, describe } from './workspace';

export function registerPreviewOptimization(connection: Connection, workspace: Workspace): void {
  connection.onRequest(PreviewOptimizationRequest, (params: PreviewOptimizationParams): PreviewOptimizationResult => {
    const analysis = workspace.analysis(params.uri);
    if (!analysis) return { title: 'CUDA Lens: open the CUDA file first.', before: '', after: '' };
    const { text } = analysis;
    try {
      const position = { line: params.line, character: params.character };
      const ctx = { model: analysis.model, text, gpu: analysis.gpu };
      const atLine = analysis.findings.filter((f) => (!params.ruleId || f.ruleId === params.ruleId) &&
        f.range.start.line <= position.line && position.line <= f.range.end.line);
      const fromRules = atLine.flatMap((f) => fixesFor(analysis, f)).filter((f) => f.kind === 'refactor.rewrite');
      const fix: Fix | undefined = fromRules[0] ?? (params.ruleId ? undefined : rewritesAt(ctx, position)[0]);
      if (!fix) {
        const reasons = allRewritesAt(ctx, position).map((r) => ('notOffered' in r.result ? `${r.id}: ${r.result.notOffered}` : undefined)).filter(Boolean);
        return { title: `No optimization offered here. ${reasons.join('; ')}`, before: text, after: text };
      }
      const edits = fix.edits.filter((e) => e.file === analysis.file);
      return { title: fix.title, before: text, after: applyEdits(text, edits) };
    } catch (error) {
      connection.console.error(`cuda-lens: preview failed: ${describe(error)}`);
      return { title: `CUDA Lens could not preview the rewrite: ${String(error)}`, before: text, after: text };
    }
  });
}
