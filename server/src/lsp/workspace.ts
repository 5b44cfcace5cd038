// Server-side state: open documents with their incremental syntax trees, settings, and one analysis
// (program model + findings) per document version and target GPU, computed lazily and shared by every
// LSP feature so a keystroke costs one re-parse and one model build.
import { DocumentTrees, TextChange } from '../parse/trees';
import { buildProgramModel, WorkspaceIndex } from '../model';
import type { ProgramModel } from '../model/types';
import { getGpu, DEFAULT_GPU_ID, GpuSpec } from '../cost/gpus';
import { runRules } from '../rules/run';
import type { Finding, Rule } from '../rules/types';
import { CudaLensSettings, DEFAULT_SETTINGS } from './protocol';
import { uriToPath } from './uri';

export interface DocumentAnalysis {
  uri: string;
  file: string;
  version: number;
  text: string;
  model: ProgramModel;
  findings: Finding[];
  gpu: GpuSpec;
}

export class Workspace {
  readonly trees = new DocumentTrees(64);
  readonly index = new WorkspaceIndex();
  settings: CudaLensSettings = DEFAULT_SETTINGS;
  /** Compilers (nvcc/ptxas) run only when the client says the workspace is trusted. */
  trusted = false;
  private readonly analyses = new Map<string, DocumentAnalysis>();

  constructor(private readonly log: (message: string) => void) {}

  open(uri: string, text: string, version: number): void {
    this.trees.open(uri, text, version);
    this.analyses.delete(uri);
    this.index.update(uriToPath(uri), text);
  }

  change(uri: string, changes: TextChange[], version: number): void {
    this.trees.change(uri, changes, version);
    this.analyses.delete(uri);
    const entry = this.trees.get(uri);
    if (entry) this.index.update(uriToPath(uri), entry.text);
  }

  close(uri: string): void {
    this.trees.close(uri);
    this.analyses.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.trees.get(uri) !== undefined;
  }

  openUris(): string[] {
    return this.trees.uris();
  }

  /** Drops cached analyses (settings or target GPU changed). */
  invalidateAll(): void {
    this.analyses.clear();
  }

  targetGpu(): GpuSpec {
    try {
      return getGpu(this.settings.targetGpu || DEFAULT_GPU_ID);
    } catch {
      this.log(`unknown cudaLens.targetGpu "${this.settings.targetGpu}"; using ${DEFAULT_GPU_ID}`);
      return getGpu(DEFAULT_GPU_ID);
    }
  }

  /** The analysis of the document's current version, computed on first use. */
  analysis(uri: string): DocumentAnalysis | undefined {
    const entry = this.trees.get(uri);
    if (!entry) return undefined;
    const cached = this.analyses.get(uri);
    if (cached && cached.version === entry.version) return cached;
    const file = uriToPath(uri);
    const gpu = this.targetGpu();
    const model = buildProgramModel(entry.tree, entry.text, file, { index: this.index });
    const findings = runRules({ model, text: entry.text, gpu }, {
      levels: this.settings.rules,
      onRuleError: (rule: Rule, error: unknown) => this.log(`rule ${rule.id} failed on ${uri}: ${describe(error)}`),
    }).filter((f) => f.file === file);
    const analysis = { uri, file, version: entry.version, text: entry.text, model, findings, gpu };
    this.analyses.set(uri, analysis);
    return analysis;
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}
