/**
 * loadCheckpoint(dir) / loadModel(dir): a model folder back into a Sequential.
 *
 * With our side file (model.json → userDefinedMetadata.mlp.sideFile) everything comes back so that
 * `fit(…, {initialEpoch: checkpoint.epoch})` continues where the save stopped: exact layer configs,
 * seed, dtype, weights, loss, optimizer (config, iterations, slots), every Rng stream, the history.
 * Without it (a model.json from TF.js `model.save` or tensorflowjs_converter): architecture and
 * weights only, uncompiled.
 *
 * Order of checks — nothing is allocated for weights until all of them pass:
 *   model.json parses → its topology maps to our layers (shapes followed, sizes bounded) →
 *   the manifest lists exactly those weights with those shapes, as float32 →
 *   the side file parses and describes the same layers → every file has the byte length the
 *   manifest / side file say (stat) → checksums → build, set weights, compile, restore state.
 * Any failure is an MlpError 'NOT_FOUND' or 'BAD_FILE' naming the file and what is wrong.
 * Loading never writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { layerFromConfig, type Layer } from '../../layers';
import { MlpError } from '../../tensor/errors';
import type { History } from '../history';
import { Sequential } from '../sequential';
import { MODEL_JSON } from './save';
import { badFile, checkShape, isObject, type Json } from './keras-values';
import { decodeSlots, historyFromJSON, parseSideFile, sha256, type SideFile } from './side-file';
import { topologyFromKeras, topologyToKeras } from './topology';
import { libraryVersion } from './version';
import { checkLocalName, checkManifestMatches, readExactly, readManifest, readWeights } from './weights';

/** model.json is text describing layers; beyond this it is not one. */
const MAX_MODEL_JSON_BYTES = 64 * 2 ** 20;

export interface Checkpoint {
  model: Sequential;
  /** Completed epochs: pass as fit's initialEpoch to resume (0 without a side file). */
  epoch: number;
  /** The run's History so far; pass it in fit's callbacks to keep appending to it. */
  history: History;
  /** The free-form `state` given to saveModel, or null. */
  state: Json | null;
  /** model.json's generatedBy ('mlp 0.1.0', 'TensorFlow.js tfjs-layers v4.22.0', …). */
  generatedBy: string | null;
  /** False for a plain TF.js/Keras model.json: weights only, not compiled. */
  resumable: boolean;
  /** What a foreign model.json held that we read approximately (initialisers we cannot name). */
  notes: string[];
}

function readText(file: string, what: string): string {
  let bytes: number;
  try {
    bytes = fs.statSync(file).size;
  } catch {
    throw new MlpError('NOT_FOUND', `${file}: missing (${what})`);
  }
  if (bytes > MAX_MODEL_JSON_BYTES) badFile(file, `${bytes} bytes: too large for a model description (limit ${MAX_MODEL_JSON_BYTES})`);
  return fs.readFileSync(file, 'utf8');
}

function parseJson(file: string, text: string): Json {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    badFile(file, `not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(raw)) badFile(file, 'must hold a JSON object {format, modelTopology, weightsManifest}');
  return raw;
}

/** The folder and its model.json, from a folder path or the path of the model.json itself. */
function locate(target: string): { dir: string; file: string } {
  if (!fs.existsSync(target)) throw new MlpError('NOT_FOUND', `no saved model at '${target}': no such folder`);
  if (fs.statSync(target).isDirectory()) return { dir: target, file: path.join(target, MODEL_JSON) };
  return { dir: path.dirname(target), file: target };
}

function unwrap(topology: unknown): unknown {
  return isObject(topology) && isObject(topology.model_config) ? topology.model_config : topology;
}

/** Layers rebuilt from the side file, after checking they are the layers model.json describes. */
function sideLayers(sideFile: string, side: SideFile, modelFile: string, topology: unknown): Layer[] {
  const layers = side.model.layers.map((l, i) => {
    try {
      return layerFromConfig(l.className, l.config);
    } catch (e) {
      return badFile(sideFile, `model.layers[${i}]: ${(e as Error).message}`);
    }
  });
  const inputShape = checkShape(sideFile, 'model.inputShape', side.model.inputShape);
  const expected = topologyToKeras(side.model.name, layers, inputShape, '') as { config: unknown };
  const actual = unwrap(topology);
  const diff = firstDifference(isObject(actual) ? actual.config : actual, expected.config, 'modelTopology.config');
  if (diff) badFile(sideFile, `does not describe the model in ${modelFile} (${diff}): the two files come from different saves`);
  return layers;
}

export function loadCheckpoint(target: string): Checkpoint {
  const { dir, file } = locate(target);
  const json = parseJson(file, readText(file, `the model folder '${dir}' has no ${MODEL_JSON}`));
  if (json.format !== undefined && json.format !== 'layers-model') {
    badFile(
      file,
      `format ${JSON.stringify(json.format)}: only TF.js 'layers-model' files can be loaded (a graph-model has no layers to train)`,
    );
  }
  if (json.modelTopology === undefined) badFile(file, 'has no modelTopology');
  const imported = topologyFromKeras(json.modelTopology, file);
  const groups = readManifest(file, json.weightsManifest);
  checkManifestMatches(file, groups, imported.weights);

  const meta = isObject(json.userDefinedMetadata) && isObject(json.userDefinedMetadata.mlp) ? json.userDefinedMetadata.mlp : null;
  let side: SideFile | null = null;
  let sideFile = '';
  if (meta) {
    sideFile = path.join(dir, checkLocalName(file, 'userDefinedMetadata.mlp.sideFile', meta.sideFile));
    side = parseSideFile(
      sideFile,
      readText(
        sideFile,
        `${file} refers to it; copy the whole folder, or delete userDefinedMetadata from model.json to load the weights only`,
      ),
      libraryVersion(),
    );
    const paths = groups.flatMap((g) => g.paths);
    if (paths.length !== 1 || paths[0] !== side.files.weights.path) {
      badFile(
        sideFile,
        `records weights file '${side.files.weights.path}' but ${file} lists ${JSON.stringify(paths)}: the two files come from different saves`,
      );
    }
  }
  const layers = side ? sideLayers(sideFile, side, file, json.modelTopology) : imported.layers;
  const optimizerBytes = side?.files.optimizer ? readExactly(dir, side.files.optimizer.path, side.files.optimizer.bytes, sideFile) : null;
  const { values, bytes } = readWeights(dir, groups);
  if (side && sha256(bytes[0]) !== side.files.weights.sha256) {
    badFile(
      path.join(dir, side.files.weights.path),
      `its checksum differs from the one ${sideFile} records: the file was changed or damaged after the save`,
    );
  }
  if (side?.files.optimizer && optimizerBytes && sha256(optimizerBytes) !== side.files.optimizer.sha256) {
    badFile(
      path.join(dir, side.files.optimizer.path),
      `its checksum differs from the one ${sideFile} records: the file was changed or damaged after the save`,
    );
  }

  const model = side
    ? new Sequential(layers, { name: side.model.name, seed: side.model.seed, dtype: side.model.dtype as 'float32' | 'float64' })
    : new Sequential(layers, { name: imported.name });
  model.build(side ? side.model.inputShape : imported.inputShape);
  for (const p of model.params()) p.value.set(values.get(p.name)!);
  if (side) restoreTraining(model, side, sideFile, optimizerBytes);
  return {
    model,
    epoch: side?.training.epoch ?? 0,
    history: historyFromJSON(side?.training.history ?? null),
    state: side?.training.state ?? null,
    generatedBy: typeof json.generatedBy === 'string' ? json.generatedBy : null,
    resumable: side !== null,
    notes: side ? [] : imported.notes,
  };
}

/** Loss, optimizer (with its slots) and Rng streams from the side file. */
function restoreTraining(model: Sequential, side: SideFile, sideFile: string, optimizerBytes: Buffer | null): void {
  const withRngs = model.layers.filter((l) => (l as { rng?: unknown }).rng).map((l) => l.name);
  const saved = Object.keys(side.random.layers);
  if (saved.length !== withRngs.length || !withRngs.every((n) => saved.includes(n))) {
    badFile(sideFile, `random.layers has Rng states for [${saved.join(', ')}] but the layers with an Rng are [${withRngs.join(', ')}]`);
  }
  model.setRandomState(side.random);
  if (!side.compile || !side.optimizer) {
    if (side.compile || side.optimizer) badFile(sideFile, 'compile (loss) and optimizer must both be present or both be null');
    return;
  }
  const { compile, optimizer } = side;
  try {
    model.compile({
      loss: compile.loss,
      metrics: compile.metrics,
      optimizer: { className: optimizer.className, config: optimizer.config },
    });
    const slots = decodeSlots(sideFile, optimizer.slots, optimizerBytes!, model.params());
    model.optimizer!.setState({ iterations: optimizer.iterations, slots, extra: optimizer.extra ?? {} });
  } catch (e) {
    if (e instanceof MlpError && e.code !== 'BAD_FILE') badFile(sideFile, `compile/optimizer: ${e.message}`);
    throw e;
  }
}

/** Where two JSON values first differ, as 'path: a vs b', or null when they are equal (key order ignored). */
function firstDifference(a: unknown, b: unknown, at: string): string | null {
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[key], b[key], `${at}.${key}`);
      if (d) return d;
    }
    return null;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at} has ${a.length} entries in model.json, ${b.length} in the side file`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${at} is ${JSON.stringify(a)} in model.json, ${JSON.stringify(b)} in the side file`;
}

export function loadModel(target: string): Sequential {
  return loadCheckpoint(target).model;
}
