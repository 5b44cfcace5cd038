// Hover on a kernel launch: the cost model's full breakdown (formula inputs, assumptions, sources).
import { Connection, MarkupKind } from 'vscode-languageserver';
import { breakdownMarkdown, estimateForLaunch } from './estimates';
import { Workspace, describe } from './workspace';

export function registerHover(connection: Connection, workspace: Workspace): void {
  connection.onHover((params) => {
    try {
      const analysis = workspace.analysis(params.textDocument.uri);
      if (!analysis) return null;
      const { line, character } = params.position;
      const launch = analysis.model.launches.find((l) => l.file === analysis.file &&
        (l.range.start.line < line || (l.range.start.line === line && l.range.start.character <= character)) &&
        (l.range.end.line > line || (l.range.end.line === line && l.range.end.character >= character)));
      if (!launch) return null;
      const estimate = estimateForLaunch(analysis, launch);
      if (!estimate) return null;
      return { contents: { kind: MarkupKind.Markdown, value: breakdownMarkdown(estimate, analysis.gpu.name) }, range: launch.range };
    } catch (error) {
      connection.console.error(`cuda-lens: hover failed: ${describe(error)}`);
      return null;
    }
  });
}
