// Activates CUDA Lens on cuda-cpp documents: starts the bundled language server and wires one feature
// module per command or UI element (clangd's layout: each feature file exports `activate`).
import * as vscode from 'vscode';
import { startClient, CudaLensClient } from './client';
import * as statusBar from './features/status-bar';
import * as selectGpu from './features/select-gpu';
import * as translation from './features/translation-preview';
import * as costReport from './features/cost-report';
import * as ruleCommands from './features/rule-commands';
import * as fixAll from './features/fix-all';
import * as previewOptimization from './features/preview-optimization';
import * as llmRewrite from './features/llm-rewrite';

let client: CudaLensClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('CUDA Lens');
  context.subscriptions.push(output);
  client = await startClient(context, output);
  for (const feature of [statusBar, selectGpu, translation, costReport, ruleCommands, fixAll, previewOptimization, llmRewrite]) {
    feature.activate(context, client);
  }
  context.subscriptions.push(vscode.commands.registerCommand('cudaLens.restartServer', async () => {
    await client?.languageClient.restart();
  }));
}

export async function deactivate(): Promise<void> {
  await client?.languageClient.stop();
}
