// Rewrite "fuse kernels" (rule fusable-kernels): two consecutive launches of one-element-per-thread
// kernels with the same configuration, where the second uses what the first wrote only at the same
// index, become one launch of a new kernel that runs both bodies per index. The old kernels stay (they
// may be used elsewhere); an intermediate array is still written and stays allocated, and a comment at
// the launch says so. Parameters are merged by the argument passed, so a buffer shared by both launches
// becomes one parameter.
import type { SyntaxNode } from '../parse/grammar';
import type { RuleContext } from '../rules/types';
import { gainText } from './gain';
import { HostValues } from './host-values';
import { arrayUses, declaredNames, ElementwiseShape, elementwiseShape } from './kernel-shape';
import { memoryKernelSeconds } from './perf';
import { launchOverhead } from '../cost/launch';
import { KernelInfo, LaunchInfo, indentBlock, squash, withSource, Source } from './source';
import { Rewrite, RewriteResult, RewriteSite, sitePosition } from './types';

interface Part { launch: LaunchInfo; kernel: KernelInfo; shape: ElementwiseShape; rename: Map<string, string> }
interface FusedParam { name: string; decl: string; arg: string }

export function rewriteFuseKernels(site: RewriteSite, ctx: RuleContext): RewriteResult {
  return withSource(ctx.text, ctx.model.file, (src) => {
    const here = src.launchAt(src.offsetAt(sitePosition(site)));
    if (!here) return { notOffered: 'no kernel launch here' };
    const launches = src.launches();
    const next = launches.find((l) => l.statement.id === nextStatement(here.statement)?.id);
    const prev = launches.find((l) => nextStatement(l.statement)?.id === here.statement.id);
    const pair = next ? [here, next] : prev ? [prev, here] : undefined;
    if (!pair) return { notOffered: 'the launch is not directly followed or preceded by another launch' };
    return fuse(src, pair[0], pair[1], ctx);
  });
}

/** Error checks that may sit between the two launches: they read no data, so they can follow the fused
 *  launch (`CUDA_CHECK(cudaGetLastError());`). */
const HARMLESS = /^(?:[A-Za-z_]\w*\()?\(?(?:void\))?cuda(?:GetLastError|PeekAtLastError)\(\)\)?;$/;

/** The next statement that is not a comment or a harmless error check. */
function nextStatement(statement: SyntaxNode): SyntaxNode | undefined {
  let n = statement.nextNamedSibling;
  while (n && (n.type === 'comment' || HARMLESS.test(squash(n.text)))) n = n.nextNamedSibling;
  return n ?? undefined;
}

function fuse(src: Source, first: LaunchInfo, second: LaunchInfo, ctx: RuleContext): RewriteResult {
  if (first.hasTemplateArgs || second.hasTemplateArgs) return { notOffered: 'template kernels are not fused' };
  if (first.config.map((c) => squash(c.text)).join(',') !== second.config.map((c) => squash(c.text)).join(',')) {
    return { notOffered: 'the launches differ in grid, block, shared memory or stream' };
  }
  const parts: Part[] = [];
  for (const launch of [first, second]) {
    const kernel = src.kernel(launch.kernelName);
    if (!kernel) return { notOffered: `the kernel ${launch.kernelName} is not defined in this file` };
    if (kernel.isTemplate) return { notOffered: 'template kernels are not fused' };
    if (kernel.params.length !== launch.args.length) return { notOffered: `${kernel.name}: arguments do not match parameters` };
    const shape = elementwiseShape(kernel);
    if (typeof shape === 'string') return { notOffered: `${kernel.name} is not element-wise: ${shape}` };
    parts.push({ launch, kernel, shape, rename: new Map() });
  }
  if (parts[0].kernel.name === parts[1].kernel.name) return { notOffered: 'both launches run the same kernel' };
  if (parts[0].kernel.outer.startIndex > first.statement.startIndex || parts[1].kernel.outer.startIndex > first.statement.startIndex) {
    return { notOffered: 'a kernel is defined after its launch' };
  }

  // Merge parameters by the argument passed; restrict is dropped since merged buffers may now alias.
  const params: FusedParam[] = [];
  for (const part of parts) {
    part.kernel.params.forEach((p, i) => {
      const arg = squash(part.launch.args[i].text);
      const decl = p.text.replace(/\b__restrict__\b\s*/g, '');
      const existing = params.find((q) => q.arg === arg);
      if (existing) {
        const strip = (t: string) => squash(t.replace(/\bconst\b/g, '').replace(new RegExp(`\\b${p.name}\\b|\\b${existing.name}\\b`, 'g'), ''));
        if (strip(existing.decl) !== strip(decl)) throw new TypeMismatch(`${arg} is passed as different types`);
        if (!/\bconst\b/.test(decl)) existing.decl = decl.replace(new RegExp(`\\b${p.name}\\b`), existing.name);
        part.rename.set(p.name, existing.name);
        return;
      }
      let name = p.name;
      for (let k = 2; params.some((q) => q.name === name); k++) name = `${p.name}_${k}`;
      params.push({ name, decl: name === p.name ? decl : decl.replace(new RegExp(`\\b${p.name}\\b`), name), arg: part.launch.args[i].text });
      part.rename.set(p.name, name);
    });
  }
  const [a, b] = parts;
  b.rename.set(b.shape.indexVar, a.shape.indexVar);
  for (const part of parts) {
    const locals = declaredNames(part.shape.payloadNodes);
    const clash = params.find((q) => locals.has(q.name) && ![...part.rename.values()].includes(q.name));
    if (clash) return { notOffered: `${part.kernel.name} declares a local named like parameter ${clash.name}` };
  }

  // Element-wise dependence: an array written by one kernel and used by the other is only touched at the
  // thread's own index, so each fused thread sees the values the separate launches would have produced.
  const uses = parts.map((p) => arrayUses(p.kernel, p.shape.payloadNodes).map((u) => ({ ...u, array: p.rename.get(u.array) ?? u.array, own: u.index === p.shape.indexVar })));
  for (const u of [...uses[0], ...uses[1]]) {
    const other = uses[0].includes(u) ? uses[1] : uses[0];
    const shared = other.filter((o) => o.array === u.array);
    if (!shared.length || !(u.write || shared.some((o) => o.write))) continue;
    if (!u.own || shared.some((o) => !o.own)) return { notOffered: `${u.array} is written by one kernel and read at another index by the other` };
  }

  const name = `${a.kernel.name}_${b.kernel.name}_fused`;
  if (src.kernel(name)) return { notOffered: `a kernel named ${name} already exists` };
  const boundA = renameText(a.shape.bound, a.rename);
  const boundB = renameText(b.shape.bound, b.rename);
  const bodyA = indentBlock(a.shape.renderPayload(a.rename), '    ');
  const bodyB = indentBlock(b.shape.renderPayload(b.rename), '    ');
  const i = a.shape.indexVar;
  let body: string;
  if (a.shape.gridStride || b.shape.gridStride) {
    // Grid-stride loops cover every index for any grid; fused, one loop runs both bodies per index.
    if (!a.shape.gridStride || !b.shape.gridStride || squash(boundA) !== squash(boundB)) {
      return { notOffered: 'one kernel is a grid-stride loop and the other is not, or their bounds differ' };
    }
    body = `  for (${a.shape.indexType} ${i} = blockIdx.x * blockDim.x + threadIdx.x; ${i} < ${boundA}; ${i} += blockDim.x * gridDim.x) {\n${bodyA}\n${bodyB}\n  }`;
  } else {
    const gid = a.kernel.body.namedChildren[0]!.text;
    body = `  ${gid}\n` + (squash(boundA) === squash(boundB)
      ? `  if (${i} < ${boundA}) {\n${bodyA}\n${bodyB}\n  }`
      : `  if (${i} < ${boundA}) {\n${bodyA}\n  }\n  if (${i} < ${boundB}) {\n${bodyB}\n  }`);
  }
  const kernelText = `\n\n// ${a.kernel.name} then ${b.kernel.name} in one pass (CUDA Lens: fused kernels).\n` +
    `__global__ void ${name}(${params.map((q) => q.decl).join(', ')}) {\n${body}\n}`;

  // Intermediate arrays: written by the first kernel and read by the second; still written, now dead
  // unless read elsewhere, and never freed or removed by the rewrite.
  const intermediates = uses[0].filter((u) => u.write && uses[1].some((o) => o.array === u.array && o.read)).map((u) => params.find((q) => q.name === u.array)!.arg);
  const later = parts[0].kernel.outer.endIndex > parts[1].kernel.outer.endIndex ? parts[0].kernel : parts[1].kernel;
  const ind = src.indentAt(first.statement.startIndex);
  const note = intermediates.length
    ? `// CUDA Lens: ${[...new Set(intermediates)].join(', ')} is still written and stays allocated; remove it by hand if nothing else reads it.\n${ind}`
    : '';
  const config = first.configNode.text;
  const edits = [
    src.edit(later.outer.endIndex, later.outer.endIndex, kernelText),
    src.edit(first.statement.startIndex, first.statement.endIndex, `${note}${name}${config}(${params.map((q) => q.arg).join(', ')});`),
    src.edit(src.lineStart(second.statement.startIndex), src.lineEnd(second.statement.endIndex), ''),
  ];

  // Gain: DRAM traffic of the two launches against the fused one, and the launch saved.
  const values = new HostValues(src, ctx.model.constants);
  const n = values.eval(a.launch.args[a.kernel.params.findIndex((p) => p.name === a.shape.bound)]) ?? values.eval(first.args.find((x) => x.text === a.shape.bound));
  const elements = n ?? 1 << 24;
  const bytesOf = (list: typeof uses[0]) => list.reduce((s, u) => s + (u.read ? 4 : 0) + (u.write ? 4 : 0), 0);
  const fusedUses = new Map<string, { read: boolean; write: boolean }>();
  for (const u of uses[0]) fusedUses.set(u.array, { read: u.read, write: u.write });
  for (const u of uses[1]) {
    const e = fusedUses.get(u.array);
    // A read of what the first body just wrote hits the value in registers or L1, not DRAM.
    if (e) e.write ||= u.write;
    else fusedUses.set(u.array, { read: u.read, write: u.write });
  }
  const fusedBytes = [...fusedUses.values()].reduce((s, u) => s + (u.read ? 4 : 0) + (u.write ? 4 : 0), 0);
  // Each launch costs at least the CPU's launch time (cost model's launch overhead): two become one.
  const perLaunch = (bytes: number) => launchOverhead(memoryKernelSeconds(ctx.gpu, elements * bytes), 1).perLaunchSeconds;
  const before = perLaunch(bytesOf(uses[0])) + perLaunch(bytesOf(uses[1]));
  const after = perLaunch(fusedBytes);
  const sizeNote = n === undefined ? ', n unknown: 16M elements assumed' : '';
  return {
    title: `Fuse ${a.kernel.name} and ${b.kernel.name} into one kernel${sizeNote} — ${gainText(before, after, ctx.gpu)}`,
    kind: 'refactor.rewrite',
    edits,
  };
}

class TypeMismatch extends Error {}

function renameText(text: string, rename: Map<string, string>): string {
  return text.replace(/[A-Za-z_]\w*/g, (w) => rename.get(w) ?? w);
}

function guarded(site: RewriteSite, ctx: RuleContext): RewriteResult {
  try {
    return rewriteFuseKernels(site, ctx);
  } catch (error) {
    if (error instanceof TypeMismatch) return { notOffered: error.message };
    throw error;
  }
}

export const fuseKernels: Rewrite = { id: 'fuse-kernels', ruleId: 'fusable-kernels', apply: guarded };
