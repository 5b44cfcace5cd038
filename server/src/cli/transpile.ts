// `cuda-lens transpile <file.cu> -o <out.cpp> [--profile]`: translates a CUDA program to C++/OpenMP and
// writes the runtime header, CUDA header stand-ins and translated local headers beside out.cpp, so that
// `g++ -std=c++17 -O2 -fopenmp -I <dir of the .cu> -I <dir of out.cpp> out.cpp` builds it.
import * as fs from 'fs';
import * as path from 'path';
import { CliIo, EXIT_FINDINGS, EXIT_OK, UsageError, flagString, parseArgs } from './io';
import { transpileFile, writeTranslation } from '../transpile/index';

export const usage = 'cuda-lens transpile <file.cu> -o <out.cpp> [--profile]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['o'], ['profile']);
  if (args.positional.length !== 1) throw new UsageError(`expected one input file\n${usage}`);
  const input = args.positional[0];
  const out = flagString(args, 'o');
  if (!out) throw new UsageError(`-o <out.cpp> is required\n${usage}`);
  if (!fs.existsSync(input)) throw new UsageError(`cannot read ${input}`);
  const result = await transpileFile(input, { profile: args.flags.has('profile'), outName: path.basename(out) });
  // outName makes the main file's name that of -o, so the whole translation lands beside it.
  writeTranslation(result, path.dirname(path.resolve(out)));
  for (const d of result.diagnostics) {
    io.err(`${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.id}] ${d.message}`);
  }
  return result.diagnostics.some((d) => d.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}
