// Rewrite "tile a naive GEMM" (rule naive-gemm): replaces the launch of a one-output-per-thread matrix
// product (row-major, `sum += A[row*lda + k] * B[k*ldb + col]`) with a new kernel that stages T×T tiles
// of A and B in shared memory, each thread accumulating TM outputs of a column in registers. T and TM are
// chosen by the model in gemm-tiles.ts for the target GPU; loads outside the matrices read zeros and
// stores are guarded, so any M, N, K work. The k order of the sum is unchanged.
import type { RuleContext } from '../rules/types';
import { bestTile, naiveGemmSeconds } from './gemm-tiles';
import { gainText } from './gain';
import { HostValues } from './host-values';
import { descendants, freshNames, identifiersIn, LaunchInfo, squash, withSource } from './source';
import { Rewrite, RewriteResult, RewriteSite, sitePosition } from './types';

interface GemmShape {
  row: string; col: string; m: string; n: string; k: string; lda: string; ldb: string; ldc: string; a: string; b: string; c: string;
  /** The accumulator's name and the stored expression when it is more than the sum (`alpha * sum + beta * C[i]`). */
  sum: string; epilogue?: string;
}

const ID = '([A-Za-z_]\\w*)';
const INT = '(?:int|unsignedint|unsigned|size_t|constint)';
const gid = (d: 'x' | 'y') => `(?:blockIdx\\.${d}\\*blockDim\\.${d}\\+threadIdx\\.${d}|blockDim\\.${d}\\*blockIdx\\.${d}\\+threadIdx\\.${d}|threadIdx\\.${d}\\+blockIdx\\.${d}\\*blockDim\\.${d}|threadIdx\\.${d}\\+blockDim\\.${d}\\*blockIdx\\.${d})`;

/** Matches the naive kernel body (whitespace removed) and names its parts. */
export function matchNaiveGemm(body: string): GemmShape | undefined {
  const s = squash(body);
  // Row (from .y) and column (from .x) may be declared in either order.
  const rest = `if\\(${ID}<${ID}&&${ID}<${ID}\\)\\{float${ID}=0(?:\\.0?f?|f)?;for\\(int${ID}=0;${ID}<${ID};(?:\\+\\+${ID}|${ID}\\+\\+|${ID}\\+=1)\\)\\{?${ID}\\+=(.+?);\\}?${ID}\\[(.+?)\\]=(.+?);\\}\\}$`;
  const rowFirst = new RegExp(`^\\{${INT}${ID}=${gid('y')};${INT}${ID}=${gid('x')};${rest}`).exec(s);
  const colFirst = rowFirst ? null : new RegExp(`^\\{${INT}${ID}=${gid('x')};${INT}${ID}=${gid('y')};${rest}`).exec(s);
  const m = rowFirst ?? (colFirst && [colFirst[0], colFirst[2], colFirst[1], ...colFirst.slice(3)]);
  if (!m) return undefined;
  const [, row, col, r1, b1, c1, b2, sum, kv, kv2, kBound, inc1, inc2, inc3, sum2, product, c, cIndex, stored] = m;
  if (kv2 !== kv || (inc1 ?? inc2 ?? inc3) !== kv || sum2 !== sum) return undefined;
  // The stored value: the sum, or an epilogue using it once (`alpha * sum + beta * C[row * N + col]`).
  if (stored !== sum && (stored.match(new RegExp(`\\b${sum}\\b`, 'g'))?.length !== 1 || new RegExp(`\\b${kv}\\b`).test(stored))) return undefined;
  const bounds = r1 === row && c1 === col ? { m: b1, n: b2 } : r1 === col && c1 === row ? { m: b2, n: b1 } : undefined;
  if (!bounds) return undefined;
  const aPart = `${ID}\\[(?:${row}\\*${ID}\\+${kv}|${kv}\\+${row}\\*${ID})\\]`;
  const bPart = `${ID}\\[(?:${kv}\\*${ID}\\+${col}|${col}\\+${kv}\\*${ID})\\]`;
  // A·B or B·A: the product of two floats is the same either way.
  const ab = new RegExp(`^${aPart}\\*${bPart}$`).exec(product);
  const ba = ab ? null : new RegExp(`^${bPart}\\*${aPart}$`).exec(product);
  const pm = ab ?? (ba && [ba[0], ba[4], ba[5], ba[6], ba[1], ba[2], ba[3]]);
  if (!pm) return undefined;
  const [, a, lda1, lda2, b, ldb1, ldb2] = pm;
  const cm = new RegExp(`^(?:${row}\\*${ID}\\+${col}|${col}\\+${row}\\*${ID})$`).exec(cIndex);
  if (!cm) return undefined;
  return { row, col, m: bounds.m, n: bounds.n, k: kBound, lda: lda1 ?? lda2, ldb: ldb1 ?? ldb2, ldc: cm[1] ?? cm[2], a, b, c, sum, epilogue: stored === sum ? undefined : stored };
}

export function rewriteTileGemm(site: RewriteSite, ctx: RuleContext): RewriteResult {
  return withSource(ctx.text, ctx.model.file, (src) => {
    const kernel = src.kernelForOffset(src.offsetAt(sitePosition(site)));
    if (!kernel) return { notOffered: 'no kernel here' };
    if (kernel.isTemplate) return { notOffered: 'template kernels are not rewritten' };
    const shape = matchNaiveGemm(kernel.body.text);
    if (!shape) return { notOffered: `${kernel.name} is not the row-major one-output-per-thread GEMM this rewrite handles` };
    if (shape.epilogue) {
      // The epilogue as written (the matcher saw it without spaces): the right side of the store.
      const store = descendants(kernel.body).filter((d) => d.type === 'assignment_expression' && d.childForFieldName('left')?.type === 'subscript_expression').pop();
      const right = store?.childForFieldName('right');
      if (!right || squash(right.text) !== shape.epilogue) return { notOffered: 'the stored expression is not understood' };
      shape.epilogue = right.text;
    }
    const names = new Set(kernel.params.map((p) => p.name));
    for (const p of [shape.a, shape.b, shape.c]) {
      if (!names.has(p)) return { notOffered: `${p} is not a parameter` };
      const decl = kernel.params.find((q) => q.name === p)!.text.replace(/\s*__restrict__\s*/g, ' ').trim();
      if (!/^(const\s+)?float\s*\*/.test(decl)) return { notOffered: `${p} is not a float array; the tiles hold floats` };
    }
    const launches = src.launches().filter((l) => l.kernelName === kernel.name);
    if (!launches.length) return { notOffered: `no launch of ${kernel.name} in this file` };
    if (launches.some((l) => l.config.length > 2 && l.config[2].text.trim() !== '0')) return { notOffered: 'a launch passes dynamic shared memory' };

    const values = new HostValues(src, ctx.model.constants);
    const argValue = (l: LaunchInfo, name: string) => {
      const i = kernel.params.findIndex((p) => p.name === name);
      return i >= 0 ? values.eval(l.args[i]) : undefined;
    };
    // Problem size for the model: from the first launch when known, else 1024³, stated in the title.
    const [m0, n0, k0] = [shape.m, shape.n, shape.k].map((x) => argValue(launches[0], x));
    const known = m0 !== undefined && n0 !== undefined && k0 !== undefined;
    const [M, N, K] = known ? [m0, n0, k0] : [1024, 1024, 1024];
    const choice = bestTile(ctx.gpu, M, N, K);
    const T = choice.tile;
    const TM = choice.rowsPerThread;
    const name = `${kernel.name}_tiled${T}${TM > 1 ? `x${TM}` : ''}`;
    if (src.kernel(name)) return { notOffered: `a kernel named ${name} already exists` };

    const edits = [src.edit(kernel.outer.endIndex, kernel.outer.endIndex, tiledKernel(kernel.name, name, kernel.params.map((p) => p.text), shape, T, TM, identifiersIn(kernel.node)))];
    for (const l of launches) {
      const argOf = (x: string) => {
        const i = kernel.params.findIndex((p) => p.name === x);
        return i >= 0 ? l.args[i].text : x;
      };
      const grid = `dim3((${argOf(shape.n)} + ${T - 1}) / ${T}, (${argOf(shape.m)} + ${T - 1}) / ${T})`;
      const block = `dim3(${T}, ${T / TM})`;
      const rest = l.config.slice(2).map((c) => `, ${c.text}`).join('');
      edits.push(src.edit(l.call.startIndex, l.configNode.endIndex, `${name}<<<${grid}, ${block}${rest}>>>`));
    }
    const before = naiveGemmSeconds(ctx.gpu, M, N, K, 16, 16);
    const shapeText = TM > 1 ? `${T}×${T} shared tiles, ${TM} outputs per thread` : `${T}×${T} shared tiles`;
    return {
      title: `Tile with ${shapeText}${known ? '' : ' (sizes unknown: 1024³ assumed)'} — ${gainText(before, choice.seconds, ctx.gpu)}`,
      kind: 'refactor.rewrite',
      edits,
    };
  });
}

function tiledKernel(original: string, name: string, params: string[], s: GemmShape, T: number, TM: number, used: Set<string>): string {
  // Local names avoid the parameters and the original's row/column names.
  const v = freshNames(new Set([...used, s.row, s.col]), ['tileA', 'tileB', 'rowBase', 'acc', 'i', 'k0', 'r', 'aRow', 'aCol', 'bRow', 'kk', 'bv'] as const);
  const stored = s.epilogue ? s.epilogue.replace(new RegExp(`\\b${s.sum}\\b`), `${v.acc}[${v.i}]`) : `${v.acc}[${v.i}]`;
  return `

// ${original} with ${T}x${T} shared-memory tiles${TM > 1 ? `, ${TM} rows of C per thread held in registers` : ''} (CUDA Lens: tiled GEMM).
// Launch with dim3((${s.n} + ${T - 1}) / ${T}, (${s.m} + ${T - 1}) / ${T}) blocks of dim3(${T}, ${T / TM}) threads.
__global__ void ${name}(${params.join(', ')}) {
  __shared__ float ${v.tileA}[${T}][${T}];
  __shared__ float ${v.tileB}[${T}][${T}];
  const int ${s.col} = blockIdx.x * ${T} + threadIdx.x;
  const int ${v.rowBase} = blockIdx.y * ${T} + threadIdx.y * ${TM};
  float ${v.acc}[${TM}];
#pragma unroll
  for (int ${v.i} = 0; ${v.i} < ${TM}; ++${v.i}) ${v.acc}[${v.i}] = 0.0f;
  for (int ${v.k0} = 0; ${v.k0} < ${s.k}; ${v.k0} += ${T}) {
    for (int ${v.r} = threadIdx.y; ${v.r} < ${T}; ${v.r} += ${T / TM}) {
      const int ${v.aRow} = blockIdx.y * ${T} + ${v.r};
      const int ${v.aCol} = ${v.k0} + threadIdx.x;
      ${v.tileA}[${v.r}][threadIdx.x] = (${v.aRow} < ${s.m} && ${v.aCol} < ${s.k}) ? ${s.a}[${v.aRow} * ${s.lda} + ${v.aCol}] : 0.0f;
      const int ${v.bRow} = ${v.k0} + ${v.r};
      ${v.tileB}[${v.r}][threadIdx.x] = (${v.bRow} < ${s.k} && ${s.col} < ${s.n}) ? ${s.b}[${v.bRow} * ${s.ldb} + ${s.col}] : 0.0f;
    }
    __syncthreads();
#pragma unroll
    for (int ${v.kk} = 0; ${v.kk} < ${T}; ++${v.kk}) {
      const float ${v.bv} = ${v.tileB}[${v.kk}][threadIdx.x];
#pragma unroll
      for (int ${v.i} = 0; ${v.i} < ${TM}; ++${v.i}) ${v.acc}[${v.i}] += ${v.tileA}[threadIdx.y * ${TM} + ${v.i}][${v.kk}] * ${v.bv};
    }
    __syncthreads();
  }
#pragma unroll
  for (int ${v.i} = 0; ${v.i} < ${TM}; ++${v.i}) {
    const int ${s.row} = ${v.rowBase} + ${v.i};
    if (${s.row} < ${s.m} && ${s.col} < ${s.n}) ${s.c}[${s.row} * ${s.ldc} + ${s.col}] = ${stored};
  }
}`;
}

export const tileGemm: Rewrite = { id: 'tile-gemm', ruleId: 'naive-gemm', apply: rewriteTileGemm };
