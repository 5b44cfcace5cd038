// Entry point of the `cuda-lens` command line: dispatches to one file per subcommand and maps errors to
// exit codes (0 ok, 1 findings of severity error, 2 bad usage or unreadable input).
import { CliIo, EXIT_USAGE, UsageError, processIo } from './io';
import * as check from './check';
import * as estimate from './estimate';
import * as transpile from './transpile';
import * as fix from './fix';
import * as gpus from './gpus';

interface Subcommand { usage: string; run(argv: string[], io: CliIo): Promise<number> }

const SUBCOMMANDS: Record<string, Subcommand> = { check, estimate, transpile, fix, gpus };

function helpText(): string {
  return [
    'cuda-lens: performance and correctness analysis, cost estimates and CPU translation for CUDA',
    '',
    'Usage:',
    ...Object.values(SUBCOMMANDS).map((c) => '  ' + c.usage),
    '',
    'Exit codes: 0 ok, 1 findings of severity error, 2 bad usage or unreadable input.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version') {
    io.out(require('../../../package.json').version);
    return 0;
  }
  const command = SUBCOMMANDS[name];
  if (!command) {
    io.err(`cuda-lens: unknown command "${name}"\n\n${helpText()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out('Usage: ' + command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cuda-lens ${name}: ${e.message}\nUsage: ${command.usage}`);
      return EXIT_USAGE;
    }
    io.err(`cuda-lens ${name}: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  // `cuda-lens check ... | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
