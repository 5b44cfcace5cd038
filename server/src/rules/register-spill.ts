// register-spill: ptxas reported spill stores or loads for a kernel, i.e. values that did not fit in
// registers live in local memory (per-thread DRAM, cached in L1/L2). Only runs when the language server
// or CLI ran nvcc and passed its resource usage in; silent otherwise.
import type { Finding, Rule, RuleContext } from './types';
import { DRAM_LATENCY_CYCLES } from '../cost/constants';

function check(ctx: RuleContext): Finding[] {
  if (!ctx.resources) return [];
  const findings: Finding[] = [];
  for (const kernel of ctx.model.kernels) {
    const r = ctx.resources.get(kernel.name);
    if (!r || (r.spillStoreBytes <= 0 && r.spillLoadBytes <= 0)) continue;
    const advice = kernel.launchBounds?.maxThreads !== undefined
      ? `__launch_bounds__(${kernel.launchBounds.maxThreads}${kernel.launchBounds.minBlocks ? `, ${kernel.launchBounds.minBlocks}` : ''}) caps the registers: relax it, or reduce live values`
      : 'Reduce live values';
    findings.push({
      ruleId: rule.id, file: kernel.file, range: kernel.nameRange, severity: rule.defaultSeverity,
      message: `ptxas reports that \`${kernel.name}\` spills: ${r.spillStoreBytes} bytes of spill stores and ${r.spillLoadBytes} bytes of spill loads ` +
        `per thread at ${r.registers} registers. Spilled values live in local memory, which is DRAM behind L1/L2 (~${DRAM_LATENCY_CYCLES} cycles on a miss) ` +
        `instead of a register read in the same cycle, and their traffic competes with the kernel's own loads on ${ctx.gpu.shortName}. ` +
        `${advice} (smaller per-thread arrays, fewer unrolled accumulators, array indices known at compile time).`,
    });
  }
  return findings;
}

export const rule: Rule = {
  id: 'register-spill',
  title: 'Registers spilled to local memory',
  defaultSeverity: 'warning',
  category: 'kernel',
  description: 'A kernel for which ptxas reports spill stores or loads (only when nvcc ran and its resource usage is known).',
  check,
};
