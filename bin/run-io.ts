/**
 * What the commands share around a training run: the recorded command line, the SIGINT handler
 * (first Ctrl-C: stop after the current batch and checkpoint; second: exit at once), and the io
 * object for the library's runner (human lines to stdout, or to stderr when stdout carries JSON).
 */
import type { ExperimentIO } from '../src/train/experiment';
import { EXIT_INTERRUPTED } from './exit-codes';

/** The command as a shell would accept it again (for DIR/command.txt). */
export function commandLine(argv: string[] = process.argv): string {
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['mlp', ...argv.slice(2)].map(quote).join(' ');
}

/** Turns SIGINT into an abort of the returned signal while `body` runs. */
export async function withInterrupt<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    process.stderr.write(
      '\ninterrupt: stopping after the current batch and saving the last complete epoch (Ctrl-C again to quit at once)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await body(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export interface RunFlags {
  json?: boolean;
  verbose?: 0 | 1 | 2;
}

/** Human-readable lines go to stdout, or to stderr with --json (stdout then holds only JSON lines). */
export function runIO(flags: RunFlags, signal: AbortSignal): ExperimentIO {
  const json = flags.json === true;
  const human = json ? process.stderr : process.stdout;
  return {
    log: (line) => human.write(`${line}\n`),
    verbose: json ? 0 : (flags.verbose ?? (process.stdout.isTTY ? 1 : 2)),
    onEpoch: json ? (epoch, logs) => process.stdout.write(`${JSON.stringify({ epoch: epoch + 1, ...logs })}\n`) : undefined,
    signal,
    command: commandLine(),
  };
}
