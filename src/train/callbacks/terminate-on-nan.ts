/**
 * TerminateOnNaN (Keras 3 `keras/src/callbacks/terminate_on_nan.py`): after a batch whose running
 * loss is NaN or ±Infinity, print `Batch b: Invalid loss, terminating training` and stop.
 * fit's own `onNaN: 'stop'` (the default) already stops and restores the last finite weights; this
 * callback is for `onNaN: 'continue'` runs that should still end at the first bad batch.
 */
import { Callback, type Logs } from './callback';

export class TerminateOnNaN extends Callback {
  override onBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss === undefined || Number.isFinite(loss)) return;
    this.print(`Batch ${batch}: Invalid loss, terminating training`);
    this.model.stopTraining = true;
  }
}
