// `cuda-lens estimate`: per-launch and per-cuBLAS-call cost estimates for a CUDA file on a target GPU,
// or the model's time for one GEMM shape (`--gemm M,N,K[,BATCH] --dtype ...`).
import { buildModelFromText } from '../model';
import { estimateGemm, estimateProgram, GEMM_DTYPES, GemmDtype } from '../cost';
import type { GemmCallEstimate, GemmEstimate, LaunchEstimate } from '../cost';
import { ptxasResources, registersByKernel } from '../cost/ptxas';
import { resolveGpu } from './check';
import { readSource } from './files';
import { CliIo, EXIT_OK, UsageError, flagString, oneOf, parseArgs } from './io';

export const usage = 'cuda-lens estimate <file.cu> [--gpu ID] [--format text|json] [--ptxas] [--nvcc PATH]\n'
  + '  cuda-lens estimate --gemm M,N,K[,BATCH] --dtype fp32|tf32|fp16|bf16|fp8|fp64 [--fp32-math tf32|simt] [--gpu ID] [--format text|json]';

type Entry = ({ kind: 'launch'; name: string } & LaunchEstimate) | ({ kind: 'gemm'; line?: number; name: string } & GemmEstimate & Partial<GemmCallEstimate>);

function parseGemmShape(text: string): [number, number, number, number] {
  const parts = text.split(',').map((p) => p.trim());
  const nums = parts.map((p) => Number(p));
  if ((parts.length !== 3 && parts.length !== 4) || nums.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new UsageError(`--gemm wants M,N,K or M,N,K,BATCH as positive integers (got "${text}")`);
  }
  return [nums[0], nums[1], nums[2], nums[3] ?? 1];
}

const us = (s: number | undefined) => (s === undefined ? '-' : `${(s * 1e6).toFixed(2)} us`);
const dims = (d?: [number, number, number]) => (d ? `(${d.join(',')})` : '?');

function textLine(e: Entry): string {
  if (e.kind === 'gemm') {
    return `${e.line !== undefined ? `line ${e.line}: ` : ''}${e.name} ${e.m}x${e.n}x${e.k}${e.batch > 1 ? `x${e.batch}` : ''} ${e.dtype}: `
      + `${us(e.seconds)} (${e.tflops.toFixed(1)} TFLOP/s, ${e.bound}-bound, ${(e.energyJoules * 1e3).toFixed(3)} mJ)`
      + (e.launchesPerRun && e.launchesPerRun > 1 ? `, x${e.launchesPerRun} = ${us(e.totalSeconds)}` : '');
  }
  const occ = e.occupancy ? `, occupancy ${Math.round(e.occupancy.fraction * 100)}% (${e.occupancy.limiter})` : '';
  const runs = e.launchesPerRun && e.launchesPerRun > 1 ? `, x${e.launchesPerRun} = ${us(e.totalSeconds)}` : '';
  return `line ${e.line}: ${e.kernelName}<<<${dims(e.grid)}, ${dims(e.block)}>>>: ${us(e.seconds)} per launch `
    + `(kernel ${us(e.kernelSeconds)}, launch overhead ${us(e.launchOverheadSeconds)}), ${e.bound}-bound${occ}${runs}`;
}

function print(entries: Entry[], format: 'text' | 'json', io: CliIo, gpuName: string): void {
  if (format === 'json') {
    io.out(JSON.stringify(entries, null, 2));
    return;
  }
  const lines = [`Estimates on ${gpuName}:`];
  for (const e of entries) {
    lines.push('  ' + textLine(e));
    for (const a of e.assumptions) lines.push(`      assumes: ${a}`);
  }
  if (entries.length === 0) lines.push('  no kernel launches or cuBLAS GEMM calls found');
  io.out(lines.join('\n'));
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['gpu', 'format', 'gemm', 'dtype', 'nvcc', 'fp32-math'], ['ptxas']);
  const format = oneOf(flagString(args, 'format'), ['text', 'json'] as const, 'format', 'text');
  const gpu = resolveGpu(flagString(args, 'gpu'));
  const gemm = flagString(args, 'gemm');
  if (gemm !== undefined) {
    if (args.positional.length > 0) throw new UsageError('give either a file or --gemm, not both');
    const [m, n, k, batch] = parseGemmShape(gemm);
    const dtype = oneOf(flagString(args, 'dtype'), GEMM_DTYPES, 'dtype', 'fp32') as GemmDtype;
    const fp32Math = oneOf(flagString(args, 'fp32-math'), ['tf32', 'simt'] as const, 'fp32-math', 'tf32');
    const est = estimateGemm(gpu, m, n, k, batch, dtype, { fp32Math });
    print([{ kind: 'gemm', name: 'gemm', ...est }], format, io, gpu.name);
    return EXIT_OK;
  }
  if (flagString(args, 'dtype') !== undefined) throw new UsageError('--dtype goes with --gemm');
  if (args.positional.length !== 1) throw new UsageError(args.positional.length === 0 ? 'no file given' : 'give one file');
  const file = args.positional[0];
  const text = readSource(file);
  const model = await buildModelFromText(text, file);
  let registers: Map<string, number> | undefined;
  if (args.flags.get('ptxas') === true) {
    const res = await ptxasResources(file, text, gpu, { nvccPath: flagString(args, 'nvcc') });
    if (res.error) io.err(`cuda-lens estimate: ptxas: ${res.error}`);
    registers = registersByKernel(res);
  }
  const result = estimateProgram(model, gpu, { registers, text });
  const entries: Entry[] = [
    ...result.launches.map((l) => ({ kind: 'launch' as const, name: l.kernelName, ...l })),
    ...result.gemms.map((g) => ({ kind: 'gemm' as const, ...g })),
  ].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  print(entries, format, io, gpu.name);
  return EXIT_OK;
}
