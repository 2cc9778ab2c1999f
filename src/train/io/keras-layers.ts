/**
 * Each of our layer kinds and its Keras/TF.js layer config, both ways, one entry per kind:
 *
 *   toKeras(layer, inputShape)  → the Keras layer(s) computing the same function (snake_case config)
 *   fromKeras(config, ctx)      → our {className, config} (camelCase, as layerFromConfig takes it)
 *   weights(layer, inputShape)  → names and shapes of the layer's weights, in Keras order, computed
 *                                 without allocating them (so a file declaring absurd sizes is
 *                                 rejected before any memory is taken)
 *
 * Two mappings are not one-to-one, because TF.js would refuse the direct one:
 *   - TF.js has no 'leaky_relu' activation string, so a Dense with activation leaky_relu is written
 *     as Dense(linear) followed by a LeakyReLU layer named `<dense name>_leaky_re_lu`;
 *   - TF.js's Flatten wants at least 2 axes per example, so a Flatten of a flat input (a no-op) is
 *     written as Reshape([n]) with the same name.
 * Same function, same weights; our own side file keeps the exact layers.
 */
import type { Activation, Dense, Dropout, Layer, PReLU, Reshape } from '../../layers';
import { shapeSize } from '../../tensor/tensor';
import {
  badFile,
  checkShape,
  initializerFromKeras,
  initializerToKeras,
  isObject,
  regularizerFromKeras,
  regularizerToKeras,
  type Json,
  type KerasObject,
} from './keras-values';

export interface ImportContext {
  file: string;
  /** e.g. "layer 2 ('dense_1')", for messages. */
  where: string;
  /** Per-example shape entering the layer. */
  inputShape: number[];
  /** What was read approximately, for the caller to report (Checkpoint.notes). */
  notes: string[];
}

export interface WeightShape {
  name: string;
  shape: number[];
}

interface LayerCodec {
  toKeras(layer: Layer, inputShape: number[]): KerasObject[];
  fromKeras(c: Json, ctx: ImportContext): Json;
  weights?(layer: Layer, inputShape: number[]): WeightShape[];
}

/** Training-only options we do not have (constraints, …): noted, not applied; predictions are unaffected. */
function ignoreSet(c: Json, keys: string[], ctx: ImportContext): void {
  for (const key of keys) {
    if (c[key] != null)
      ctx.notes.push(`${ctx.where}: ${key} ${JSON.stringify(c[key])} is ignored (not supported here; training will not apply it)`);
  }
}

/** A Dense initialiser; one we cannot name becomes the Keras default, with a note. */
function initializer(c: Json, key: string, fallback: string, ctx: ImportContext): string {
  const spec = c[key] ?? fallback;
  const name = initializerFromKeras(spec, ctx.inputShape[0]);
  if (name !== null) return name;
  ctx.notes.push(
    `${ctx.where}: ${key} ${JSON.stringify(spec)} has no equivalent here; recorded as ${fallback} (it only matters if the model is re-initialised)`,
  );
  return fallback;
}

function base(layer: Layer, config: Json): Json {
  return { ...config, name: layer.name, trainable: true };
}

function leakyReluLayer(name: string, alpha: number): KerasObject {
  return { class_name: 'LeakyReLU', config: { alpha, name, trainable: true } };
}

const codecs: Record<string, LayerCodec> = {
  Dense: {
    toKeras(layer, inputShape) {
      const d = layer as Dense;
      const leaky = d.activation.name === 'leaky_relu';
      const dense: KerasObject = {
        class_name: 'Dense',
        config: base(d, {
          units: d.units,
          activation: leaky ? 'linear' : d.activation.name,
          use_bias: d.useBias,
          kernel_initializer: initializerToKeras(d.kernelInitializer, inputShape[0]),
          bias_initializer: initializerToKeras(d.biasInitializer, inputShape[0]),
          kernel_regularizer: regularizerToKeras(d.kernelRegularizer),
          bias_regularizer: regularizerToKeras(d.biasRegularizer),
          activity_regularizer: null,
          kernel_constraint: null,
          bias_constraint: null,
        }),
      };
      return leaky ? [dense, leakyReluLayer(`${d.name}_leaky_re_lu`, d.alpha)] : [dense];
    },
    fromKeras(c, ctx) {
      ignoreSet(c, ['activity_regularizer', 'kernel_constraint', 'bias_constraint'], ctx);
      const activation = c.activation ?? 'linear';
      if (typeof activation !== 'string') badFile(ctx.file, `${ctx.where}: activation must be a name, got ${JSON.stringify(activation)}`);
      return {
        units: c.units,
        activation,
        useBias: c.use_bias ?? true,
        kernelInitializer: initializer(c, 'kernel_initializer', 'glorot_uniform', ctx),
        biasInitializer: initializer(c, 'bias_initializer', 'zeros', ctx),
        kernelRegularizer: regularizerFromKeras(ctx.file, `${ctx.where}: kernel_regularizer`, c.kernel_regularizer),
        biasRegularizer: regularizerFromKeras(ctx.file, `${ctx.where}: bias_regularizer`, c.bias_regularizer),
        // Keras 3's 'leaky_relu' activation string has negative_slope 0.2.
        ...(activation === 'leaky_relu' ? { alpha: 0.2 } : {}),
      };
    },
    weights(layer, inputShape) {
      const d = layer as Dense;
      const kernel = { name: `${d.name}/kernel`, shape: [inputShape[0], d.units] };
      return d.useBias ? [kernel, { name: `${d.name}/bias`, shape: [d.units] }] : [kernel];
    },
  },
  Activation: {
    toKeras(layer) {
      const a = layer as Activation;
      // Activation('leaky_relu') as a layer has slope 0 (LeakyReLU is the layer with a slope).
      if (a.activation.name === 'leaky_relu') return [leakyReluLayer(a.name, (a as unknown as { alpha: number }).alpha)];
      return [{ class_name: 'Activation', config: base(a, { activation: a.activation.name }) }];
    },
    fromKeras: (c) => ({ activation: c.activation }),
  },
  LeakyReLU: {
    toKeras: (layer) => [leakyReluLayer(layer.name, (layer as unknown as { alpha: number }).alpha)],
    // TF.js and Keras 2 say alpha (default 0.3); Keras 3 says negative_slope.
    fromKeras: (c) => ({ alpha: c.alpha ?? c.negative_slope ?? 0.3 }),
  },
  PReLU: {
    toKeras(layer) {
      const value = (layer as PReLU).alphaInitializer;
      const init = value === 0 ? { class_name: 'Zeros', config: {} } : { class_name: 'Constant', config: { value } };
      return [
        {
          class_name: 'PReLU',
          config: base(layer, { alpha_initializer: init, alpha_regularizer: null, alpha_constraint: null, shared_axes: null }),
        },
      ];
    },
    fromKeras(c, ctx) {
      ignoreSet(c, ['alpha_regularizer', 'alpha_constraint'], ctx);
      // Shared axes change the shape of alpha, hence the predictions: refuse rather than misread.
      if (c.shared_axes != null)
        badFile(ctx.file, `${ctx.where}: shared_axes ${JSON.stringify(c.shared_axes)} is not supported (one alpha per unit only)`);
      const init = c.alpha_initializer ?? { class_name: 'Zeros' };
      const cls = isObject(init) ? init.class_name : init;
      const values: Record<string, number | undefined> = {
        Zeros: 0,
        zeros: 0,
        Ones: 1,
        ones: 1,
        Constant: isObject(init) && isObject(init.config) ? (init.config.value as number) : undefined,
      };
      const value = values[String(cls)];
      if (value === undefined)
        badFile(ctx.file, `${ctx.where}: alpha_initializer ${JSON.stringify(init)} is not supported (Zeros, Ones or Constant)`);
      return { alphaInitializer: value };
    },
    weights: (layer, inputShape) => [{ name: `${layer.name}/alpha`, shape: [...inputShape] }],
  },
  Dropout: {
    toKeras: (layer) => [{ class_name: 'Dropout', config: base(layer, { rate: (layer as Dropout).rate, noise_shape: null, seed: null }) }],
    fromKeras(c, ctx) {
      ignoreSet(c, ['noise_shape'], ctx);
      return { rate: c.rate };
    },
  },
  Flatten: {
    toKeras: (layer, inputShape) =>
      inputShape.length === 1
        ? [{ class_name: 'Reshape', config: base(layer, { target_shape: [...inputShape] }) }]
        : [{ class_name: 'Flatten', config: base(layer, {}) }],
    fromKeras: () => ({}),
  },
  Reshape: {
    toKeras: (layer) => [{ class_name: 'Reshape', config: base(layer, { target_shape: [...(layer as Reshape).targetShape] }) }],
    fromKeras(c, ctx) {
      const target = c.target_shape;
      if (!Array.isArray(target) || target.filter((d) => d === -1).length > 1) {
        badFile(ctx.file, `${ctx.where}: target_shape must be a list of positive integers (one may be -1), got ${JSON.stringify(target)}`);
      }
      // Keras lets one dimension be -1: whatever makes the sizes agree.
      const known = shapeSize(target.filter((d) => d !== -1) as number[]);
      const resolved = target.map((d) => (d === -1 ? shapeSize(ctx.inputShape) / known : d));
      return { targetShape: checkShape(ctx.file, `${ctx.where}: target_shape`, resolved) };
    },
  },
};

export const kerasLayerNames = Object.keys(codecs);

function codecFor(className: string): LayerCodec | undefined {
  return Object.prototype.hasOwnProperty.call(codecs, className) ? codecs[className] : undefined;
}

export function layerToKeras(layer: Layer, inputShape: number[]): KerasObject[] {
  return codecFor(layer.className)!.toKeras(layer, inputShape);
}

export function layerFromKeras(className: string, config: Json, ctx: ImportContext): Json {
  const codec = codecFor(className);
  if (!codec) badFile(ctx.file, `${ctx.where}: unknown layer type '${className}': valid layer types are ${kerasLayerNames.join(', ')}`);
  return codec.fromKeras(config, ctx);
}

export function layerWeightShapes(layer: Layer, inputShape: number[]): WeightShape[] {
  return codecFor(layer.className)?.weights?.(layer, inputShape) ?? [];
}
