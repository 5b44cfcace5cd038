// Runs every enabled rule over a program model. One failing rule must not hide the others' findings,
// so each runs in isolation and its error is reported through `onRuleError`.
import { RULES } from './index';
import type { Finding, Rule, RuleContext, Severity } from './types';

export type RuleLevel = Severity | 'off';

export interface RunOptions {
  /** Per-rule severity overrides (`cudaLens.rules.<id>`). */
  levels?: Record<string, RuleLevel | undefined>;
  /** Only run these rules (e.g. `cuda-lens fix --rule ID`). */
  only?: string[];
  onRuleError?: (rule: Rule, error: unknown) => void;
  rules?: readonly Rule[];
}

export function runRules(ctx: RuleContext, options: RunOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of options.rules ?? RULES) {
    if (options.only && !options.only.includes(rule.id)) continue;
    const level = options.levels?.[rule.id] ?? rule.defaultSeverity;
    if (level === 'off') continue;
    // VS Code sends every declared `cudaLens.rules.<id>` with its default, so a level equal to the
    // default is not an override (else it would undo the rule's own escalations).
    const override = level !== rule.defaultSeverity;
    try {
      for (const f of rule.check(ctx)) {
        // A configured level replaces the default, but an escalation inside the rule (e.g. warning ->
        // error above a device limit) is kept when no override is set.
        findings.push(override ? { ...f, severity: level } : f);
      }
    } catch (error) {
      options.onRuleError?.(rule, error);
    }
  }
  // localeCompare only where needed: calling it for every comparison of a few thousand findings in one file
  // cost milliseconds per keystroke.
  return findings.sort(
    (a, b) => (a.file === b.file ? 0 : a.file.localeCompare(b.file)) || a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character || (a.ruleId === b.ruleId ? 0 : a.ruleId.localeCompare(b.ruleId)),
  );
}
