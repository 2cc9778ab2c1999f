/**
 * ReduceLROnPlateau (Keras 3 `keras/src/callbacks/reduce_lr_on_plateau.py`): at each epoch end,
 *   lr ← PlateauReducer.update(logs[monitor], lr)
 * where the reducer (src/optim/plateau.ts) holds the arithmetic: after `patience` epochs without an
 * improvement larger than minDelta, lr ← max(lr·factor, minLr), then `cooldown` epochs of rest.
 * The reducer is reset at the start of every fit, as Keras does.
 */
import { MlpError } from '../../tensor/errors';
import { PlateauReducer, type PlateauOptions } from '../../optim/plateau';
import { Callback, type Logs } from './callback';

export interface ReduceLROnPlateauOptions extends PlateauOptions {
  /** 1 prints each reduction. Default 0. */
  verbose?: 0 | 1;
}

export class ReduceLROnPlateau extends Callback {
  readonly reducer: PlateauReducer;
  readonly verbose: number;
  private warned = false;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    const { verbose, ...plateau } = options;
    this.verbose = verbose ?? 0;
    this.reducer = new PlateauReducer(plateau);
  }

  override onTrainBegin(_logs?: Logs): void {
    this.reducer.reset();
    this.warned = false;
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    const optimizer = this.model.optimizer;
    if (!optimizer) throw new MlpError('NOT_BUILT', 'ReduceLROnPlateau: compile() the model with an optimizer first');
    const current = logs[this.reducer.monitor];
    if (current === undefined) {
      if (!this.warned)
        this.print(
          `ReduceLROnPlateau: the monitored '${this.reducer.monitor}' is not in the logs (available: ${Object.keys(logs).join(', ')})`,
        );
      this.warned = true;
      return;
    }
    const lr = optimizer.learningRate;
    const newLr = this.reducer.update(current, lr);
    if (newLr === lr) return;
    optimizer.learningRate = newLr;
    if (this.verbose > 0) this.print(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
  }
}
