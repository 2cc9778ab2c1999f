/**
 * History: what fit returns (Keras 3 `keras/src/callbacks/history.py`). A callback that, at each
 * epoch end, appends every logged value to `history[key]` and the epoch index to `epoch`:
 *   history.loss[i], history.accuracy[i], history.val_loss[i], history.val_accuracy[i]
 *   history.lr[i]       the learning rate of the epoch's first step
 *   history.penalty[i]  the regularisation part of loss[i] (batch-size-weighted, like loss)
 *   history.seconds[i]  wall-clock seconds of the epoch's training steps (validation excluded)
 *   epoch[i]            the 0-based epoch index (initialEpoch + i)
 * `diverged` is set when fit stopped because the loss became NaN or infinite (onNaN 'stop').
 *
 * Serialised as JSON (`historyToJSON`; NaN and ±Infinity become the strings "NaN", "Infinity",
 * "-Infinity", which `Number()` reads back, because JSON has no such numbers and `null` would read
 * back as 0) or as CSV (`historyToCsv`, Keras CSVLogger's layout: `epoch` then the keys sorted).
 */
import { Callback, type CallbackParams, type Logs } from './callbacks/callback';

/** Where training diverged: 0-based epoch and batch (step) indices, as in history.epoch. */
export interface Divergence {
  epoch: number;
  step: number;
}

export class History extends Callback {
  history: Record<string, number[]> = {};
  epoch: number[] = [];
  diverged: Divergence | null = null;

  /**
   * fit makes a fresh History each time; one passed in `callbacks` keeps appending across fits
   * (epoch and values alike), which is how a resumed run continues its curves.
   */
  override onTrainBegin(_logs?: Logs): void {
    this.diverged = null;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}

export interface HistoryJSON {
  epoch: number[];
  history: Record<string, (number | string)[]>;
  diverged: Divergence | null;
  params: CallbackParams | null;
}

function jsonNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** A JSON-able copy of the history (see the header for how NaN and ±Infinity are written). */
export function historyToJSON(h: History): HistoryJSON {
  const history: HistoryJSON['history'] = {};
  for (const [key, values] of Object.entries(h.history)) history[key] = values.map(jsonNumber);
  return { epoch: [...h.epoch], history, diverged: h.diverged, params: h.params ?? null };
}

/** A number as Python's `str(float)` writes it in a Keras CSV: nan, inf, -inf for the non-finite. */
export function csvNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}

/** The keys of a CSV row after `epoch`: sorted, as Keras's CSVLogger writes them. */
export function csvKeys(keys: Iterable<string>): string[] {
  return [...keys].sort();
}

/** CSV text: header `epoch,<sorted keys>`, one row per epoch; a missing value is written NA. */
export function historyToCsv(h: History, separator = ','): string {
  const keys = csvKeys(Object.keys(h.history));
  const lines = [['epoch', ...keys].join(separator)];
  h.epoch.forEach((epoch, i) => {
    const cells = keys.map((k) => {
      const v = h.history[k][i];
      return v === undefined ? 'NA' : csvNumber(v);
    });
    lines.push([String(epoch), ...cells].join(separator));
  });
  return `${lines.join('\n')}\n`;
}
