/**
 * The `modelTopology` of model.json for a Sequential stack, both ways.
 *
 * Written as tfjs-layers 4.x writes it (`model.save()`), which `tf.loadLayersModel` and the
 * tensorflowjs_converter (→ Keras .h5) read:
 *   {class_name: 'Sequential', config: {name, layers: [{class_name, config: {…, name, trainable}}]},
 *    keras_version, backend}
 * with the input shape on the first layer as `batch_input_shape: [null, …inputShape]`.
 * Read back: the same, plus what Keras-converted files add — a `model_config` wrapper, an
 * `InputLayer` first, Keras 3's `batch_shape`, and the Keras 2.0 form where `config` is the list
 * of layers. Layers are created unbuilt and shapes are followed through them, so the weight shapes
 * a file implies are known (and bounded) before any weight is allocated.
 */
import { layerFromConfig, type Layer } from '../../layers';
import { MlpError } from '../../tensor/errors';
import { layerFromKeras, layerToKeras, layerWeightShapes, type WeightShape } from './keras-layers';
import { MAX_WEIGHTS, badFile, checkShape, isObject, type Json, type KerasObject } from './keras-values';

export interface ImportedTopology {
  name: string;
  inputShape: number[];
  layers: Layer[];
  /** Every weight the layers will own, in Keras order. */
  weights: WeightShape[];
  /** Values read approximately (an initialiser we have no equivalent for). */
  notes: string[];
}

/** Follows the per-example shape through `layers`, calling `visit` with each layer's input shape. */
function walk(layers: Layer[], inputShape: number[], visit: (layer: Layer, shape: number[]) => void): void {
  let shape = inputShape;
  for (const layer of layers) {
    visit(layer, shape);
    shape = layer.computeOutputShape(shape);
  }
}

export function topologyToKeras(name: string, layers: Layer[], inputShape: number[], generator: string): Json {
  const out: KerasObject[] = [];
  walk(layers, inputShape, (layer, shape) => out.push(...layerToKeras(layer, shape)));
  const names = new Set<string>();
  for (const l of out) {
    const n = l.config.name as string;
    if (names.has(n)) throw new MlpError('BAD_CONFIG', `cannot save: two layers would both be named '${n}' in model.json; rename one`);
    names.add(n);
  }
  out[0] = { class_name: out[0].class_name, config: { ...out[0].config, batch_input_shape: [null, ...inputShape], dtype: 'float32' } };
  return { class_name: 'Sequential', config: { name, layers: out }, keras_version: generator, backend: 'tensor_flow.js' };
}

/** Names and shapes of every weight of `layers`, in Keras order. */
export function weightShapes(layers: Layer[], inputShape: number[]): WeightShape[] {
  const out: WeightShape[] = [];
  walk(layers, inputShape, (layer, shape) => out.push(...layerWeightShapes(layer, shape)));
  return out;
}

/** Our MlpErrors about a value read from a file become BAD_FILE naming the file and place. */
function asBadFile<T>(file: string, where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MlpError && e.code !== 'BAD_FILE') badFile(file, `${where}: ${e.message}`);
    throw e;
  }
}

function inputShapeOf(file: string, where: string, declared: unknown): number[] {
  if (!Array.isArray(declared) || declared[0] !== null) {
    badFile(file, `${where}: batch_input_shape must be [null, …per-example shape], got ${JSON.stringify(declared)}`);
  }
  return checkShape(file, `${where}: batch_input_shape`, declared.slice(1));
}

export function topologyFromKeras(topology: unknown, file: string): ImportedTopology {
  let topo = topology;
  if (isObject(topo) && isObject(topo.model_config)) topo = topo.model_config;
  if (!isObject(topo) || topo.class_name !== 'Sequential') {
    badFile(
      file,
      `modelTopology must describe a Sequential model (class_name 'Sequential'), got ${JSON.stringify(isObject(topo) ? topo.class_name : topo)}`,
    );
  }
  const config = topo.config;
  const raw = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(raw)) badFile(file, 'modelTopology.config.layers must be a list of layers');
  const name = isObject(config) && typeof config.name === 'string' ? config.name : 'sequential';

  let inputShape: number[] | null = null;
  let shape: number[] = [];
  let total = 0;
  const layers: Layer[] = [];
  const weights: WeightShape[] = [];
  const names = new Set<string>();
  const notes: string[] = [];
  raw.forEach((entry: unknown, i: number) => {
    let where = `modelTopology layer ${i}`;
    if (!isObject(entry) || typeof entry.class_name !== 'string' || !isObject(entry.config)) {
      badFile(file, `${where} must be {class_name, config}, got ${JSON.stringify(entry)}`);
    }
    const c = entry.config;
    const layerName = c.name;
    where += typeof layerName === 'string' ? ` ('${layerName}')` : '';
    const declared = c.batch_input_shape ?? c.batch_shape;
    if (inputShape === null && declared != null) shape = inputShape = inputShapeOf(file, where, declared);
    if (entry.class_name === 'InputLayer') {
      if (i !== 0) badFile(file, `${where}: an InputLayer may only come first`);
      return;
    }
    if (inputShape === null)
      badFile(file, `${where}: the input shape is missing: the first layer needs batch_input_shape (or an InputLayer before it)`);
    if (typeof layerName !== 'string' || layerName === '' || names.has(layerName)) {
      badFile(file, `${where}: every layer needs a unique, non-empty name, got ${JSON.stringify(layerName)}`);
    }
    names.add(layerName);
    const ours = layerFromKeras(entry.class_name, c, { file, where, inputShape: shape, notes });
    const first = layers.length === 0 ? { inputShape } : {};
    const layer = asBadFile(file, where, () => layerFromConfig(entry.class_name as string, { ...ours, name: layerName, ...first }));
    for (const w of layerWeightShapes(layer, shape)) {
      total += checkShape(file, `${where}: weight ${w.name}`, w.shape).reduce((a, b) => a * b, 1);
      if (total > MAX_WEIGHTS) badFile(file, `the layers need more than ${MAX_WEIGHTS} weights (the limit) by ${where}`);
      weights.push(w);
    }
    shape = asBadFile(file, where, () => layer.computeOutputShape(shape));
    layers.push(layer);
  });
  if (layers.length === 0 || inputShape === null) badFile(file, 'modelTopology has no layers');
  return { name, inputShape, layers, weights, notes };
}
