// "CUDA Lens: Preview Optimization": asks the server for the rewrite at the cursor, shows the document
// before and after as a diff (with the predicted gain in the title), and applies it only when the user
// confirms and the document has not changed in between. The LLM rewrite command reuses the diff step.
import * as vscode from 'vscode';
import type { CudaLensClient } from '../client';
import { Commands, PreviewOptimizationRequest, PreviewOptimizationResult } from '../../../server/src/lsp/protocol';

const SCHEME = 'cuda-lens-preview';

/** Holds the texts the diff view shows, keyed by the virtual document's path. */
class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

const docs = new PreviewDocuments();
let counter = 0;

/** Shows before/after as a diff and replaces the document's text if the user chooses Apply. */
export async function offerDiff(result: PreviewOptimizationResult, document: vscode.TextDocument, version: number): Promise<void> {
  if (result.before === result.after) return void vscode.window.showInformationMessage(result.title);
  const id = ++counter;
  const name = document.uri.path.split('/').pop() ?? 'file.cu';
  const before = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/before/${name}` });
  const after = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/after/${name}` });
  docs.set(before, result.before);
  docs.set(after, result.after);
  await vscode.commands.executeCommand('vscode.diff', before, after, `${name}: ${result.title}`);
  const choice = await vscode.window.showInformationMessage(result.title, 'Apply', 'Cancel');
  if (choice !== 'Apply') return;
  if (document.version !== version) return void vscode.window.showWarningMessage('CUDA Lens: the file changed since the preview; run it again.');
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), result.after);
  await vscode.workspace.applyEdit(edit);
}

export function activate(context: vscode.ExtensionContext, client: CudaLensClient): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, docs),
    vscode.commands.registerCommand(Commands.previewOptimization, async (ruleId?: string) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'cuda-cpp') return void vscode.window.showWarningMessage('CUDA Lens: open a CUDA file first.');
      const document = editor.document;
      const version = document.version;
      const pos = editor.selection.active;
      const result = await client.languageClient.sendRequest<PreviewOptimizationResult>(PreviewOptimizationRequest, {
        uri: document.uri.toString(), line: pos.line, character: pos.character, ruleId: typeof ruleId === 'string' ? ruleId : undefined,
      });
      await offerDiff(result, document, version);
    }),
  );
}
