// Plain data that rules produce and consume. Nothing here knows about LSP: server/src/lsp turns findings
// into diagnostics and fixes into code actions; the CLI prints them.
import type { ProgramModel, Range } from '../model/types';
import type { GpuSpec } from '../cost/gpus';
import type { SyntaxTree } from '../parse/grammar';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleCategory = 'memory' | 'launch' | 'host' | 'kernel' | 'correctness';

export interface RelatedLocation { file: string; range: Range; message: string }

export interface Finding {
  ruleId: string;
  file: string;
  range: Range;
  message: string;
  severity: Severity;
  related?: RelatedLocation[];
  tags?: ('unnecessary' | 'deprecated')[];
  /** Rule-specific payload the rule's fix reads back (must be JSON-serialisable). */
  data?: unknown;
}

export interface TextEdit { file: string; range: Range; newText: string }

export interface Fix {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite';
  /** Safe, behaviour-preserving fix offered as the preferred one and by "Apply All Safe Fixes". */
  isPreferred?: boolean;
  edits: TextEdit[];
}

/** Per-kernel resource usage reported by ptxas (only present when nvcc ran: trusted workspace). */
export interface KernelResources { registers: number; spillStoreBytes: number; spillLoadBytes: number; stackBytes?: number }

export interface RuleContext {
  model: ProgramModel;
  /** Text of model.file. */
  text: string;
  gpu: GpuSpec;
  /** ptxas resource usage by kernel name (mangled names demangled to the source name), when known. */
  resources?: Map<string, KernelResources>;
  /** The live syntax tree of `text`, when the caller has one (the language server, analyzeText): rules that
   *  need syntax read it instead of parsing the text again (rules/analysis/syntax-cache.ts). */
  tree?: SyntaxTree;
}

export interface Rule {
  id: string;
  title: string;
  defaultSeverity: Severity;
  category: RuleCategory;
  /** One sentence for the README table and the docs index. */
  description: string;
  check(ctx: RuleContext): Finding[];
  fix?(finding: Finding, ctx: RuleContext): Fix[];
}
