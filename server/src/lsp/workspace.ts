// Server-side state: open documents with their incremental syntax trees, settings, and one analysis
// (program model + findings) per document version and target GPU, computed lazily and shared by every
// LSP feature so a keystroke costs one re-parse and one model build.
import { DocumentTrees, TextChange } from '../parse/trees';
import { buildProgramModel, forgetFunctions, WorkspaceIndex } from '../model';
import type { ProgramModel } from '../model/types';
import { getGpu, DEFAULT_GPU_ID, GpuSpec } from '../cost/gpus';
import { runRules } from '../rules/run';
import { forgetFindings } from '../rules/analysis/per-function';
import type { Finding, KernelResources, Rule } from '../rules/types';
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
  /** ptxas resource usage per kernel when nvcc ran on exactly this text for this GPU. */
  resources?: Map<string, KernelResources>;
}

interface ResourceEntry { text: string; gpuId: string; byKernel: Map<string, KernelResources> }

export class Workspace {
  readonly trees = new DocumentTrees(64);
  readonly index = new WorkspaceIndex();
  settings: CudaLensSettings = DEFAULT_SETTINGS;
  /** Compilers (nvcc/ptxas) run only when the client says the workspace is trusted. */
  trusted = false;
  private readonly analyses = new Map<string, DocumentAnalysis>();
  private readonly resources = new Map<string, ResourceEntry>();

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
    this.resources.delete(uri);
    // The per-function memos of a closed document are dead weight until it is reopened (a reopen pays one
    // full build, which is what opening costs anyway).
    forgetFunctions(uriToPath(uri));
    forgetFindings(uriToPath(uri));
  }

  /** Records ptxas results for a text; they apply while the document still has that text. */
  setResources(uri: string, text: string, gpuId: string, byKernel: Map<string, KernelResources>): void {
    this.resources.set(uri, { text, gpuId, byKernel });
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
    const known = this.resources.get(uri);
    const resources = known && known.text === entry.text && known.gpuId === gpu.id ? known.byKernel : undefined;
    const findings = runRules({ model, text: entry.text, gpu, resources, tree: entry.tree }, {
      levels: this.settings.rules,
      onRuleError: (rule: Rule, error: unknown) => this.log(`rule ${rule.id} failed on ${uri}: ${describe(error)}`),
    }).filter((f) => f.file === file);
    const analysis = { uri, file, version: entry.version, text: entry.text, model, findings, gpu, resources };
    this.analyses.set(uri, analysis);
    return analysis;
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}
