// The "Estimate Kernel Costs" report: one markdown table row per launch (and modeled cuBLAS call) with
// time, bound, occupancy, launches per run and share of the file's total estimated time.
import type { LaunchEstimate } from '../cost';
import { estimatesOf, formatSeconds } from './estimates';
import type { DocumentAnalysis } from './workspace';
import * as path from 'path';

export function costReportMarkdown(analysis: DocumentAnalysis): string {
  const { launches, gemms } = estimatesOf(analysis);
  const total = (e: LaunchEstimate) => e.totalSeconds ?? e.seconds;
  const sum = launches.reduce((s, e) => s + total(e), 0) + gemms.reduce((s, g) => s + g.seconds, 0);
  const share = (t: number) => (sum > 0 ? `${((100 * t) / sum).toFixed(1)}%` : '-');
  const lines = [
    `# CUDA Lens cost report: ${path.basename(analysis.file)} on ${analysis.gpu.name}`,
    '',
    '| line | kernel | grid × block | time per launch | bound | occupancy | launches per run | share |',
    '|---:|---|---|---:|---|---:|---:|---:|',
  ];
  for (const e of launches) {
    const config = e.grid && e.block ? `(${e.grid.join(',')}) × (${e.block.join(',')})` : '?';
    const occ = e.occupancy ? `${Math.round(e.occupancy.fraction * 100)}% (${e.occupancy.limiter})` : '-';
    lines.push(`| ${e.line} | ${e.kernelName} | ${config} | ${formatSeconds(e.seconds)} | ${e.bound} | ${occ} | ${e.launchesPerRun ?? 1} | ${share(total(e))} |`);
  }
  for (const g of gemms) {
    lines.push(`| ${g.line} | ${g.name} (${g.m}×${g.n}×${g.k} ${g.dtype}) | - | ${formatSeconds(g.seconds)} | ${g.bound} | - | 1 | ${share(g.seconds)} |`);
  }
  if (!launches.length && !gemms.length) lines.push('', 'No kernel launches or cuBLAS calls found in this file.');
  const assumptions = [...new Set(launches.flatMap((e) => e.assumptions))];
  if (assumptions.length) lines.push('', '## Assumptions', ...assumptions.map((a) => `- ${a}`));
  return lines.join('\n');
}
