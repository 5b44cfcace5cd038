// Handler of cudaLens/llmRewrite: runs the optional LLM rewrite (server/src/rewrite/llm) for the kernel at
// the position and answers like the optimization preview: the text before and after when the proposed
// kernel passed verification, else the reason in the title and an unchanged text.
import { Connection } from 'vscode-languageserver';
import { applyEdits } from '../rewrite';
import { proposeLlmRewrite } from '../rewrite/llm';
import { LlmRewriteParams, LlmRewriteRequest, PreviewOptimizationResult } from './protocol';
import { Workspace, describe } from './workspace';

export function registerLlmRewrite(connection: Connection, workspace: Workspace): void {
  connection.onRequest(LlmRewriteRequest, async (params: LlmRewriteParams): Promise<PreviewOptimizationResult> => {
    const analysis = workspace.analysis(params.uri);
    if (!analysis) return { title: 'CUDA Lens: open the CUDA file first.', before: '', after: '' };
    const { text } = analysis;
    try {
      const ctx = { model: analysis.model, text, gpu: analysis.gpu };
      const result = await proposeLlmRewrite(ctx, { line: params.line, character: params.character }, {
        endpoint: params.endpoint, model: params.model, apiKey: params.apiKey, trusted: workspace.trusted,
        nvcc: workspace.settings.nvccPath || undefined,
      });
      if ('notOffered' in result) return { title: `No LLM rewrite offered: ${result.notOffered}`, before: text, after: text };
      return { title: result.title, before: text, after: applyEdits(text, result.edits.filter((e) => e.file === analysis.file)) };
    } catch (error) {
      connection.console.error(`cuda-lens: LLM rewrite failed: ${describe(error)}`);
      return { title: `CUDA Lens could not run the LLM rewrite: ${String(error)}`, before: text, after: text };
    }
  });
}
