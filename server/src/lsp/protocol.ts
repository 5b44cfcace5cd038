// The custom cudaLens/* requests shared by the server and the client (the client imports this file, so it
// must not import server-only modules). Plain JSON shapes only.

/** Returns the CPU (C++/OpenMP) translation of a CUDA document. */
export const TranslationRequest = 'cudaLens/translation';
export interface TranslationParams { uri: string }
export interface TranslationResult {
  text: string;
  /** Human-readable problems (unsupported constructs), one per line. */
  problems: string[];
}

/** Returns the cost report of a document as markdown. */
export const EstimateReportRequest = 'cudaLens/estimateReport';
export interface EstimateReportParams { uri: string }
export interface EstimateReportResult { markdown: string }

/** Lists the GPU database for the target picker. */
export const ListGpusRequest = 'cudaLens/listGpus';
export interface GpuChoice { id: string; name: string; detail: string }

/** Returns a document's text after one rewrite, for the optimization preview diff. */
export const PreviewOptimizationRequest = 'cudaLens/previewOptimization';
export interface PreviewOptimizationParams { uri: string; line: number; character: number; ruleId?: string }
export interface PreviewOptimizationResult { title: string; before: string; after: string }

/** Asks the user's LLM endpoint for a rewrite of the kernel at a position and verifies it (same result
 *  shape as the preview). The client passes its settings and the key from SecretStorage. */
export const LlmRewriteRequest = 'cudaLens/llmRewrite';
export interface LlmRewriteParams { uri: string; line: number; character: number; endpoint: string; model: string; apiKey?: string }

/** Server -> client: notification that the effective target GPU changed (status bar refresh). */
export const TargetGpuNotification = 'cudaLens/targetGpu';
export interface TargetGpuParams { id: string; name: string }

/** Command ids contributed by package.json. */
export const Commands = {
  selectTargetGpu: 'cudaLens.selectTargetGpu',
  showCpuTranslation: 'cudaLens.showCpuTranslation',
  showCpuTranslationDiff: 'cudaLens.showCpuTranslationDiff',
  estimateKernelCosts: 'cudaLens.estimateKernelCosts',
  applyAllSafeFixes: 'cudaLens.applyAllSafeFixes',
  previewOptimization: 'cudaLens.previewOptimization',
  llmRewrite: 'cudaLens.llmRewrite',
  setLlmApiKey: 'cudaLens.setLlmApiKey',
  restartServer: 'cudaLens.restartServer',
  /** Server-side command: opens a rule's documentation (client command). */
  showRuleDocs: 'cudaLens.showRuleDocs',
} as const;

/** Settings section read through workspace/configuration. */
export const SETTINGS_SECTION = 'cudaLens';
export interface CudaLensSettings {
  targetGpu: string;
  nvccPath: string;
  inlayHints: { enabled: boolean };
  rules: Record<string, 'off' | 'hint' | 'info' | 'warning' | 'error'>;
}
export const DEFAULT_SETTINGS: CudaLensSettings = {
  targetGpu: 'h100-sxm',
  nvccPath: '',
  inlayHints: { enabled: true },
  rules: {},
};
