// Entry points of the rewrites for the LSP and the rules: the rewrites a rule finding carries (attached in
// the rule's fix()), the cursor-triggered ones no rule reports (grid-stride loop, block size), and every
// rewrite's answer at a position with the reason when it is not offered (preview request, tests).
import type { Position } from '../model/types';
import type { Finding, Fix, RuleContext } from '../rules/types';
import { REWRITES, findRewrite } from './registry';
import { isFix, Rewrite, RewriteResult, RewriteSite } from './types';

export { applyEdits } from './apply-edits';
export { REWRITES, findRewrite };
export type { Rewrite, RewriteResult, RewriteSite };

/** Runs one rewrite; an exception becomes a "not offered" answer so a rewrite bug never breaks the editor. */
export function runRewrite(rewrite: Rewrite, site: RewriteSite, ctx: RuleContext): RewriteResult {
  try {
    return rewrite.apply(site, ctx);
  } catch (error) {
    return { notOffered: `the ${rewrite.id} rewrite failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The refactor.rewrite fixes a rule finding carries (called from the rule's fix()). */
export function rewriteFixes(finding: Finding, ctx: RuleContext): Fix[] {
  return REWRITES.filter((r) => r.ruleId === finding.ruleId).map((r) => runRewrite(r, finding, ctx)).filter(isFix);
}

/** Rewrites no rule reports, offered at the cursor (the code action handler calls this). */
export function rewritesAt(ctx: RuleContext, position: Position): Fix[] {
  return REWRITES.filter((r) => !r.ruleId).map((r) => runRewrite(r, { position }, ctx)).filter(isFix);
}

/** Every rewrite's answer at a position, by id (for the preview's explanation and for tests). */
export function allRewritesAt(ctx: RuleContext, position: Position): { id: string; result: RewriteResult }[] {
  return REWRITES.map((r) => ({ id: r.id, result: runRewrite(r, { position }, ctx) }));
}
