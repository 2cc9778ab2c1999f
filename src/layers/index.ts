/**
 * Layers and the registry from Keras class names to constructors (model.json, cloneModel).
 */
import { MlpError } from '../tensor/errors';
import { Activation, LeakyReLU } from './activation';
import { Dense } from './dense';
import { Dropout } from './dropout';
import type { Layer } from './layer';
import { PReLU } from './prelu';
import { Flatten, Reshape } from './reshape';

export * from './activations';
export * from './initializers';
export * from './regularizers';
export * from './layer';
export { Activation, LeakyReLU, Dense, Dropout, PReLU, Flatten, Reshape };

type LayerFactory = (config: Record<string, unknown>) => Layer;

const layerRegistry: Record<string, LayerFactory> = {
  Dense: (c) => new Dense(c as unknown as ConstructorParameters<typeof Dense>[0]),
  Activation: (c) => new Activation(c as unknown as ConstructorParameters<typeof Activation>[0]),
  LeakyReLU: (c) => new LeakyReLU(c),
  PReLU: (c) => new PReLU(c),
  Dropout: (c) => new Dropout(c as unknown as ConstructorParameters<typeof Dropout>[0]),
  Flatten: (c) => new Flatten(c),
  Reshape: (c) => new Reshape(c as unknown as ConstructorParameters<typeof Reshape>[0]),
};

export const layerClassNames = Object.keys(layerRegistry);

/** Rebuilds a layer (fresh, unbuilt) from its class name and config. */
export function layerFromConfig(className: string, config: Record<string, unknown>): Layer {
  const factory = layerRegistry[className];
  if (!factory) {
    throw new MlpError('BAD_CONFIG', `unknown layer type '${className}': valid layer types are ${layerClassNames.join(', ')}`);
  }
  return factory(config);
}
