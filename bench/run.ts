/**
 * `npm run bench [-- SUITE… --quick --compare]`: runs benchmark suites (default: all: gemm, train),
 * printing JSON lines as results come in and a readable table per suite at the end. `--quick`
 * shortens every measurement (a smoke run); `--compare` adds torch to the train suite. Timing lives
 * here, never in tests.
 *
 * A suite is a function from options to its table; add a file and a line to SUITES.
 */
import type { BenchOptions } from './common';
import { runGemm } from './gemm';
import { runTrain, trainOne } from './train';

const SUITES: Record<string, (options: BenchOptions) => string> = {
  gemm: runGemm,
  train: runTrain,
};

function main(argv: string[]): void {
  if (argv[0] === 'train-one') {
    // The child side of the train suite: one configuration per process (its own peak RSS).
    trainOne(argv[1], argv[2], Number(argv[3]), Number(argv[4])).catch((err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    });
    return;
  }
  const names = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark '${unknown[0]}': valid ones are ${Object.keys(SUITES).join(', ')}\n`);
    process.exit(2);
  }
  const options: BenchOptions = { minMs: flags.has('--quick') ? 60 : 400, flags };
  const tables = (names.length > 0 ? names : Object.keys(SUITES)).map((name) => SUITES[name](options));
  process.stdout.write('\n' + tables.join('\n\n') + '\n');
}

main(process.argv.slice(2));
