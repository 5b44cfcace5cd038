// Composition root of the CUDA Lens language server (`node dist/server.js --stdio`, or IPC when the
// client starts it). Wires document sync, settings and one module per LSP feature. The server never
// writes to stdout (the protocol channel): logs go to the client console.
import {
  createConnection, DidChangeConfigurationNotification, InitializeResult, ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { loadCudaLanguage } from '../parse/grammar';
import { registerCodeActions, FIX_ALL_KIND } from './code-actions';
import { DiagnosticsPublisher } from './diagnostics';
import { registerFeatures } from './features';
import { PtxasRunner } from './ptxas-runner';
import { readSettings } from './settings';
import { Workspace, describe } from './workspace';

console.log = console.error; // Anything logged by a dependency must not corrupt the stdio channel.

const connection = createConnection(ProposedFeatures.all);
const workspace = new Workspace((m) => connection.console.log(`cuda-lens: ${m}`));
const diagnostics = new DiagnosticsPublisher(connection, workspace);
const ptxas = new PtxasRunner(workspace, (uri) => {
  diagnostics.schedule(uri);
  features.refreshViews();
}, (m) => connection.console.log(`cuda-lens: ${m}`));
let canReadConfiguration = false;
const ready = loadCudaLanguage();

connection.onInitialize(async (params): Promise<InitializeResult> => {
  await ready;
  canReadConfiguration = !!params.capabilities.workspace?.configuration;
  const options = (params.initializationOptions ?? {}) as { trusted?: boolean };
  workspace.trusted = options.trusted === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: {
        codeActionKinds: ['quickfix', 'refactor.rewrite', FIX_ALL_KIND],
        resolveProvider: true,
      },
      inlayHintProvider: true,
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [] },
    },
    serverInfo: { name: 'cuda-lens', version: require('../../../package.json').version },
  };
});

connection.onInitialized(async () => {
  if (canReadConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'cudaLens' });
    await refreshSettings();
  }
});

async function refreshSettings(): Promise<void> {
  if (!canReadConfiguration) return;
  try {
    workspace.settings = await readSettings(connection);
    workspace.invalidateAll();
    features.refreshViews();
    diagnostics.scheduleAll();
    for (const uri of workspace.openUris()) ptxas.schedule(uri);
  } catch (error) {
    connection.console.error(`cuda-lens: reading settings failed: ${describe(error)}`);
  }
}

connection.onDidChangeConfiguration(() => void refreshSettings());

connection.onDidOpenTextDocument((params) => {
  try {
    const { uri, text, version } = params.textDocument;
    workspace.open(uri, text, version);
    diagnostics.schedule(uri);
    ptxas.schedule(uri);
  } catch (error) {
    connection.console.error(`cuda-lens: open failed: ${describe(error)}`);
  }
});

connection.onDidChangeTextDocument((params) => {
  const { uri, version } = params.textDocument;
  try {
    workspace.change(uri, params.contentChanges, version);
    diagnostics.schedule(uri);
    ptxas.schedule(uri);
  } catch (error) {
    connection.console.error(`cuda-lens: change failed: ${describe(error)}`);
  }
});

connection.onDidCloseTextDocument((params) => {
  workspace.close(params.textDocument.uri);
  ptxas.cancel(params.textDocument.uri);
  diagnostics.clear(params.textDocument.uri);
});

registerCodeActions(connection, workspace);
const features = registerFeatures(connection, workspace);

process.on('uncaughtException', (error) => connection.console.error(`cuda-lens: ${describe(error)}`));
process.on('unhandledRejection', (error) => connection.console.error(`cuda-lens: ${describe(error)}`));

connection.listen();
