/**
 * `cloneModel(model)`: the same architecture with fresh weights and no optimizer (Keras
 * `clone_model`, which the lecture uses to compare optimizers on one network shape).
 */
import { layerFromConfig } from '../layers';
import { Sequential, type SequentialArgs } from './sequential';

export function cloneModel(model: Sequential, args: SequentialArgs = {}): Sequential {
  const layers = model.layers.map((l) => {
    const { name: _name, ...config } = l.getConfig();
    return layerFromConfig(l.className, { ...config, name: l.name });
  });
  // Keras clone_model re-initialises: each clone gets a new seed derived from the model's.
  const seed = args.seed ?? (model.seed + 7919 * ++model.cloneCount) % 2147483647;
  const clone = new Sequential(layers, { seed, dtype: args.dtype ?? model.dtype, name: args.name ?? model.name });
  if (model.built) clone.build(model.inputShape!);
  return clone;
}
