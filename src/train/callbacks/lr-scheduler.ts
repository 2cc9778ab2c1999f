/**
 * LearningRateScheduler (Keras 3 `keras/src/callbacks/learning_rate_scheduler.py`):
 *   at the start of epoch e:  lr ← schedule(e, lr)        e 0-based, lr the optimizer's base lr
 * The new lr is used by every step of the epoch (a legacy `decay` still divides it per step).
 */
import { MlpError, isFiniteNumber } from '../../tensor/errors';
import { Callback, type Logs } from './callback';

export type EpochSchedule = (epoch: number, lr: number) => number;

export class LearningRateScheduler extends Callback {
  constructor(
    readonly schedule: EpochSchedule,
    readonly verbose: 0 | 1 = 0,
  ) {
    super();
    if (typeof schedule !== 'function') {
      throw new MlpError('BAD_ARGUMENT', 'LearningRateScheduler: schedule must be a function (epoch, lr) => new lr');
    }
  }

  override onEpochBegin(epoch: number, _logs?: Logs): void {
    const optimizer = this.model.optimizer;
    if (!optimizer) throw new MlpError('NOT_BUILT', 'LearningRateScheduler: compile() the model with an optimizer first');
    const lr = this.schedule(epoch, optimizer.learningRate);
    if (!isFiniteNumber(lr) || lr < 0) {
      throw new MlpError(
        'BAD_ARGUMENT',
        `LearningRateScheduler: schedule(${epoch}, ${optimizer.learningRate}) returned ${String(lr)}; it must return a number >= 0`,
      );
    }
    optimizer.learningRate = lr;
    if (this.verbose > 0) this.print(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }
}
