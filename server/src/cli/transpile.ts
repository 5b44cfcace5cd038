// `cuda-lens transpile`: placeholder until its issue lands; reports that the command is not available yet.
import { CliIo, EXIT_USAGE } from './io';

export const usage = 'cuda-lens transpile (not available yet)';

export async function run(_argv: string[], io: CliIo): Promise<number> {
  io.err('cuda-lens transpile: not available yet');
  return EXIT_USAGE;
}
