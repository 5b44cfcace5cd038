// Rewrite "vectorize an element-wise kernel" (offered at the cursor; the per-thread loop form reported by
// rule scalar-loads is vectorize-loads.ts): a one-element-per-thread kernel over float arrays, all
// indexed by the thread's own element, becomes a grid-stride loop over float4 groups when every array is
// 16-byte aligned (checked at run time), a scalar loop for the last n % 4 elements, and the original
// scalar loop when any pointer is misaligned. The launch grid is divided by four (rounded up); any grid
// stays correct because the loops stride by the whole grid.
import type { SyntaxNode } from '../parse/grammar';
import type { RuleContext, TextEdit } from '../rules/types';
import { gainText } from './gain';
import { HostValues } from './host-values';
import { arrayUses, elementwiseShape } from './kernel-shape';
import { residency } from './perf';
import { bandwidthFraction } from './perf-memory';
import { descendants, freshNames, identifiersIn, indentBlock, squash, withSource } from './source';
import { Rewrite, RewriteResult, RewriteSite, sitePosition } from './types';

const LANES = ['x', 'y', 'z', 'w'];

export function rewriteVectorizeElementwise(site: RewriteSite, ctx: RuleContext): RewriteResult {
  return withSource(ctx.text, ctx.model.file, (src) => {
    const kernel = src.kernelForOffset(src.offsetAt(sitePosition(site)));
    if (!kernel) return { notOffered: 'no kernel here' };
    const shape = elementwiseShape(kernel);
    if (typeof shape === 'string') return { notOffered: `not a one-element-per-thread kernel: ${shape}` };
    const uses = arrayUses(kernel, shape.payloadNodes);
    if (!uses.length) return { notOffered: 'the kernel reads no arrays' };
    const foreign = uses.find((u) => u.index !== shape.indexVar);
    if (foreign) return { notOffered: `${foreign.array}[${foreign.index}] is not the thread's own element` };
    const arrays = [...new Set(uses.map((u) => u.array))];
    for (const a of arrays) {
      const p = kernel.params.find((q) => q.name === a)!;
      if (!/^(const\s+)?float\s*\*/.test(p.text.replace(/\s*__restrict__\s*/g, ' ').trim())) return { notOffered: `${a} is not a float array` };
    }
    const launches = src.launches().filter((l) => l.kernelName === kernel.name);
    for (const l of launches) {
      // Distinct buffers: the vector code reads each group before writing it, like the scalar code per
      // element, but two names for one buffer would see each other's writes in a different order.
      const texts = arrays.map((a) => squash(l.args[kernel.params.findIndex((p) => p.name === a)]?.text ?? ''));
      if (new Set(texts).size !== texts.length) return { notOffered: `the launch at line ${src.positionAt(l.call.startIndex).line + 1} passes one buffer as two arrays` };
      if (/\bdim3\b/.test(l.config[0]?.text ?? 'dim3')) return { notOffered: 'only 1-D launches are resized' };
    }
    const i = shape.indexVar;
    const n = shape.bound;
    // Arrays loaded as float4: every read array, and written ones whose write is conditional (the group is
    // stored whole, so lanes the payload does not write must keep their old values).
    const conditional = (a: string) => shape.payloadNodes.some((p) => descendants(p).some((d) => d.type === 'if_statement' || d.type === 'conditional_expression'
      ? descendants(d).some((x) => x.type === 'subscript_expression' && x.childForFieldName('argument')?.text === a && x.parent?.type === 'assignment_expression') : false));
    const loaded = arrays.filter((a) => uses.some((u) => u.array === a && u.read) || conditional(a));
    const written = arrays.filter((a) => uses.some((u) => u.array === a && u.write));
    const constOf = (a: string) => (/^\s*const\b/.test(kernel.params.find((p) => p.name === a)!.text) ? 'const ' : '');

    // Generated names avoid every identifier of the kernel (a parameter `v` must not be shadowed).
    const nm = freshNames(identifiersIn(kernel.node), ['stride', 'first', 'aligned', 'groups', 'v', ...arrays.map((a) => `${a}_v`)]);
    const vec = (a: string) => nm[`${a}_v`];
    const laneBody = (lane: number) => shape.renderPayloadWith((node: SyntaxNode) => {
      if (node.type === 'subscript_expression' && arrays.includes(node.childForFieldName('argument')?.text ?? '')) return `${vec(node.childForFieldName('argument')!.text)}.${LANES[lane]}`;
      if (node.type === 'identifier' && node.text === i) return `(4 * ${nm.v} + ${lane})`;
      return undefined;
    });
    const ind = src.indentAt(kernel.body.startIndex) + '  ';
    const lines = [
      '{',
      `${ind}// CUDA Lens: float4 accesses when every array is 16-byte aligned, scalar otherwise and for the tail.`,
      `${ind}const int ${nm.stride} = blockDim.x * gridDim.x;`,
      `${ind}const int ${nm.first} = blockIdx.x * blockDim.x + threadIdx.x;`,
      `${ind}const bool ${nm.aligned} = ((${arrays.map((a) => `(size_t)${a}`).join(' | ')}) & 15) == 0;`,
      `${ind}const int ${nm.groups} = ${nm.aligned} ? ${n} / 4 : 0;`,
      `${ind}for (int ${nm.v} = ${nm.first}; ${nm.v} < ${nm.groups}; ${nm.v} += ${nm.stride}) {`,
      ...arrays.map((a) => loaded.includes(a)
        ? `${ind}  ${constOf(a) && !written.includes(a) ? 'const ' : ''}float4 ${vec(a)} = reinterpret_cast<${constOf(a)}float4*>(${a})[${nm.v}];`
        : `${ind}  float4 ${vec(a)};`),
      ...[0, 1, 2, 3].map((lane) => `${ind}  {\n${indentBlock(laneBody(lane), `${ind}    `)}\n${ind}  }`),
      ...written.map((a) => `${ind}  reinterpret_cast<float4*>(${a})[${nm.v}] = ${vec(a)};`),
      `${ind}}`,
      `${ind}for (${shape.indexType} ${i} = ${nm.groups} * 4 + ${nm.first}; ${i} < ${n}; ${i} += ${nm.stride}) {`,
      indentBlock(shape.payloadText, `${ind}  `),
      `${ind}}`,
      `${src.indentAt(kernel.body.startIndex)}}`,
    ];
    const edits: TextEdit[] = [src.edit(kernel.body.startIndex, kernel.body.endIndex, lines.join('\n'))];
    // A one-element-per-thread launch needs a quarter of the threads now; a grid-stride kernel's grid
    // was chosen for the GPU and stays.
    if (!shape.gridStride) for (const l of launches) edits.push(src.edit(l.config[0].startIndex, l.config[0].endIndex, `((${l.config[0].text}) + 3) / 4`));

    // Gain: the same bytes either way; float4 keeps four times the bytes in flight per load, which only
    // matters where resident warps cannot cover the memory latency (Little's law).
    const values = new HostValues(src, ctx.model.constants);
    const threads = launches.length ? values.eval(launches[0].config[1]) ?? 256 : 256;
    const warps = residency(ctx.gpu, threads).warpsPerSm;
    const reads = loaded.length;
    const before = 1 / bandwidthFraction(ctx.gpu, warps, reads);
    const after = 1 / bandwidthFraction(ctx.gpu, warps, reads * 4);
    return {
      title: `Process four elements per float4 access (aligned check, scalar tail) — ${gainText(before, after, ctx.gpu)}`,
      kind: 'refactor.rewrite',
      edits,
    };
  });
}

export const vectorizeElementwise: Rewrite = { id: 'vectorize-elementwise', apply: rewriteVectorizeElementwise };
