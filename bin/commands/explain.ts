/**
 * `mlp explain NAME`: the update rule, derivative or penalty of an optimizer, activation,
 * regularizer, loss or layer, its defaults and the file and lines that implement it. The text is
 * read from the implementing file's formula header (src/train/explain), the same text the docs quote.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { MlpError } from '../../src/tensor/errors';
import { renderDocs } from '../../src/train/explain/docs';
import { explain, formatIndex } from '../../src/train/explain/explain';

/** Rewrites the generated blocks of a Markdown file in place (atomically). */
function updateDocs(file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new MlpError('NOT_FOUND', `--update-docs: cannot read ${file}: ${(err as Error).message}`);
  }
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, renderDocs(text));
  renameSync(temp, file);
  process.stdout.write(`updated ${file}\n`);
}

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
    .option('--update-docs <files...>', 'rewrite the generated blocks (<!-- explain:NAME -->, <!-- trace:{…} -->) of Markdown files')
    .action((name: string | undefined, flags: { updateDocs?: string[] }) => {
      if (flags.updateDocs) {
        for (const file of flags.updateDocs) updateDocs(file);
        return;
      }
      process.stdout.write(`${name === undefined ? formatIndex() : explain(name)}\n`);
    });
}
