// A code lens above each kernel: its estimated time per launch on the target GPU (click for the file's
// cost report) and "Show CPU translation".
import { CodeLens, Connection } from 'vscode-languageserver';
import { estimatesOf, formatSeconds } from './estimates';
import { Commands } from './protocol';
import { Workspace, describe } from './workspace';

export function registerCodeLens(connection: Connection, workspace: Workspace): void {
  connection.onCodeLens((params) => {
    try {
      const analysis = workspace.analysis(params.textDocument.uri);
      if (!analysis) return [];
      const estimates = estimatesOf(analysis);
      const lenses: CodeLens[] = [];
      for (const kernel of analysis.model.kernels) {
        if (kernel.file !== analysis.file) continue;
        const mine = estimates.launches.filter((e) => e.kernelName === kernel.name);
        const range = { start: kernel.range.start, end: kernel.range.start };
        let title = `est. on ${analysis.gpu.shortName}: no launch with known size in this file`;
        if (mine.length) {
          const slowest = mine.reduce((a, b) => (b.seconds > a.seconds ? b : a));
          title = `est. per launch on ${analysis.gpu.shortName}: ${formatSeconds(slowest.seconds)} (${slowest.bound}-bound)` +
            (mine.length > 1 ? ` · ${mine.length} launch sites` : '');
        }
        lenses.push({ range, command: { title, command: Commands.estimateKernelCosts, arguments: [params.textDocument.uri] } });
        lenses.push({ range, command: { title: 'Show CPU translation', command: Commands.showCpuTranslation, arguments: [params.textDocument.uri] } });
      }
      return lenses;
    } catch (error) {
      connection.console.error(`cuda-lens: code lens failed: ${describe(error)}`);
      return [];
    }
  });
}
