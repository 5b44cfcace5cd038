// Rewrite "online softmax" (rule three-pass-softmax): the max pass and the sum-of-exponentials pass over a
// row become one pass that keeps a running max and rescales the running sum when the max grows
// (Milakov and Gimelshein, "Online normalizer calculation for softmax", 2018). The normalize pass is
// unchanged, so each row is read twice instead of three times. The statements matched:
//   float mx = -INFINITY; for (c...) mx = fmaxf(mx, X); float sum = 0; for (c...) sum += expf(X - mx);
import type { SyntaxNode } from '../parse/grammar';
import type { RuleContext } from '../rules/types';
import { gainText } from './gain';
import { descendants, freshNames, identifiersIn, squash, withSource } from './source';
import { Rewrite, RewriteResult, RewriteSite, sitePosition } from './types';

/**
 * Cost of one exponential relative to one element access in these per-thread row loops. Each lane walks
 * its own row, so the loops are bound by load issue and L1, not DRAM bandwidth, and the online pass's
 * extra expf (SFU at a quarter of the FP32 rate, CUDA C++ Programming Guide, arithmetic instructions,
 * plus the rescaling multiply) is not hidden: 0.5 reproduces the 1.09× measured on an H100 SXM for this
 * project's online_softmax sample (scripts/device/rewrites.sh).
 */
const EXP_COST = 0.5;

interface Passes {
  first: SyntaxNode; last: SyntaxNode; mx: string; mxInit: string; sum: string; sumInit: string; header: string; x: string; exp: string;
  /** Cross-thread reductions applied after each pass, when the loops stride over threads. */
  maxReduce?: string; sumReduce?: string;
}

export function rewriteOnlineSoftmax(site: RewriteSite, ctx: RuleContext): RewriteResult {
  return withSource(ctx.text, ctx.model.file, (src) => {
    const offset = src.offsetAt(sitePosition(site));
    const kernel = src.kernelForOffset(offset);
    if (!kernel) return { notOffered: 'no kernel here' };
    const found = descendants(kernel.body).filter((d) => d.type === 'compound_statement').map(matchPasses).find((p) => p !== undefined);
    if (!found) return { notOffered: 'no `mx = -INFINITY; for (...) mx = fmaxf(mx, x); sum = 0; for (...) sum += expf(x - mx);` passes here' };
    const ind = src.indentAt(found.first.startIndex);
    const nm = freshNames(identifiersIn(kernel.node), ['xv', 'mNew', 'threadMax']);
    const text = [
      `float ${found.mx} = ${found.mxInit};`,
      `${ind}float ${found.sum} = ${found.sumInit};`,
      `${ind}// CUDA Lens: online softmax, one pass for the max and the rescaled sum of exponentials.`,
      `${ind}${found.header} {`,
      `${ind}  const float ${nm.xv} = ${found.x};`,
      `${ind}  const float ${nm.mNew} = fmaxf(${found.mx}, ${nm.xv});`,
      `${ind}  ${found.sum} = ${found.sum} * ${found.exp}(${found.mx} - ${nm.mNew}) + ${found.exp}(${nm.xv} - ${nm.mNew});`,
      `${ind}  ${found.mx} = ${nm.mNew};`,
      `${ind}}`,
      // Each thread's sum is relative to its own max: rescale to the combined max before adding up.
      ...(found.maxReduce ? [
        `${ind}{`,
        `${ind}  const float ${nm.threadMax} = ${found.mx};`,
        `${ind}  ${found.mx} = ${found.maxReduce}(${found.mx});`,
        `${ind}  ${found.sum} = ${found.sumReduce}(${found.sum} * ${found.exp}(${nm.threadMax} - ${found.mx}));`,
        `${ind}}`,
      ] : []),
    ].join('\n');
    // Gain: per element, 3 reads + 1 write + 2 exponentials become 2 reads + 1 write + 3 exponentials.
    const cost = (accesses: number, exps: number) => accesses + EXP_COST * exps;
    return {
      title: `Compute max and sum in one online pass (3 → 2 reads per element) — ${gainText(cost(4, 2), cost(3, 3), ctx.gpu)}`,
      kind: 'refactor.rewrite',
      edits: [src.edit(found.first.startIndex, found.last.endIndex, text)],
    };
  });
}

/**
 * Finds, in a block: the max init, the max loop, optionally `mx = <max reduction>(mx);`, the sum init, the
 * sum loop, optionally `sum = <sum reduction>(sum);` (the inits may also both lead). The reductions combine
 * per-thread partial results (warp or block reductions named like max/sum).
 */
function matchPasses(block: SyntaxNode): Passes | undefined {
  const stmts = block.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  const at = (i: number) => stmts[i];
  for (let k = 0; k < stmts.length; k++) {
    const mInit = declInit(at(k), /^(-INFINITY|-FLT_MAX|-HUGE_VALF|-3\.402823466e\+38f|-1e30f?|-1\.0e30f?)$/);
    if (!mInit) continue;
    let i = k + 1;
    let sInit = declInit(at(i), /^(0|0\.0?f?|0f|0\.f)$/);
    const sumFirst = !!sInit;
    if (sumFirst) i++;
    const maxLoop = at(i);
    if (maxLoop?.type !== 'for_statement') continue;
    i++;
    const maxReduce = reduction(at(i), mInit.name, /max/i);
    if (maxReduce) i++;
    if (!sumFirst) {
      sInit = declInit(at(i), /^(0|0\.0?f?|0f|0\.f)$/);
      if (!sInit) continue;
      i++;
    }
    const sumLoop = at(i);
    if (sumLoop?.type !== 'for_statement' || !sInit) continue;
    const sumReduce = reduction(at(i + 1), sInit.name, /sum|add/i);
    if (!!maxReduce !== !!sumReduce) continue;
    const mx = mInit.name;
    const sum = sInit.name;
    const header = (l: SyntaxNode) => l.text.slice(0, l.childForFieldName('body')!.startIndex - l.startIndex).trim();
    if (squash(header(maxLoop)) !== squash(header(sumLoop))) continue;
    const mm = new RegExp(`^${mx}=(?:fmaxf|max|fmax)\\(${mx},(.+)\\);$`).exec(squash(bodyText(maxLoop)));
    const sm = new RegExp(`^${sum}\\+=(expf|__expf|exp)\\((.+)-${mx}\\);$`).exec(squash(bodyText(sumLoop)));
    if (!mm || !sm || mm[1] !== sm[2]) continue;
    // The element expression as written (from the max loop); it must not use mx or sum itself.
    const call = descendants(maxLoop.childForFieldName('body')!).find((d) => d.type === 'call_expression');
    const x = call?.childForFieldName('arguments')?.namedChildren[1]?.text;
    if (!x || new RegExp(`\\b(${mx}|${sum})\\b`).test(x)) continue;
    return {
      first: at(k), last: sumReduce ? at(i + 1) : sumLoop, mx, mxInit: mInit.value, sum, sumInit: sInit.value,
      header: header(maxLoop), x, exp: sm[1], maxReduce: maxReduce?.fn, sumReduce: sumReduce?.fn,
    };
  }
  return undefined;
}

/** `float name = value;` with value matching. */
function declInit(n: SyntaxNode | undefined, value: RegExp): { name: string; value: string } | undefined {
  const m = n ? /^float(\w+)=(.+);$/.exec(squash(n.text)) : null;
  return m && value.test(m[2]) ? { name: m[1], value: m[2] } : undefined;
}

/** `name = f(name);` where f's name matches (a warp or block reduction). */
function reduction(n: SyntaxNode | undefined, name: string, fn: RegExp): { fn: string } | undefined {
  const m = n ? new RegExp(`^${name}=([A-Za-z_][\\w:]*)\\(${name}\\);$`).exec(squash(n.text)) : null;
  return m && fn.test(m[1]) ? { fn: m[1] } : undefined;
}

function bodyText(loop: SyntaxNode): string {
  const body = loop.childForFieldName('body')!;
  return body.type === 'compound_statement' ? body.text.slice(1, -1).trim() : body.text;
}

export const onlineSoftmax: Rewrite = { id: 'online-softmax', ruleId: 'three-pass-softmax', apply: rewriteOnlineSoftmax };
