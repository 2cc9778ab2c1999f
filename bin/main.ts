/**
 * The `mlp` command line: parses flags, turns them into a config and calls the library; no
 * training logic lives here. Each command is a file in bin/commands/, registered through the list
 * in bin/commands/index.ts.
 *
 * Errors a user can cause (an unknown flag or value, an impossible combination, a missing file)
 * print ONE line `error: <message>` on stderr and exit with code 2; an interrupted training run
 * exits with 130 (128 + SIGINT); anything unexpected prints one line and exits with 1, and
 * `--debug` (or MLP_DEBUG=1) adds the stack trace.
 */
import { Command, CommanderError } from 'commander';
import { MlpError } from '../src/tensor/errors';
import * as commands from './commands';
import { EXIT_INTERRUPTED, EXIT_UNEXPECTED, EXIT_USAGE } from './exit-codes';

/** Help or version shown on request: exit 0. (`mlp` with no command shows the help as a usage error.) */
const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

export function buildProgram(): Command {
  const program = new Command('mlp')
    .description(
      "A from-scratch multilayer perceptron for the lecture 'Neural network training tricks II': train, evaluate, predict, compare, check gradients, plot.",
    )
    .version(versionOf(), '-V, --version')
    .option('--debug', 'print the stack trace of unexpected errors (or set MLP_DEBUG=1)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  for (const register of Object.values(commands)) register(program);
  return program;
}

function versionOf(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** One line: commander's messages start with "error: " and may add "(Did you mean …?)" on a second line. */
function oneLine(message: string): string {
  return message
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** The exit code for an error, after printing it as one line on stderr. */
export function reportError(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    if (HELP_CODES.has(err.code)) return err.exitCode;
    if (err.code === 'commander.help') return EXIT_USAGE; // `mlp` alone: the help (on stderr) says what to type
    process.stderr.write(`error: ${oneLine(err.message)}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof MlpError) {
    process.stderr.write(`${err.code === 'INTERRUPTED' ? '' : 'error: '}${oneLine(err.message)}\n`);
    if (debug) process.stderr.write(`${err.stack}\n`);
    return err.code === 'INTERRUPTED' ? EXIT_INTERRUPTED : EXIT_USAGE;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(
    `error: unexpected ${e.name}: ${oneLine(e.message)}${debug ? '' : ' (run with --debug or MLP_DEBUG=1 for the stack trace)'}\n`,
  );
  if (debug) process.stderr.write(`${e.stack}\n`);
  return EXIT_UNEXPECTED;
}

/** Runs the CLI on `argv` (process.argv layout) and exits with its code. */
export async function main(argv: string[] = process.argv): Promise<void> {
  // `mlp … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? process.exit(0) : undefined));
  const debug = argv.includes('--debug') || process.env.MLP_DEBUG === '1';
  let code = 0;
  try {
    await buildProgram().parseAsync(argv);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    code = reportError(err, debug);
  }
  // Exit explicitly: nothing (a worker pool, a timer) may keep a finished CLI alive.
  process.exit(code);
}
