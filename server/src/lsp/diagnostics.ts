// Publishes rule findings as LSP diagnostics: source "cuda-lens", code = rule id with a link to the rule's
// documentation, related information (e.g. the launch site) and severity from the rule or the settings.
// Publishing is debounced per document so a burst of keystrokes costs one analysis.
import { Connection, Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Finding, Severity } from '../rules/types';
import { pathToUri } from './uri';
import { Workspace, describe } from './workspace';

export const DIAGNOSTIC_SOURCE = 'cuda-lens';
export const RULE_DOCS_BASE = 'https://github.com/cuda-lens/cuda-lens/blob/main/docs/rules/';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: `${RULE_DOCS_BASE}${f.ruleId}.md` },
    message: f.message,
    relatedInformation: f.related?.map((r) => ({ location: { uri: pathToUri(r.file), range: r.range }, message: r.message })),
    tags: f.tags?.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated)),
    data: { ruleId: f.ruleId },
  };
}

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** What was last sent per document, so a re-analysis that changes nothing sends nothing. */
  private readonly lastSent = new Map<string, { version: number; diagnostics: Diagnostic[] }>();

  constructor(private readonly connection: Connection, private readonly workspace: Workspace,
    private readonly delayMs = 40) {}

  schedule(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      this.publish(uri);
    }, this.delayMs));
  }

  scheduleAll(): void {
    for (const uri of this.workspace.openUris()) this.schedule(uri);
  }

  publish(uri: string): void {
    try {
      const analysis = this.workspace.analysis(uri);
      if (!analysis) return;
      const diagnostics = analysis.findings.map(toDiagnostic);
      // Re-analyses of the same version (ptxas results, settings) often change nothing; re-sending would
      // make the editor rebuild its markers and close an open quick-fix menu under the user's cursor. Only
      // those are compared: serialising thousands of diagnostics for every keystroke costs milliseconds.
      const last = this.lastSent.get(uri);
      if (last && last.version === analysis.version && JSON.stringify(last.diagnostics) === JSON.stringify(diagnostics)) return;
      this.lastSent.set(uri, { version: analysis.version, diagnostics });
      void this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
    } catch (error) {
      this.connection.console.error(`cuda-lens: analysis of ${uri} failed: ${describe(error)}`);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.lastSent.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
