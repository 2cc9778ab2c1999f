/**
 * ModelCheckpoint: saves the model at the end of every epoch, or only when the monitored quantity
 * improves (Keras 3 keras/src/callbacks/model_checkpoint.py and monitor_callback.py).
 *
 *   mode 'min':  improved ⇔ current < best        mode 'max':  improved ⇔ current > best
 *   mode 'auto': 'loss' and 'val_loss' → min; 'accuracy', 'val_accuracy' (and 'acc') → max
 *   best starts at +∞ for min, −∞ for max (or at initialValueThreshold); NaN never improves
 *
 * `filepath` is a folder (saveModel's layout), formatted like Keras's: `{epoch}` is the 1-based
 * epoch with two digits (Keras `{epoch:02d}`), `{epoch:03d}` pads to 3, `{val_loss:.4f}` prints a
 * log value with 4 decimals. Without placeholders every save replaces the previous one, atomically
 * (an interrupted save leaves the previous complete checkpoint).
 *
 * Each save holds what a resumed run needs: epoch + 1 completed epochs, the history so far (this
 * callback keeps its own copy, because fit's History is updated after the user's callbacks), the
 * optimizer and Rng states, and `state()` if given (e.g. an EarlyStopping's counters).
 */
import { MlpError, check } from '../../tensor/errors';
import { History, historyToJSON } from '../history';
import { saveModel } from '../io/save';
import { historyFromJSON } from '../io/side-file';
import type { Json } from '../io/keras-values';
import { Callback, type Logs } from './callback';

export type CheckpointMode = 'auto' | 'min' | 'max';

export interface ModelCheckpointOptions {
  filepath: string;
  monitor?: string;
  saveBestOnly?: boolean;
  mode?: CheckpointMode;
  verbose?: 0 | 1;
  /** Starting best value (Keras `initial_value_threshold`); saves happen only when beaten. */
  initialValueThreshold?: number;
  /** The history of the run being resumed (Checkpoint.history); this callback appends to a copy. */
  history?: History;
  /** Extra JSON-able state to store with each save (comes back as Checkpoint.state). */
  state?: () => Json;
}

const OPTIONS = ['filepath', 'monitor', 'saveBestOnly', 'mode', 'verbose', 'initialValueThreshold', 'history', 'state'];

/** Keras `str.format` for the placeholders a checkpoint path uses: {epoch}, {epoch:03d}, {key:.4f}. */
export function formatCheckpointPath(filepath: string, epoch: number, logs: Logs): string {
  return filepath.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, key: string, spec: string | undefined) => {
    const value = key === 'epoch' ? epoch + 1 : logs[key];
    if (value === undefined) {
      throw new MlpError(
        'BAD_ARGUMENT',
        `ModelCheckpoint filepath '${filepath}': no value for ${whole} (known: epoch, ${Object.keys(logs).join(', ')})`,
      );
    }
    const width = /^0?(\d+)d$/.exec(spec ?? (key === 'epoch' ? '02d' : ''));
    if (width) return String(Math.trunc(value)).padStart(Number(width[1]), '0');
    const decimals = /^\.(\d+)f$/.exec(spec ?? '');
    return decimals ? value.toFixed(Number(decimals[1])) : String(value);
  });
}

/** Python's `f"{x:.5f}"`, which prints infinities as inf and -inf. */
function fixed5(x: number): string {
  return Number.isFinite(x) ? x.toFixed(5) : Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly verbose: 0 | 1;
  best: number;
  /** The folder of the last save, or null. */
  lastSaved: string | null = null;
  private readonly history: History;
  private readonly state: (() => Json) | undefined;

  constructor(options: ModelCheckpointOptions) {
    super();
    check(
      typeof options === 'object' && options !== null,
      'ModelCheckpoint takes an options object {filepath, monitor, saveBestOnly, mode, verbose}',
    );
    for (const key of Object.keys(options))
      check(OPTIONS.includes(key), `ModelCheckpoint: unknown option '${key}' (valid: ${OPTIONS.join(', ')})`);
    check(
      typeof options.filepath === 'string' && options.filepath !== '',
      'ModelCheckpoint: filepath must be a folder path, e.g. "runs/ckpt-{epoch}"',
    );
    this.filepath = options.filepath;
    this.monitor = options.monitor ?? 'val_loss';
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.verbose = options.verbose ?? 0;
    check(this.verbose === 0 || this.verbose === 1, `ModelCheckpoint: verbose must be 0 or 1, got ${String(options.verbose)}`);
    this.mode = resolveMode(options.mode ?? 'auto', this.monitor);
    const threshold = options.initialValueThreshold;
    check(
      threshold === undefined || Number.isFinite(threshold),
      `ModelCheckpoint: initialValueThreshold must be a finite number, got ${String(threshold)}`,
    );
    this.best = threshold ?? (this.mode === 'min' ? Infinity : -Infinity);
    this.history = options.history ? historyFromJSON(historyToJSON(options.history)) : new History();
    this.state = options.state;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    this.history.onEpochEnd(epoch, logs);
    const filepath = formatCheckpointPath(this.filepath, epoch, logs);
    if (!this.shouldSave(epoch, logs, filepath)) return;
    saveModel(this.model, filepath, { epoch: epoch + 1, history: this.history, ...(this.state ? { state: this.state() } : {}) });
    this.lastSaved = filepath;
    if (this.verbose > 0) this.print(`Epoch ${epoch + 1}: finished saving model to ${filepath}`);
  }

  private shouldSave(epoch: number, logs: Logs, filepath: string): boolean {
    if (!this.saveBestOnly) {
      if (this.verbose > 0) this.print(`Epoch ${epoch + 1}: saving model to ${filepath}`);
      return true;
    }
    const current = logs[this.monitor];
    if (current === undefined) {
      // Keras warns and saves anyway.
      this.print(
        `ModelCheckpoint: can save best model only with ${this.monitor} available (logs have ${Object.keys(logs).join(', ')}); saving`,
      );
      return true;
    }
    const improved = this.mode === 'min' ? current < this.best : current > this.best;
    if (!improved) {
      if (this.verbose > 0) this.print(`Epoch ${epoch + 1}: ${this.monitor} did not improve from ${fixed5(this.best)}`);
      return false;
    }
    if (this.verbose > 0)
      this.print(
        `Epoch ${epoch + 1}: ${this.monitor} improved from ${fixed5(this.best)} to ${fixed5(current)}, saving model to ${filepath}`,
      );
    this.best = current;
    return true;
  }
}

function resolveMode(mode: CheckpointMode, monitor: string): 'min' | 'max' {
  check(['auto', 'min', 'max'].includes(mode), `ModelCheckpoint: mode must be 'auto', 'min' or 'max', got ${String(mode)}`);
  if (mode !== 'auto') return mode;
  const metric = monitor.replace(/^val_/, '');
  const directions: Record<string, 'min' | 'max'> = { loss: 'min', accuracy: 'max', acc: 'max' };
  const direction = directions[metric];
  check(
    direction !== undefined,
    `ModelCheckpoint: cannot tell whether '${monitor}' should go up or down: pass mode 'min' or 'max' (auto knows loss and accuracy)`,
  );
  return direction;
}
