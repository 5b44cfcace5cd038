// Per-launch memo of rule findings across analyses of a file. The model keeps a launch's object while the
// host function around it is unchanged and unmoved (model/build.ts reuses the function's host walk), and a
// kernel's object while the kernel is (model/function-cache.ts). So a rule whose findings for a launch
// depend only on that launch, the kernel it launches, the target GPU, the kernel's ptxas resources and a
// few values the rule names (`deps`, compared by identity) gets them back from here after a keystroke
// elsewhere, instead of recomputing every launch of the file. Launch rules are what is left of a
// keystroke's analysis once kernel rules are memoized per function (per-function.ts).
import type { Kernel, LaunchSite } from '../../model/types';
import type { Finding, KernelResources, RuleContext } from '../types';

interface LaunchFindings {
  file: string;
  gpu: string;
  kernel: Kernel | undefined;
  resources: KernelResources | undefined;
  deps: readonly unknown[];
  findings: Finding[];
}

const memo = new WeakMap<LaunchSite, Map<string, LaunchFindings>>();

/** Findings of `ruleId` for `launch`, from the memo when nothing they read changed, else `compute()`.
 *  `compute` must read nothing of the file beyond the launch, its kernel, the GPU, the kernel's resources
 *  and `deps` (text inside the launch's host function is covered: a changed function gives new launches). */
export function perLaunch(ctx: RuleContext, ruleId: string, launch: LaunchSite, deps: readonly unknown[], compute: () => Finding[]): Finding[] {
  // A launch from an included header is the header's to report, when it is checked itself; read here, its
  // position would point into this file's text (and a folder check would report it twice).
  if (launch.file !== ctx.model.file) return [];
  const resources = launch.kernel ? ctx.resources?.get(launch.kernel.name) : undefined;
  let byRule = memo.get(launch);
  const known = byRule?.get(ruleId);
  if (known && known.file === ctx.model.file && known.gpu === ctx.gpu.id && known.kernel === launch.kernel &&
    known.resources === resources && known.deps.length === deps.length && known.deps.every((d, i) => d === deps[i])) {
    return known.findings;
  }
  const findings = compute();
  if (!byRule) memo.set(launch, (byRule = new Map()));
  // A copy for the memo: messages quote slices of this version of the document, and a V8 sliced string keeps
  // the whole document alive for as long as the finding is reused.
  byRule.set(ruleId, { file: ctx.model.file, gpu: ctx.gpu.id, kernel: launch.kernel, resources, deps, findings: structuredClone(findings) });
  return findings;
}
