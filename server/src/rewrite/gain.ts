// Formats a rewrite's predicted gain for its code action title: "est. 1.5× on H100 SXM", or an explicit
// "≈1.0×, no saving predicted" when the model sees none, because a promise the GPU does not keep is a bug.
import type { GpuSpec } from '../cost/gpus';

/** Below this ratio the model's difference is inside its own error: report ≈1.0×. */
const NO_SAVING_BELOW = 1.05;

export function gainText(beforeSeconds: number, afterSeconds: number, gpu: GpuSpec): string {
  const ratio = beforeSeconds / afterSeconds;
  if (!Number.isFinite(ratio) || ratio < NO_SAVING_BELOW) return `est. ≈1.0× on ${gpu.shortName}, no saving predicted`;
  return `est. ${ratio < 10 ? ratio.toFixed(1) : ratio.toFixed(0)}× on ${gpu.shortName}`;
}

/** The predicted speedup as a number (for the bench script and tests). */
export function gainRatio(title: string): number {
  const m = /est\. ≈?([\d.]+)×/.exec(title);
  return m ? Number(m[1]) : NaN;
}
