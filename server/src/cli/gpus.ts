// `cuda-lens gpus [--format text|json]`: prints the GPU database the cost model and rules use.
import { listGpus } from '../cost/gpus';
import { CliIo, EXIT_OK, flagString, oneOf, parseArgs } from './io';

export const usage = 'cuda-lens gpus [--format text|json]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['format']);
  const format = oneOf(flagString(args, 'format'), ['text', 'json'] as const, 'format', 'text');
  const gpus = listGpus();
  if (format === 'json') {
    io.out(JSON.stringify(gpus, null, 2));
    return EXIT_OK;
  }
  const rows = gpus.map((g) => [g.id, g.name, `cc ${g.computeCapability}`, `${g.smCount} SMs`,
    `${g.memoryBandwidthGBps} GB/s`, `${g.peakTflops.fp32} FP32 TFLOPS`]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  io.out(rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n'));
  return EXIT_OK;
}
