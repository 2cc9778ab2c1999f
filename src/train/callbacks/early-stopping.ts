/**
 * EarlyStopping, exactly as Keras 3 (keras/src/callbacks/early_stopping.py @v3.15; MATH.md §13).
 *
 *   δ = −|minDelta| in mode 'min', +|minDelta| in mode 'max'
 *   improves(v, ref) = ref is unset  or  v − δ < ref ('min')  /  v − δ > ref ('max')
 *   at each epoch end, with v = logs[monitor]:
 *     skip if v is missing or epoch < startFromEpoch
 *     wait ← wait + 1
 *     if improves(v, best):  best ← v;  bestEpoch ← epoch;  keep the weights;
 *                            wait ← 0 only if baseline is unset or improves(v, baseline)
 *     else if wait ≥ patience and epoch > 0:  stop (stoppedEpoch ← epoch)
 *   at train end: print `Epoch {stoppedEpoch+1}: early stopping` (verbose); with restoreBestWeights,
 *   set the best epoch's weights whatever ended training (Keras 2 restored only when it stopped).
 *
 * best starts unset, so the first monitored epoch always improves. mode 'auto' takes the direction
 * of the monitored metric (`val_` stripped): loss goes down, accuracy goes up; other names need an
 * explicit mode (Keras 3 raises the same error). With patience 3 and the best at epoch b, training
 * stops at the end of epoch b + 3: the best epoch is the 4th from last.
 */
import { MlpError, check } from '../../tensor/errors';
import type { Tensor } from '../../tensor/tensor';
import { booleanOption, choiceOption, countOption, numberOption, rejectUnknown, type Options } from '../../optim/options';
import { Callback, type Logs } from './callback';

export type MonitorMode = 'auto' | 'min' | 'max';

export interface EarlyStoppingOptions {
  /** Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement (its sign is ignored). Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** Default 'auto'. */
  mode?: MonitorMode;
  /** A value the monitor must beat for the patience counter to restart. Default none. */
  baseline?: number;
  /** At train end, set the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs (0-based index) before monitoring starts. Default 0. */
  startFromEpoch?: number;
  /** 1 prints the stop and restore messages. Default 0. */
  verbose?: 0 | 1;
}

/** Direction of each metric Keras knows (`_direction` of its metric objects), for mode 'auto'. */
const METRIC_DIRECTION: Record<string, 'min' | 'max'> = { loss: 'min', accuracy: 'max', acc: 'max' };

const MODES: readonly MonitorMode[] = ['auto', 'min', 'max'];

/** 'min' or 'max' for `monitor` under `mode`; used by every callback that watches a metric. */
export function resolveMode(owner: string, monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  const direction = METRIC_DIRECTION[monitor.replace(/^val_/, '')];
  if (direction === undefined) {
    throw new MlpError(
      'BAD_ARGUMENT',
      `${owner}: cannot tell whether '${monitor}' should go up or down; pass mode: 'min' or 'max' (auto knows ${Object.keys(METRIC_DIRECTION).join(', ')} and their val_ forms)`,
    );
  }
  return direction;
}

export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  readonly verbose: number;
  readonly mode: 'min' | 'max';
  /** −|minDelta| ('min') or +|minDelta| ('max'). */
  readonly minDelta: number;
  wait = 0;
  stoppedEpoch = 0;
  best: number | null = null;
  bestEpoch = 0;
  bestWeights: Tensor[] | null = null;
  private warned = false;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const owner = 'EarlyStopping';
    const o = options as Options;
    rejectUnknown(owner, o, ['monitor', 'minDelta', 'patience', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch', 'verbose']);
    this.monitor = options.monitor ?? 'val_loss';
    check(typeof this.monitor === 'string' && this.monitor !== '', `${owner}: monitor must be a log key such as 'val_loss'`);
    this.patience = countOption(owner, o, 'patience', 0);
    this.startFromEpoch = countOption(owner, o, 'startFromEpoch', 0);
    this.verbose = countOption(owner, o, 'verbose', 0);
    this.restoreBestWeights = booleanOption(owner, o, 'restoreBestWeights', false);
    this.baseline =
      options.baseline === undefined ? null : numberOption(owner, o, 'baseline', undefined, { min: -Infinity, max: Infinity });
    this.mode = resolveMode(owner, this.monitor, choiceOption(owner, o, 'mode', MODES));
    const delta = Math.abs(numberOption(owner, o, 'minDelta', 0, { min: -Infinity, max: Infinity }));
    this.minDelta = this.mode === 'min' ? -delta : delta;
  }

  override onTrainBegin(_logs?: Logs): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.bestEpoch = 0;
    this.bestWeights = null;
    this.warned = false;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      this.warnMissing(logs);
      return;
    }
    if (epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = this.model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model.getWeights();
      if (this.baseline === null || this.improves(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(_logs?: Logs): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) this.print(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) this.print(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model.setWeights(this.bestWeights);
    }
  }

  private improves(value: number, reference: number | null): boolean {
    if (reference === null) return true;
    return this.mode === 'min' ? value - this.minDelta < reference : value - this.minDelta > reference;
  }

  /** Keras warns at every epoch; once per fit is enough to be seen. */
  private warnMissing(logs: Logs): void {
    if (this.warned) return;
    this.warned = true;
    this.print(
      `EarlyStopping: the monitored '${this.monitor}' is not in the logs (available: ${Object.keys(logs).join(', ')}); did you pass validationData?`,
    );
  }
}
