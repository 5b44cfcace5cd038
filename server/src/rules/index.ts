// The rule registry, sorted by id. Adding a rule: one file in this folder, one entry here, one doc in
// docs/rules/<id>.md and one test table in test/rules/<id>.test.ts (the meta-tests check all four).
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
].sort((a: Rule, b: Rule) => a.id.localeCompare(b.id));

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
