/**
 * The arithmetic of ReduceLROnPlateau (Keras 3 `keras/src/callbacks/reduce_lr_on_plateau.py`);
 * the callback that feeds it each epoch's logs lives in src/train.
 *
 * Once per epoch, with `current` the monitored value and `lr` the optimizer's learning rate:
 *   if cooldownCounter > 0:  cooldownCounter ← cooldownCounter − 1;  wait ← 0
 *   improved = current < best − minDelta     (mode 'min')
 *            = current > best + minDelta     (mode 'max')
 *   if improved:             best ← current;  wait ← 0
 *   else if cooldownCounter = 0:
 *     wait ← wait + 1
 *     if wait ≥ patience and lr > minLr:
 *       lr ← max(lr·factor, minLr);  cooldownCounter ← cooldown;  wait ← 0
 *
 * mode 'auto' means 'max' when the monitor's name contains "acc", else 'min' (Keras's rule).
 * best starts at +∞ ('min') or −∞ ('max'). A NaN value never counts as an improvement.
 */
import { check } from '../tensor/errors';
import { NON_NEGATIVE, UNIT_OPEN, choiceOption, countOption, numberOption, rejectUnknown, type Options } from './options';

export type PlateauMode = 'auto' | 'min' | 'max';

export interface PlateauOptions {
  /** Name of the monitored log entry; only used to resolve mode 'auto'. Default 'val_loss'. */
  monitor?: string;
  /** New lr = lr·factor, factor in [0, 1). Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** Lower bound on the lr. Default 0. */
  minLr?: number;
  /** Default 'auto'. */
  mode?: PlateauMode;
}

export interface PlateauState {
  best: number;
  wait: number;
  cooldownCounter: number;
}

const MODES: readonly PlateauMode[] = ['auto', 'min', 'max'];

export class PlateauReducer {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  /** The resolved direction: 'min' or 'max'. */
  readonly mode: 'min' | 'max';
  best = Infinity;
  wait = 0;
  cooldownCounter = 0;

  constructor(options: PlateauOptions = {}) {
    const owner = 'ReduceLROnPlateau';
    const o = options as Options;
    rejectUnknown(owner, o, ['monitor', 'factor', 'patience', 'minDelta', 'cooldown', 'minLr', 'mode']);
    this.monitor = options.monitor ?? 'val_loss';
    check(typeof this.monitor === 'string', `${owner}: monitor must be a string such as 'val_loss'`);
    this.factor = numberOption(owner, o, 'factor', 0.1, UNIT_OPEN);
    this.patience = countOption(owner, o, 'patience', 10);
    this.minDelta = numberOption(owner, o, 'minDelta', 1e-4, NON_NEGATIVE);
    this.cooldown = countOption(owner, o, 'cooldown', 0);
    this.minLr = numberOption(owner, o, 'minLr', 0, NON_NEGATIVE);
    const mode = choiceOption(owner, o, 'mode', MODES);
    this.mode = mode === 'auto' ? (this.monitor.includes('acc') ? 'max' : 'min') : mode;
    this.reset();
  }

  /** Forget the history (Keras does this at the start of every fit). */
  reset(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  /** Takes this epoch's monitored value and the lr in use; returns the lr for the next epoch. */
  update(current: number, lr: number): number {
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improved(current)) {
      this.best = current;
      this.wait = 0;
      return lr;
    }
    if (this.cooldownCounter > 0) return lr;
    this.wait += 1;
    if (this.wait < this.patience || !(lr > this.minLr)) return lr;
    this.cooldownCounter = this.cooldown;
    this.wait = 0;
    return Math.max(lr * this.factor, this.minLr);
  }

  private improved(current: number): boolean {
    return this.mode === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
  }

  getState(): PlateauState {
    return { best: this.best, wait: this.wait, cooldownCounter: this.cooldownCounter };
  }

  setState(state: PlateauState): void {
    this.best = state.best;
    this.wait = state.wait;
    this.cooldownCounter = state.cooldownCounter;
  }
}
