// Handlers of the custom cudaLens/* requests (protocol.ts): CPU translation preview, cost report, GPU list.
import { Connection } from 'vscode-languageserver';
import * as fs from 'fs';
import { listGpus } from '../cost/gpus';
import { transpileText } from '../transpile';
import {
  EstimateReportParams, EstimateReportRequest, GpuChoice, ListGpusRequest, TranslationParams,
  TranslationRequest, TranslationResult,
} from './protocol';
import { costReportMarkdown } from './report';
import { pathToUri } from './uri';
import { Workspace, describe } from './workspace';

export function registerRequests(connection: Connection, workspace: Workspace): void {
  connection.onRequest(TranslationRequest, async (params: TranslationParams): Promise<TranslationResult> => {
    const analysis = workspace.analysis(params.uri);
    if (!analysis) return { text: '// CUDA Lens: open the CUDA file first.\n', problems: [] };
    try {
      // Open editors win over the disk, so headers being edited translate as they are shown.
      const readFile = (abs: string) => workspace.trees.get(pathToUri(abs))?.text ?? readIfExists(abs);
      const out = await transpileText(analysis.text, analysis.file, { readFile });
      return {
        text: out.main.content,
        problems: out.diagnostics.map((d) => `${d.file}:${d.range.start.line + 1}: [${d.id}] ${d.message}`),
      };
    } catch (error) {
      connection.console.error(`cuda-lens: translation failed: ${describe(error)}`);
      return { text: `// CUDA Lens could not translate this file:\n// ${String(error).split('\n').join('\n// ')}\n`, problems: [String(error)] };
    }
  });

  connection.onRequest(EstimateReportRequest, (params: EstimateReportParams) => {
    const analysis = workspace.analysis(params.uri);
    return { markdown: analysis ? costReportMarkdown(analysis) : 'Open a CUDA file to estimate its kernels.' };
  });

  connection.onRequest(ListGpusRequest, (): GpuChoice[] => listGpus().map((g) => ({
    id: g.id,
    name: g.name,
    detail: `${g.smCount} SMs · ${g.memoryBandwidthGBps} GB/s · cc ${g.computeCapability}`,
  })));
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
