/**
 * AdamW (Loshchilov & Hutter 2019; Keras 3 `keras/src/optimizers/adamw.py`): Adam (adam.ts) with
 * decoupled weight decay switched on, which the base class (optimizer.ts) applies before the step:
 *
 *   θ ← θ − lr·weightDecay·θ
 *   then the Adam update of adam.ts, with the unmodified g
 *
 * The decay is scaled by the current lr, as in Keras 3 and torch.optim.AdamW (θ·(1 − lr·wd)), not
 * by the paper's separate schedule multiplier. Default weightDecay: Keras 0.004, PyTorch 0.01.
 * Weight decay here is not L2 regularisation: Adam's 1/√v scaling does not touch it.
 */
import { Adam, type AdamOptions } from './adam';

export class AdamW extends Adam {
  override readonly className = 'AdamW';

  constructor(options: AdamOptions = {}) {
    super({ ...options, weightDecay: options.weightDecay ?? 0.004 }, 'AdamW');
  }
}
