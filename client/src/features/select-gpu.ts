// "CUDA Lens: Select Target GPU": a quick pick over the server's GPU database that writes
// cudaLens.targetGpu (the server re-analyses and the status bar follows).
import * as vscode from 'vscode';
import type { CudaLensClient } from '../client';
import { Commands, GpuChoice, ListGpusRequest } from '../../../server/src/lsp/protocol';

export function activate(context: vscode.ExtensionContext, client: CudaLensClient): void {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.selectTargetGpu, async (id?: string) => {
    const config = vscode.workspace.getConfiguration('cudaLens');
    let chosen = typeof id === 'string' ? id : undefined;
    if (!chosen) {
      const gpus = await client.languageClient.sendRequest<GpuChoice[]>(ListGpusRequest);
      const current = config.get<string>('targetGpu');
      const pick = await vscode.window.showQuickPick(
        gpus.map((g) => ({ label: g.name, description: g.id === current ? `${g.id} (current)` : g.id, detail: g.detail, id: g.id })),
        { placeHolder: 'Target GPU for CUDA Lens estimates and rules' },
      );
      chosen = pick?.id;
    }
    if (!chosen) return;
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config.update('targetGpu', chosen, target);
  }));
}
