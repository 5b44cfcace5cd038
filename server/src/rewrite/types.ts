// Shapes shared by the rewrites: where a rewrite is asked for (a rule finding or a bare cursor position)
// and what it answers (a Fix of kind refactor.rewrite, or the reason it is not offered at that site).
import type { Position } from '../model/types';
import type { Finding, Fix, RuleContext } from '../rules/types';

/** A rule finding, or a cursor position for rewrites that no rule triggers (grid-stride, block size). */
export type RewriteSite = Finding | { position: Position };

export interface NotOffered { notOffered: string }
export type RewriteResult = Fix | NotOffered;

export interface Rewrite {
  /** Stable id, used by the preview request, the bench script and the tests. */
  id: string;
  /** The rule whose findings carry this rewrite; undefined for cursor-triggered rewrites. */
  ruleId?: string;
  apply(site: RewriteSite, ctx: RuleContext): RewriteResult;
}

export function isFix(r: RewriteResult): r is Fix {
  return (r as Fix).edits !== undefined;
}

export function sitePosition(site: RewriteSite): Position {
  return 'position' in site ? site.position : site.range.start;
}
