// "CUDA Lens: Apply All Safe Fixes": asks the server for source.fixAll.cudaLens on the active file and
// applies it.
import * as vscode from 'vscode';
import type { CudaLensClient } from '../client';
import { Commands } from '../../../server/src/lsp/protocol';

export function activate(context: vscode.ExtensionContext, _client: CudaLensClient): void {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.applyAllSafeFixes, async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', editor.document.uri,
      new vscode.Range(0, 0, editor.document.lineCount, 0), 'source.fixAll.cudaLens');
    const action = actions?.find((a) => a.edit);
    if (!action?.edit) return void vscode.window.showInformationMessage('CUDA Lens: no safe fixes to apply.');
    await vscode.workspace.applyEdit(action.edit);
  }));
}
