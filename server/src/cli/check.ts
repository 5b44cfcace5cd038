// `cuda-lens check <files|dirs...> [--gpu ID] [--format text|json|sarif]`: runs the rules over CUDA sources
// and exits 1 when a finding of severity error was reported.
import { getGpu, DEFAULT_GPU_ID } from '../cost/gpus';
import { analyzeText } from '../rules/analyze';
import type { Finding, KernelResources } from '../rules/types';
import { ptxasResources } from '../cost/ptxas';
import { collectCudaFiles, readSource } from './files';
import { formatJson, formatSarif, formatText } from './format-findings';
import { CliIo, EXIT_FINDINGS, EXIT_OK, UsageError, flagString, oneOf, parseArgs } from './io';

export const usage = 'cuda-lens check <files|dirs...> [--gpu ID] [--format text|json|sarif] [--ptxas] [--nvcc PATH]';

export function resolveGpu(id: string | undefined) {
  try {
    return getGpu(id ?? DEFAULT_GPU_ID);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['gpu', 'format', 'nvcc'], ['ptxas']);
  const format = oneOf(flagString(args, 'format'), ['text', 'json', 'sarif'] as const, 'format', 'text');
  const gpu = resolveGpu(flagString(args, 'gpu'));
  if (args.positional.length === 0) throw new UsageError('no files or directories given');
  const files = collectCudaFiles(args.positional);
  const findings: Finding[] = [];
  for (const file of files) {
    const text = readSource(file);
    // --ptxas: compile with nvcc -Xptxas -v so register-spill and occupancy-limiter see real register counts.
    let resources: Map<string, KernelResources> | undefined;
    if (args.flags.get('ptxas') === true) {
      const res = await ptxasResources(file, text, gpu, { nvccPath: flagString(args, 'nvcc') });
      if (res.error) io.err(`cuda-lens check: ptxas on ${file}: ${res.error}`);
      resources = new Map(res.kernels.map((k) => [k.name, k]));
    }
    const { findings: found } = await analyzeText(text, file, gpu, {
      onRuleError: (rule, error) => io.err(`cuda-lens: rule ${rule.id} failed on ${file}: ${String(error)}`),
    }, resources);
    findings.push(...found);
  }
  if (format === 'json') io.out(formatJson(findings));
  else if (format === 'sarif') io.out(formatSarif(findings, require('../../../package.json').version));
  else io.out(formatText(findings, files.length));
  return findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}
