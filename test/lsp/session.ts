// Test harness: starts the built server (`node dist/server.js --stdio`) as a child process and speaks real
// JSON-RPC to it, recording published diagnostics so tests can wait for the event instead of sleeping.
import { spawn, ChildProcess } from 'child_process';
import * as path from 'path';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, ProtocolConnection,
  PublishDiagnosticsNotification, PublishDiagnosticsParams, ShutdownRequest, ExitNotification,
  StreamMessageReader, StreamMessageWriter, DidOpenTextDocumentNotification, ConfigurationRequest,
} from 'vscode-languageserver-protocol/node';

export const SERVER = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

export class LspSession {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly child: ChildProcess;
  stderr = '';
  settings: Record<string, unknown> = {};
  /** cudaLens/targetGpu notifications received, oldest first. */
  readonly targetGpus: { id: string; name: string }[] = [];
  private gpuWaiters: ((p: { id: string; name: string }) => void)[] = [];
  private versions = new Map<string, number>();

  constructor() {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.pred(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onNotification('cudaLens/targetGpu', (p: { id: string; name: string }) => {
      this.targetGpus.push(p);
      for (const w of this.gpuWaiters.splice(0)) w(p);
    });
    this.connection.listen();
  }

  async initialize(settings: Record<string, unknown> = {}, initializationOptions: Record<string, unknown> = {}) {
    this.settings = settings;
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: null, workspaceFolders: null, initializationOptions,
      capabilities: { workspace: { configuration: true }, textDocument: { inlayHint: {}, codeAction: { resolveSupport: { properties: ['edit'] } } } },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Resolves with the next diagnostics for uri that satisfy pred (default: any with the latest version). */
  waitForDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr:\n${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (p) => { clearTimeout(timer); resolve(p); } });
    });
  }

  async open(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    this.versions.set(uri, 1);
    const waiting = this.waitForDiagnostics(uri, (p) => p.version === 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'cuda-cpp', version: 1, text },
    });
    return waiting;
  }

  async change(uri: string, changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): Promise<PublishDiagnosticsParams> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const waiting = this.waitForDiagnostics(uri, (p) => p.version === version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return waiting;
  }

  /** Changes the settings the server reads and tells it so; resolves when it announces the target GPU. */
  async updateSettings(settings: Record<string, unknown>): Promise<{ id: string; name: string }> {
    this.settings = settings;
    const announced = new Promise<{ id: string; name: string }>((resolve) => this.gpuWaiters.push(resolve));
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    return announced;
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.child.kill();
  }
}
