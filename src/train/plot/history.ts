/**
 * Turns training histories into the long ("tidy") table a Vega-Lite line chart draws:
 * one row {epoch, value, series} per finite value, where x = epoch counts from 1 (the lecture's
 * `np.linspace(1., 100., 100)`) and a series is one run × one split ("train" or "validation").
 *
 * Keys follow Keras `History.history`: `loss`, `val_loss`, `accuracy`, `val_accuracy`; the older
 * `acc`/`val_acc` names (the lecture's Keras 2, and TFJS) are read too.
 *
 * Not-finite values (NaN, ±Infinity: a run that diverged, e.g. lr = 20) are DROPPED, not clipped:
 * the line simply ends (or skips) there, and the legend label says from which epoch values stopped
 * being finite, so a diverged run is still visible as such. Finite but huge values are drawn as
 * they are.
 */
import { check } from '../../tensor/errors';

export type Metric = 'loss' | 'accuracy';
export type Split = 'train' | 'validation';

export interface PlotRun {
  label: string;
  history: Record<string, number[]>;
}

export interface CurveRow {
  epoch: number;
  value: number;
  series: string;
}

/** One legend entry: its label, and the colour and dash its line is drawn with. */
export interface Series {
  name: string;
  color: string;
  dash: number[];
}

// Tableau 10, Vega's default categorical scheme: one colour per run, reused after ten runs.
const RUN_COLORS = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
// Solid for training, dashed for validation, like the usual train/val convention.
const SPLIT_DASH: Record<Split, number[]> = { train: [], validation: [6, 4] };
const SPLIT_PREFIX: Record<Split, string> = { train: '', validation: 'val_' };
const METRIC_KEYS: Record<Metric, string[]> = { loss: ['loss'], accuracy: ['accuracy', 'acc'] };

/** The history values of `metric` for `split`, or undefined when the run did not record them. */
function findValues(run: PlotRun, metric: Metric, split: Split): number[] | undefined {
  for (const key of METRIC_KEYS[metric]) {
    const values = run.history[SPLIT_PREFIX[split] + key];
    if (values !== undefined) return values;
  }
  return undefined;
}

/** Checks the runs once: a non-empty list, distinct labels, and each run has `metric`. */
export function checkRuns(runs: PlotRun[], metrics: Metric[]): void {
  check(Array.isArray(runs) && runs.length > 0, 'plot: runs must be a non-empty array of {label, history}');
  const seen = new Set<string>();
  for (const run of runs) {
    check(
      typeof run?.label === 'string' && !seen.has(run.label),
      `plot: run labels must be distinct strings, got ${JSON.stringify(run?.label)} twice or not a string`,
    );
    seen.add(run.label);
    check(typeof run.history === 'object' && run.history !== null, `plot: run "${run.label}" has no history object`);
    for (const metric of metrics) {
      for (const split of ['train', 'validation'] as const) {
        const values = findValues(run, metric, split);
        // Strings would be dropped as "not finite" without a word; JSON histories write NaN as "NaN".
        check(
          values === undefined || (Array.isArray(values) && values.every((v) => typeof v === 'number')),
          `plot: run "${run.label}" ${split} ${metric} must be an array of numbers (read "NaN" strings with Number())`,
        );
      }
      check(
        findValues(run, metric, 'train') !== undefined,
        `plot: run "${run.label}" has no "${METRIC_KEYS[metric].join('" or "')}" in its history ` +
          `(keys: ${Object.keys(run.history).join(', ') || 'none'})`,
      );
    }
  }
}

/** What a figure draws: the series (legend entries, in run order), the rows of each metric, and
 * the longest run's epoch count. A series is named once for all metrics, so that stacked panels
 * share one legend; its "not finite" note gives the first such epoch in any of `metrics`. */
export interface CurveData {
  series: Series[];
  rows: Record<Metric, CurveRow[]>;
  epochs: number;
}

export function curveData(runs: PlotRun[], metrics: Metric[]): CurveData {
  const data: CurveData = { series: [], rows: { loss: [], accuracy: [] }, epochs: 0 };
  runs.forEach((run, r) => {
    for (const split of ['train', 'validation'] as const) {
      const perMetric = metrics.map((metric) => ({ metric, values: findValues(run, metric, split) ?? [] }));
      if (perMetric.every((m) => m.values.length === 0)) continue;
      const firstBad = Math.min(...perMetric.map((m) => firstNotFinite(m.values)));
      const note = firstBad === Infinity ? '' : ` (not finite from epoch ${firstBad + 1})`;
      const name = `${run.label} ${split}${note}`;
      data.series.push({ name, color: RUN_COLORS[r % RUN_COLORS.length], dash: SPLIT_DASH[split] });
      for (const { metric, values } of perMetric) {
        data.epochs = Math.max(data.epochs, values.length);
        for (let i = 0; i < values.length; i++) {
          if (Number.isFinite(values[i])) data.rows[metric].push({ epoch: i + 1, value: values[i], series: name });
        }
      }
    }
  });
  return data;
}

function firstNotFinite(values: number[]): number {
  const i = values.findIndex((v) => !Number.isFinite(v));
  return i < 0 ? Infinity : i;
}
