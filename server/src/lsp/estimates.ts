// Cost estimates of a document analysis, computed once per analysis and shared by inlay hints, hovers,
// code lenses and the report; also the formatting every one of them uses, so numbers read the same.
import { estimateProgram, LaunchEstimate } from '../cost';
import type { LaunchSite } from '../model/types';
import type { DocumentAnalysis } from './workspace';

export type ProgramEstimate = ReturnType<typeof estimateProgram>;

const cache = new WeakMap<DocumentAnalysis, ProgramEstimate>();

export function estimatesOf(analysis: DocumentAnalysis): ProgramEstimate {
  let result = cache.get(analysis);
  if (!result) {
    const registers = analysis.resources &&
      new Map([...analysis.resources].map(([name, r]) => [name, r.registers] as [string, number]));
    result = estimateProgram(analysis.model, analysis.gpu, { text: analysis.text, registers });
    cache.set(analysis, result);
  }
  return result;
}

const byLaunch = new WeakMap<DocumentAnalysis, Map<LaunchSite, LaunchEstimate>>();

/** The estimate for a launch site of the analysis. estimateProgram keeps the model's launch order, so the
 *  match is by launch, not by line and kernel name (two launches of one kernel can share a line, and a
 *  header's launch can have a line number of this file). */
export function estimateForLaunch(analysis: DocumentAnalysis, launch: LaunchSite): LaunchEstimate | undefined {
  let map = byLaunch.get(analysis);
  if (!map) {
    const estimates = estimatesOf(analysis).launches;
    map = new Map(analysis.model.launches.map((l, i) => [l, estimates[i]]));
    byLaunch.set(analysis, map);
  }
  return map.get(launch);
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds >= 1) return `${seconds.toPrecision(3)} s`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toPrecision(3)} ms`;
  if (seconds >= 1e-6) return `${(seconds * 1e6).toPrecision(3)} µs`;
  return `${(seconds * 1e9).toPrecision(3)} ns`;
}

export function shortSummary(e: LaunchEstimate): string {
  const parts = [`≈ ${formatSeconds(e.seconds)}`, `${e.bound}-bound`];
  if (e.occupancy) parts.push(`occ ${Math.round(e.occupancy.fraction * 100)}%`);
  if (e.launchesPerRun && e.launchesPerRun > 1) parts.push(`×${e.launchesPerRun}`);
  return parts.join(' · ');
}

/** Full markdown breakdown for hovers and tooltips. */
export function breakdownMarkdown(e: LaunchEstimate, gpuName: string): string {
  const lines = [`**${e.kernelName}** on ${gpuName}: ${shortSummary(e)}`, '', '| | |', '|---|---|'];
  lines.push(`| time per launch | ${formatSeconds(e.seconds)} (kernel ${formatSeconds(e.kernelSeconds)}, launch ${formatSeconds(e.launchOverheadSeconds)}) |`);
  if (e.grid && e.block) lines.push(`| grid × block | (${e.grid.join(', ')}) × (${e.block.join(', ')}) |`);
  if (e.occupancy) {
    lines.push(`| occupancy | ${Math.round(e.occupancy.fraction * 100)}% (limited by ${e.occupancy.limiter}; ${e.occupancy.activeBlocksPerSm} blocks/SM) |`);
  }
  if (e.totalSeconds !== undefined && e.launchesPerRun) {
    lines.push(`| per run | ${e.launchesPerRun} launches, ${formatSeconds(e.totalSeconds)} |`);
  }
  if (e.graphSavingSeconds) lines.push(`| CUDA graph would save | ${formatSeconds(e.graphSavingSeconds)} |`);
  for (const b of e.breakdown) lines.push(`| ${b.label} | ${b.value}${b.source ? ` _(${b.source})_` : ''} |`);
  if (e.assumptions.length) {
    lines.push('', '**Assumptions**', ...e.assumptions.map((a) => `- ${a}`));
  }
  return lines.join('\n');
}
