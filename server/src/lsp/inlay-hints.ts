// Inlay hints at kernel launches: estimated time per launch, the bound and occupancy for the target GPU,
// with the full breakdown as a markdown tooltip.
import { Connection, InlayHint, MarkupKind } from 'vscode-languageserver';
import { breakdownMarkdown, estimateForLaunch, shortSummary } from './estimates';
import { Workspace, describe } from './workspace';

export function registerInlayHints(connection: Connection, workspace: Workspace): void {
  connection.languages.inlayHint.on((params) => {
    if (!workspace.settings.inlayHints.enabled) return [];
    try {
      const analysis = workspace.analysis(params.textDocument.uri);
      if (!analysis) return [];
      const hints: InlayHint[] = [];
      for (const launch of analysis.model.launches) {
        if (launch.file !== analysis.file) continue;
        const line = launch.range.end.line;
        if (line < params.range.start.line || line > params.range.end.line) continue;
        const estimate = estimateForLaunch(analysis, launch);
        if (!estimate) continue;
        hints.push({
          position: launch.range.end,
          label: ` ${shortSummary(estimate)}`,
          paddingLeft: true,
          tooltip: { kind: MarkupKind.Markdown, value: breakdownMarkdown(estimate, analysis.gpu.name) },
        });
      }
      return hints;
    } catch (error) {
      connection.console.error(`cuda-lens: inlay hints failed: ${describe(error)}`);
      return [];
    }
  });
}
