/** `mlp evaluate DIR`: loss, accuracy and confusion matrix of a saved model on a data set. */
import { Option, type Command } from 'commander';
import { SPLITS, applyEngine, evaluateSaved, evaluationSet, loadSavedModel, type Split } from '../../src/train/experiment';
import { parseInteger } from '../options';
import { addEngineFlags } from '../train-flags';

const EXAMPLES = `
Examples:
  $ mlp train --early-stopping --out runs/es && mlp evaluate runs/es       # test set of the run's data
  $ mlp evaluate runs/es --split valid                                     # the lecture's "Performance (validation)"
  $ mlp evaluate runs/es --data fashion/                                   # another data set (a folder of IDX files)
  $ mlp evaluate runs/es --json`;

/** The confusion matrix with row (true class) and column (predicted class) headers. */
function confusionLines(confusion: number[][]): string[] {
  const width = Math.max(4, ...confusion.flat().map((v) => String(v).length));
  const cell = (v: string | number): string => String(v).padStart(width);
  return [
    'confusion matrix (rows: true class, columns: predicted class)',
    `${cell('')} ${confusion.map((_, c) => cell(c)).join(' ')}`,
    ...confusion.map((row, t) => `${cell(t)} ${row.map(cell).join(' ')}`),
  ];
}

export function register(program: Command): void {
  const cmd = program
    .command('evaluate')
    .description("loss, accuracy and confusion matrix of a saved model (a run folder from 'mlp train --out', or a model folder)")
    .argument('<dir>', 'run folder or model folder')
    .option('--data <source>', "evaluate on this data's test set instead ('mnist', IDX folder, .npz; a .csv is used whole)")
    .addOption(new Option('--split <which>', "with a run folder: which part of the run's data").choices(SPLITS))
    .option('--test-size <n>', 'evaluate on the first n examples only', parseInteger)
    .option('--json', 'print the result as one JSON object')
    .addHelpText('after', EXAMPLES);
  addEngineFlags(cmd).action(
    (dir: string, flags: { data?: string; split?: Split; testSize?: number; json?: boolean; threads?: number; backend?: string }) => {
      applyEngine({ threads: flags.threads ?? null, backend: flags.backend ?? null });
      const model = loadSavedModel(dir);
      const report = evaluateSaved(model, evaluationSet(dir, flags));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return;
      }
      const lines = [
        `${report.n} examples (${report.source})`,
        `Loss: ${report.loss.toFixed(5)}, Acc: ${report.accuracy.toFixed(5)}`,
        ...confusionLines(report.confusion),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  );
}
