// Commands behind the per-finding code actions: disable a rule (writes cudaLens.rules.<id> = off) and show
// a rule's documentation (the markdown shipped in the extension's docs/rules folder).
import * as vscode from 'vscode';
import type { CudaLensClient } from '../client';
import { Commands } from '../../../server/src/lsp/protocol';

export function activate(context: vscode.ExtensionContext, _client: CudaLensClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('cudaLens.disableRule', async (ruleId: string) => {
      const config = vscode.workspace.getConfiguration('cudaLens');
      const rules = { ...(config.get<Record<string, string>>('rules') ?? {}), [ruleId]: 'off' };
      await config.update('rules', rules, vscode.ConfigurationTarget.Workspace);
    }),
    vscode.commands.registerCommand(Commands.showRuleDocs, async (ruleId: string) => {
      const doc = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
      await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
    }),
  );
}
