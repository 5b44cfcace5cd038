// Renders findings for the terminal (text), for scripts (JSON: the contract of DESIGN.md section 2) and for
// code scanning (SARIF 2.1.0, as GitHub code scanning ingests it).
import * as path from 'path';
import type { Finding } from '../rules/types';
import { RULES } from '../rules';

export interface FindingRecord {
  file: string; line: number; column: number; endLine: number; endColumn: number;
  ruleId: string; severity: string; message: string;
}

/** 1-based lines and columns, as the CLI contract specifies. */
export function toRecord(f: Finding): FindingRecord {
  return {
    file: f.file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
  };
}

export function formatText(findings: Finding[], filesChecked: number): string {
  const lines = findings.map((f) => {
    const r = toRecord(f);
    return `${r.file}:${r.line}:${r.column}: ${r.severity} [${r.ruleId}] ${r.message}`;
  });
  const errors = findings.filter((f) => f.severity === 'error').length;
  lines.push(`${findings.length} finding(s) (${errors} error(s)) in ${filesChecked} file(s)`);
  return lines.join('\n');
}

export function formatJson(findings: Finding[]): string {
  return JSON.stringify(findings.map(toRecord), null, 2);
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
export const DOCS_BASE = 'https://github.com/cuda-lens/cuda-lens/blob/main/docs/rules/';

export function formatSarif(findings: Finding[], version: string): string {
  const rules = RULES.map((r) => ({
    id: r.id,
    name: r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    helpUri: `${DOCS_BASE}${r.id}.md`,
    defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
    properties: { category: r.category },
  }));
  const results = findings.map((f) => {
    const r = toRecord(f);
    const ruleIndex = rules.findIndex((x) => x.id === f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(ruleIndex >= 0 ? { ruleIndex } : {}),
      level: SARIF_LEVEL[f.severity] ?? 'note',
      message: { text: f.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file) },
          region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
        },
      }],
      ...(f.related?.length ? {
        relatedLocations: f.related.map((rel, id) => ({
          id,
          message: { text: rel.message },
          physicalLocation: {
            artifactLocation: { uri: toUri(rel.file) },
            region: { startLine: rel.range.start.line + 1, startColumn: rel.range.start.character + 1 },
          },
        })),
      } : {}),
    };
  });
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'cuda-lens', version, informationUri: 'https://github.com/cuda-lens/cuda-lens', rules } },
      results,
    }],
  }, null, 2);
}

/** SARIF wants URIs relative to the checkout (forward slashes), as code scanning resolves them. */
function toUri(file: string): string {
  const rel = path.isAbsolute(file) ? path.relative(process.cwd(), file) : file;
  return rel.split(path.sep).join('/');
}
