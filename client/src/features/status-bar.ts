// Status-bar item showing the target GPU; clicking it opens the GPU picker.
import * as vscode from 'vscode';
import type { CudaLensClient } from '../client';
import { Commands, TargetGpuNotification, TargetGpuParams } from '../../../server/src/lsp/protocol';

export function activate(context: vscode.ExtensionContext, client: CudaLensClient): void {
  const item = vscode.window.createStatusBarItem('cudaLens.targetGpu', vscode.StatusBarAlignment.Right, 100);
  item.name = 'CUDA Lens Target GPU';
  item.command = Commands.selectTargetGpu;
  item.tooltip = 'CUDA Lens: target GPU for estimates and rules (click to change)';
  const show = (label: string) => {
    item.text = `$(circuit-board) ${label}`;
    item.show();
  };
  show(vscode.workspace.getConfiguration('cudaLens').get<string>('targetGpu', 'h100-sxm'));
  client.languageClient.onNotification(TargetGpuNotification, (params: TargetGpuParams) => show(params.name));
  context.subscriptions.push(item);
}
