// "CUDA Lens: Propose Kernel Rewrite with LLM" and "CUDA Lens: Set LLM API Key". Off by default: nothing
// leaves the machine unless cudaLens.llm.endpoint is set. The key lives in VS Code's SecretStorage and is
// passed to the local language server with each request; the server verifies the proposed kernel before
// the diff is shown.
import * as vscode from 'vscode';
import type { CudaLensClient } from '../client';
import { Commands, LlmRewriteRequest, PreviewOptimizationResult } from '../../../server/src/lsp/protocol';
import { offerDiff } from './preview-optimization';

const SECRET = 'cudaLens.llm.apiKey';

export function activate(context: vscode.ExtensionContext, client: CudaLensClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.setLlmApiKey, async () => {
      const key = await vscode.window.showInputBox({ prompt: 'API key for cudaLens.llm.endpoint (stored in VS Code SecretStorage; empty clears it)', password: true, ignoreFocusOut: true });
      if (key === undefined) return;
      if (key) await context.secrets.store(SECRET, key);
      else await context.secrets.delete(SECRET);
    }),
    vscode.commands.registerCommand(Commands.llmRewrite, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'cuda-cpp') return void vscode.window.showWarningMessage('CUDA Lens: open a CUDA file first.');
      const config = vscode.workspace.getConfiguration('cudaLens.llm');
      const endpoint = config.get<string>('endpoint', '');
      if (!endpoint) return void vscode.window.showInformationMessage('CUDA Lens: LLM rewrites are off. Set cudaLens.llm.endpoint to an OpenAI-compatible endpoint to use them.');
      const document = editor.document;
      const version = document.version;
      const pos = editor.selection.active;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'CUDA Lens: asking the LLM and verifying its kernel…' },
        async () => client.languageClient.sendRequest<PreviewOptimizationResult>(LlmRewriteRequest, {
          uri: document.uri.toString(), line: pos.line, character: pos.character, endpoint,
          model: config.get<string>('model', ''), apiKey: await context.secrets.get(SECRET),
        }),
      );
      await offerDiff(result, document, version);
    }),
  );
}
