/**
 * The summary of several runs side by side (`mlp compare`, lecture recipes): one row per run with
 * its last epoch's training and validation metrics and its final test score, as a Markdown table
 * (readable in a terminal, and in results files on GitHub).
 */
import type { Results } from './outdir';

export interface RunSummary {
  label: string;
  history: Record<string, number[]>;
  results: Results | null;
}

function last(values: number[] | undefined): number | undefined {
  return values && values.length > 0 ? values[values.length - 1] : undefined;
}

function cell(v: number | undefined, digits = 4): string {
  if (v === undefined) return '–';
  return Number.isFinite(v) ? v.toFixed(digits) : String(v);
}

const COLUMNS: [string, (r: RunSummary) => string][] = [
  ['run', (r) => r.label],
  ['epochs', (r) => String(r.results?.epochs ?? r.history.loss?.length ?? 0)],
  ['loss', (r) => cell(last(r.history.loss))],
  ['accuracy', (r) => cell(last(r.history.accuracy))],
  ['val_loss', (r) => cell(last(r.history.val_loss))],
  ['val_accuracy', (r) => cell(last(r.history.val_accuracy))],
  ['test loss', (r) => cell(r.results?.final.test?.loss)],
  ['test accuracy', (r) => cell(r.results?.final.test?.accuracy)],
  ['seconds', (r) => cell(r.results?.seconds, 1)],
  [
    'note',
    (r) =>
      r.results?.diverged
        ? `diverged at epoch ${r.results.diverged.epoch + 1}`
        : r.results?.stoppedEpoch
          ? `early stop at ${r.results.stoppedEpoch}`
          : '',
  ],
];

/** A Markdown table, columns padded to line up in a terminal. */
export function summaryTable(runs: RunSummary[]): string {
  const rows = [COLUMNS.map(([name]) => name), ...runs.map((r) => COLUMNS.map(([, value]) => value(r)))];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]): string => `| ${row.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
