// "CUDA Lens: Show CPU Translation": the C++/OpenMP translation as a read-only virtual document beside the
// source, refreshed as the source changes; and a diff view of source vs translation.
import * as vscode from 'vscode';
import type { CudaLensClient } from '../client';
import { Commands, TranslationRequest, TranslationResult } from '../../../server/src/lsp/protocol';

const SCHEME = 'cuda-lens-cpu';

class TranslationProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: CudaLensClient) {}

  /** cuda-lens-cpu:/path/file.cu.cpp?<source uri> */
  static uriFor(source: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: SCHEME, path: source.path + '.cpp', query: source.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const result = await this.client.languageClient.sendRequest<TranslationResult>(TranslationRequest, { uri: uri.query });
    const problems = result.problems.length ? `// CUDA Lens translation problems:\n${result.problems.map((p) => `//   ${p}`).join('\n')}\n\n` : '';
    return problems + result.text;
  }

  refresh(source: vscode.Uri): void {
    this.changed.fire(TranslationProvider.uriFor(source));
  }
}

function sourceUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  return vscode.window.activeTextEditor?.document.uri;
}

export function activate(context: vscode.ExtensionContext, client: CudaLensClient): void {
  const provider = new TranslationProvider(client);
  const timers = new Map<string, NodeJS.Timeout>();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId !== 'cuda-cpp') return;
      const key = e.document.uri.toString();
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(() => provider.refresh(e.document.uri), 300));
    }),
    vscode.commands.registerCommand(Commands.showCpuTranslation, async (arg?: unknown) => {
      const source = sourceUri(arg);
      if (!source) return void vscode.window.showWarningMessage('CUDA Lens: open a CUDA file first.');
      const doc = await vscode.workspace.openTextDocument(TranslationProvider.uriFor(source));
      await vscode.languages.setTextDocumentLanguage(doc, 'cpp');
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
    }),
    vscode.commands.registerCommand(Commands.showCpuTranslationDiff, async (arg?: unknown) => {
      const source = sourceUri(arg);
      if (!source) return void vscode.window.showWarningMessage('CUDA Lens: open a CUDA file first.');
      const name = source.path.split('/').pop();
      await vscode.commands.executeCommand('vscode.diff', source, TranslationProvider.uriFor(source), `${name} ↔ CPU translation`);
    }),
  );
}
