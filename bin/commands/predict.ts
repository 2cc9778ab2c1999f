/** `mlp predict DIR --input FILE`: the class and the class probabilities of each example in FILE. */
import type { Command } from 'commander';
import { applyEngine, loadSavedModel, predictInputs, readInputs } from '../../src/train/experiment';
import { parseInteger } from '../options';
import { addEngineFlags } from '../train-flags';

const EXAMPLES = `
Examples:
  $ mlp predict runs/base --input my-digit.png     # a photo or drawing of one digit (PNG or PGM; resized, inverted if dark-on-light)
  $ mlp predict runs/base --input digits.csv       # one example per row (Kaggle layout; a label column is skipped)
  $ mlp predict runs/base --input t10k-images-idx3-ubyte --limit 5
  $ mlp predict runs/base --input mnist.npz --json`;

export function register(program: Command): void {
  const cmd = program
    .command('predict')
    .description('classify examples with a saved model: an image of a digit (PNG/PGM), a CSV, an .npz or an IDX images file')
    .argument('<dir>', 'run folder or model folder')
    .requiredOption('--input <file>', 'the examples: .png/.pgm (one digit), .csv, .npz (x_test or x) or an IDX images file')
    .option('--limit <n>', 'print at most n examples (default 20; --json prints all)', parseInteger)
    .option('--json', 'one JSON object per example: {index, class, probabilities}')
    .addHelpText('after', EXAMPLES);
  addEngineFlags(cmd).action(
    (dir: string, flags: { input: string; limit?: number; json?: boolean; threads?: number; backend?: string }) => {
      applyEngine({ threads: flags.threads ?? null, backend: flags.backend ?? null });
      const model = loadSavedModel(dir);
      const inputs = readInputs(flags.input, model);
      const p = predictInputs(model, inputs);
      const classes = p.cols;
      const limit = flags.json ? inputs.n : Math.min(inputs.n, flags.limit ?? 20);
      if (!flags.json)
        process.stdout.write(
          `${inputs.n} example${inputs.n === 1 ? '' : 's'} from ${inputs.source}${inputs.note ? ` (${inputs.note})` : ''}\n`,
        );
      for (let i = 0; i < limit; i++) {
        const row = Array.from(p.data.subarray(i * classes, (i + 1) * classes));
        const best = row.indexOf(Math.max(...row));
        if (flags.json) process.stdout.write(`${JSON.stringify({ index: i, class: best, probabilities: row })}\n`);
        else
          process.stdout.write(
            `#${i}: class ${best} (p = ${row[best].toFixed(4)})   ${row.map((v, c) => `${c}:${v.toFixed(4)}`).join(' ')}\n`,
          );
      }
      if (limit < inputs.n) process.stdout.write(`… ${inputs.n - limit} more (--limit ${inputs.n} or --json to see all)\n`);
    },
  );
}
