// "CUDA Lens: Estimate Kernel Costs": opens the server's markdown cost report for the active file.
import * as vscode from 'vscode';
import type { CudaLensClient } from '../client';
import { Commands, EstimateReportRequest, EstimateReportResult } from '../../../server/src/lsp/protocol';

export function activate(context: vscode.ExtensionContext, client: CudaLensClient): void {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.estimateKernelCosts, async (arg?: unknown) => {
    const uri = typeof arg === 'string' ? arg : vscode.window.activeTextEditor?.document.uri.toString();
    if (!uri) return void vscode.window.showWarningMessage('CUDA Lens: open a CUDA file first.');
    const report = await client.languageClient.sendRequest<EstimateReportResult>(EstimateReportRequest, { uri });
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: report.markdown });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }));
}
