// Registers the LSP features that read analyses (inlay hints, hover, code lens, custom requests) and
// tells the client when their inputs change (settings, target GPU) so it asks again.
import { Connection } from 'vscode-languageserver';
import { registerCodeLens } from './code-lens';
import { registerHover } from './hover';
import { registerInlayHints } from './inlay-hints';
import { registerLlmRewrite } from './llm-rewrite';
import { registerPreviewOptimization } from './preview-optimization';
import { TargetGpuNotification } from './protocol';
import { registerRequests } from './requests';
import { Workspace } from './workspace';

export function registerFeatures(connection: Connection, workspace: Workspace): { refreshViews(): void } {
  registerInlayHints(connection, workspace);
  registerHover(connection, workspace);
  registerCodeLens(connection, workspace);
  registerRequests(connection, workspace);
  registerPreviewOptimization(connection, workspace);
  registerLlmRewrite(connection, workspace);
  return {
    refreshViews() {
      const gpu = workspace.targetGpu();
      void connection.sendNotification(TargetGpuNotification, { id: gpu.id, name: gpu.name });
      void connection.languages.inlayHint.refresh().catch(() => undefined);
      void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    },
  };
}
