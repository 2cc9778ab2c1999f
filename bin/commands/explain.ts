/**
 * `mlp explain NAME`: the update rule, derivative or penalty of an optimizer, activation,
 * regularizer, loss or layer, its defaults and the file and lines that implement it. The text is
 * read from the implementing file's formula header (src/train/explain), the same text the docs quote.
 */
import type { Command } from 'commander';
import { explain, formatIndex } from '../../src/train/explain/explain';

export function register(program: Command): void {
  program
    .command('explain')
    .argument('[name]', 'an optimizer, activation, regularizer, loss or layer (omit to list them)')
    .description('print the formula an optimizer/activation/regularizer/loss/layer implements, its defaults and its source file')
    .addHelpText(
      'after',
      ['', 'Examples:', '  mlp explain adam', '  mlp explain sigmoid', '  mlp explain l2', '  mlp explain Dropout', '  mlp explain'].join(
        '\n',
      ),
    )
    .action((name: string | undefined) => {
      process.stdout.write(`${name === undefined ? formatIndex() : explain(name)}\n`);
    });
}
