// Optional LLM rewrites for kernels no rule covers: the kernel at the cursor is sent to the user's
// OpenAI-compatible endpoint (only when cudaLens.llm.endpoint is set), the proposed kernel replaces the
// original in the file, and the result is offered only if it passes the same verification as the
// rule-based rewrites (verify.ts); otherwise the answer says why. The predicted gain comes from the cost
// model's estimates of the kernel's launches before and after.
import type { Position } from '../../model/types';
import { buildModelFromText } from '../../model';
import { estimateProgram } from '../../cost/program';
import type { Fix, RuleContext } from '../../rules/types';
import { gainText } from '../gain';
import { withSource } from '../source';
import type { NotOffered } from '../types';
import { complete, EndpointOptions } from './endpoint';
import { extractKernel, kernelPrompt } from './prompt';
import { verifyCandidate, VerifyOptions } from './verify';

export interface LlmRewriteOptions extends EndpointOptions, VerifyOptions {
  /** Compilers run only in trusted workspaces. */
  trusted: boolean;
}

export async function proposeLlmRewrite(ctx: RuleContext, position: Position, opts: LlmRewriteOptions): Promise<Fix | NotOffered> {
  if (!opts.endpoint) return { notOffered: 'LLM rewrites are off: set cudaLens.llm.endpoint to an OpenAI-compatible endpoint' };
  if (!opts.trusted) return { notOffered: 'LLM rewrites are verified with nvcc and g++, which run only in trusted workspaces' };
  const site = withSource(ctx.text, ctx.model.file, (src) => {
    const kernel = src.kernelForOffset(src.offsetAt(position));
    return kernel && { name: kernel.name, start: kernel.node.startIndex, end: kernel.node.endIndex, text: kernel.node.text, range: src.range(kernel.node.startIndex, kernel.node.endIndex) };
  });
  if (!site) return { notOffered: 'no kernel here' };
  if (!/\bint\s+main\s*\(/.test(ctx.text)) return { notOffered: 'the file has no host main that checks its results, so a proposed kernel cannot be verified' };

  let answer: string;
  try {
    answer = await complete(kernelPrompt(site.text, site.name, ctx.gpu.name), opts);
  } catch (error) {
    return { notOffered: `the LLM endpoint failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const extracted = extractKernel(answer, site.name);
  if ('error' in extracted) return { notOffered: `the proposed kernel was rejected: ${extracted.error}` };
  const candidate = ctx.text.slice(0, site.start) + extracted.kernel + ctx.text.slice(site.end);
  if (candidate === ctx.text) return { notOffered: 'the proposed kernel is the original' };
  const verdict = await verifyCandidate(ctx.text, candidate, ctx.model.file, opts);
  if (!verdict.ok) return { notOffered: `the proposed kernel failed verification: ${verdict.reason}` };

  const before = await launchSeconds(ctx.text, ctx.model.file, site.name, ctx);
  const after = await launchSeconds(candidate, ctx.model.file, site.name, ctx);
  return {
    title: `LLM rewrite of ${site.name} (verified: nvcc -c, same CPU output) — ${gainText(before, after, ctx.gpu)}`,
    kind: 'refactor.rewrite',
    edits: [{ file: ctx.model.file, range: site.range, newText: extracted.kernel }],
  };
}

/** The cost model's total time of the kernel's launches in a program text. */
async function launchSeconds(text: string, file: string, kernel: string, ctx: RuleContext): Promise<number> {
  const model = await buildModelFromText(text, file);
  return estimateProgram(model, ctx.gpu, { text }).launches.filter((l) => l.kernelName === kernel)
    .reduce((sum, l) => sum + (l.totalSeconds ?? l.seconds), 0);
}
