// Starts the bundled language server over IPC, restarts it if it crashes (the language client's default
// error handler restarts up to 4 times in 3 minutes), and passes workspace trust so compilers run only in
// trusted workspaces.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

export interface CudaLensClient {
  languageClient: LanguageClient;
  output: vscode.OutputChannel;
}

export async function startClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): Promise<CudaLensClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'cuda-cpp' }],
    outputChannel: output,
    synchronize: { configurationSection: 'cudaLens' },
    // A function: evaluated at each (re)start, so a restart after trust is granted passes trusted: true.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
  };
  const languageClient = new LanguageClient('cudaLens', 'CUDA Lens', serverOptions, clientOptions);
  await languageClient.start();
  context.subscriptions.push(languageClient);
  // Trust decides whether the server may run nvcc; it is read at start-up, so restart when it is granted.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
    void languageClient.restart();
  }));
  return { languageClient, output };
}
