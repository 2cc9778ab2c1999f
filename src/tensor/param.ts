/**
 * A trainable parameter as the optimizers see it: its values and the gradient of the loss with
 * respect to them, both flat typed arrays of the same length. Layers own the arrays; optimizers
 * update `value` in place from `grad` and keep their own per-parameter state.
 */
import type { FloatArray } from './tensor';

export interface Param {
  /** Unique within a model, e.g. `dense_1/kernel` (Keras naming). */
  name: string;
  shape: number[];
  value: FloatArray;
  grad: FloatArray;
}
