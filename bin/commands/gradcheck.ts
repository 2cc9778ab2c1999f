/**
 * `mlp gradcheck`: numerical against analytic gradients for the whole network the architecture
 * flags describe, in float64, on a few training examples; one row per parameter tensor. Exits
 * with 1 when a tensor's largest relative error exceeds --threshold.
 */
import type { Command } from 'commander';
import { gradientCheck } from '../../src/train/experiment/gradcheck';
import { parseInteger, parseNumber } from '../options';
import { addDataFlags, addModelFlags, configFromFlags, type Flags } from '../train-flags';

export const EXIT_CHECK_FAILED = 1;

const EXAMPLES = `
Examples:
  $ mlp gradcheck                                     # the lecture's 784-30-10 sigmoid/softmax network
  $ mlp gradcheck --arch 784-256-256-10 --activation relu
  $ mlp gradcheck --reg l2 --dropout 0.2              # penalties and (fixed-mask) dropout included
  $ mlp gradcheck --activation prelu --max-per-param 0   # every entry

Step and threshold: h = 1e-4 and 1e-6 by default. In float64 the round-off of L(θ ± h) is about
1e-16·|L|/h in the quotient; with h = 1e-5 that already exceeds 1e-6 of the smallest gradients
(the weights of nearly black pixels), with h = 1e-4 it does not, and the O(h²) truncation error
stays near 1e-8. relu, leaky-relu and
prelu have a kink at 0; where θ ± h puts a unit on both sides of it, the difference quotient averages
the two slopes while backprop uses one, so their default is 1e-4 (CS231n: "OK only with kinks").
If such a run fails on one tensor, try another --seed or a smaller --step.`;

function fmt(x: number): string {
  return x.toExponential(2);
}

export function register(program: Command): void {
  const cmd = program.command('gradcheck').description('check backprop: numerical vs analytic gradients of the whole network, in float64');
  addDataFlags(cmd);
  addModelFlags(cmd);
  cmd.optionsGroup('Check:');
  cmd
    .option('--examples <n>', 'training examples the loss is computed on (default 5)', parseInteger)
    .option('--step <h>', 'central-difference step h (default 1e-4)', parseNumber)
    .option('--max-per-param <n>', 'entries checked per tensor, spread evenly; 0 = all (default 200)', parseInteger)
    .option('--threshold <r>', 'largest relative error that passes (default 1e-6; 1e-4 for relu, leaky-relu, prelu)', parseNumber)
    .addHelpText('after', EXAMPLES)
    .action((flags: Flags) => {
      const report = gradientCheck(configFromFlags(flags), {
        examples: flags.examples as number | undefined,
        epsilon: flags.step as number | undefined,
        maxPerParam: flags.maxPerParam as number | undefined,
        threshold: flags.threshold as number | undefined,
      });
      const rows = report.checks.map((c) => [
        c.name,
        `[${c.shape.join(', ')}]`,
        String(c.checked),
        fmt(c.maxRelError),
        fmt(c.maxAbsError),
        c.pass ? 'ok' : 'FAIL',
      ]);
      const head = ['parameter', 'shape', 'checked', 'max rel. error', 'max abs. error', ''];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (r: string[]): string =>
        r
          .map((v, i) => v.padEnd(widths[i]))
          .join('  ')
          .trimEnd();
      process.stdout.write([line(head), ...rows.map(line)].join('\n') + '\n');
      const verdict = report.pass ? 'all tensors pass' : `${report.checks.filter((c) => !c.pass).length} tensor(s) FAIL`;
      const why = report.kinked ? ' (a kinked activation: see --help)' : '';
      process.stdout.write(`threshold ${fmt(report.threshold)}${why}: ${verdict}\n`);
      if (!report.pass) process.exitCode = EXIT_CHECK_FAILED;
    });
}
