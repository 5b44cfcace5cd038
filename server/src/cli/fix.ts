// `cuda-lens fix <file.cu> --rule ID [--gpu ID] [-o out.cu]`: applies the quick fixes of one rule to one
// file, the same edits the editor's code action makes (the first fix of each finding, skipping any that
// overlaps an earlier one), and writes the result to -o or stdout. A summary goes to stderr so stdout
// stays the fixed source.
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../rules/analyze';
import { applyEdits, nonOverlapping } from '../rules/edits';
import { RULES, findRule } from '../rules';
import { resolveGpu } from './check';
import { readSource } from './files';
import { CliIo, EXIT_OK, UsageError, flagString, parseArgs } from './io';

export const usage = 'cuda-lens fix <file.cu> --rule ID [--gpu ID] [-o out.cu]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['rule', 'gpu', 'o']);
  const ruleId = flagString(args, 'rule');
  if (!ruleId) throw new UsageError('--rule ID is required');
  const rule = findRule(ruleId);
  if (!rule) throw new UsageError(`unknown rule "${ruleId}"; known rules: ${RULES.map((r) => r.id).join(', ')}`);
  if (args.positional.length !== 1) throw new UsageError('exactly one input file is expected');
  const gpu = resolveGpu(flagString(args, 'gpu'));
  const file = path.resolve(args.positional[0]);
  const text = readSource(file);
  const { model, findings } = await analyzeText(text, file, gpu, { only: [rule.id] });
  const ctx = { model, text, gpu };
  // Edits in other files (a kernel in a followed header) are left alone: this command rewrites one file.
  const groups = findings
    .map((f) => rule.fix?.(f, ctx)[0]?.edits ?? [])
    .filter((edits) => edits.length > 0 && edits.every((e) => path.resolve(e.file) === file));
  const edits = nonOverlapping(groups);
  const fixed = applyEdits(text, edits);
  const applied = groups.filter((g) => g.every((e) => edits.includes(e))).length;
  const out = flagString(args, 'o');
  if (out) {
    try {
      fs.writeFileSync(out, fixed);
    } catch (e) {
      throw new UsageError(`cannot write "${out}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  } else {
    // io.out ends the text with a newline if it lacks one; a source file without one gains it.
    io.out(fixed);
  }
  io.err(`cuda-lens fix: ${rule.id}: ${findings.length} finding(s), ${applied} fix(es) applied to ${args.positional[0]}`);
  return EXIT_OK;
}
