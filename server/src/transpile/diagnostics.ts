// Diagnostics the translator reports, each with a stable id (also written into the output as #error or
// comment text), so users and tests can find the construct the translation could not handle.
import type { LiteNode as SyntaxNode } from './lite-tree';

export interface TranspileDiagnostic {
  id: string;
  message: string;
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'info';
}

/** Stable ids, documented in docs/transpiler.md. */
export const DIAG_IDS = {
  unsupportedApi: 'unsupported-api',
  approximatedApi: 'approximated-api',
  unknownApi: 'unknown-api',
  syncInSwitch: 'barrier-in-switch',
  syncInUnstructured: 'barrier-in-unstructured-code',
  continueInDivergentLoop: 'continue-in-divergent-loop',
  refAcrossBarrier: 'reference-across-barrier',
  inlineEarlyReturn: 'inline-early-return',
  inlineUnsupported: 'inline-unsupported',
  nestedWarpOp: 'nested-warp-op',
  dynamicParallelism: 'dynamic-parallelism',
  gridSync: 'grid-sync',
  texture: 'texture-object',
} as const;

export class DiagSink {
  readonly list: TranspileDiagnostic[] = [];
  constructor(readonly file: string) {}
  add(id: string, message: string, node: SyntaxNode | undefined, severity: TranspileDiagnostic['severity'] = 'error',
      lineOffset = 0): void {
    const s = node?.startPosition ?? { row: 0, column: 0 };
    const e = node?.endPosition ?? s;
    this.list.push({
      id, message, file: this.file, severity,
      range: { start: { line: s.row + lineOffset, character: s.column }, end: { line: e.row + lineOffset, character: e.column } },
    });
  }
}

/** The text written into the output where a construct could not be translated. */
export function errorDirective(id: string, message: string): string {
  return `\n#error "cuda-lens [${id}]: ${message.replace(/["\\]/g, "'")}"\n`;
}
