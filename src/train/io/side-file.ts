/**
 * The side file `mlp-<n>.json` (and `optimizer-<n>.bin`): what TF.js's model.json cannot hold and a
 * resumed run needs. model.json points to it (`userDefinedMetadata.mlp.sideFile`); TF.js and Keras
 * ignore it.
 *
 *   model      name, seed, dtype, inputShape and each layer's exact config (our camelCase form)
 *   compile    loss and metrics names
 *   optimizer  className, config, iterations, extra scalars, and one entry {param, slot, dtype,
 *              length} per slot array, whose values are optimizer-<n>.bin (little-endian, in order)
 *   random     the state of every Rng stream (model, dropout layers)
 *   training   epoch (completed epochs = fit's initialEpoch to resume), history, free-form state
 *   files      name, byte length and SHA-256 of weights-<n>.bin and optimizer-<n>.bin
 *
 * Non-finite numbers under `training` (a NaN loss, EarlyStopping's best = Infinity) are written as
 * the strings "NaN", "Infinity", "-Infinity" and read back as numbers.
 */
import { createHash } from 'node:crypto';
import { isFiniteNumber } from '../../tensor/errors';
import type { RngState } from '../../tensor/rng';
import { History, historyToJSON, type HistoryJSON } from '../history';
import type { Sequential } from '../sequential';
import { badFile, isObject, type Json } from './keras-values';
import type { Param } from '../../tensor/param';
import { BYTES, decodeFloats, encodeFloats, type StoredDType } from './weights';

export const SIDE_FORMAT = 'mlp-checkpoint';
export const SIDE_VERSION = 1;

/** What a caller adds to a save so that training can resume. */
export interface SaveExtras {
  /** Epochs completed so far (resume with `fit(…, {initialEpoch: epoch})`). */
  epoch?: number;
  /** The run's History (or its historyToJSON form). */
  history?: History | HistoryJSON;
  /** Anything else JSON-able to get back on load (callback states, a CLI config). */
  state?: Json;
}

export interface FileRecord {
  path: string;
  bytes: number;
  sha256: string;
}

export interface SlotEntry {
  param: string;
  slot: string;
  dtype: StoredDType;
  length: number;
}

export interface SideFile {
  format: string;
  formatVersion: number;
  generatedBy: string;
  files: { weights: FileRecord; optimizer: FileRecord | null };
  model: { name: string; seed: number; dtype: string; inputShape: number[]; layers: { className: string; config: Json }[] };
  compile: { loss: string; metrics: string[] } | null;
  optimizer: { className: string; config: Json; iterations: number; extra: Record<string, number>; slots: SlotEntry[] } | null;
  random: { model: RngState; layers: Record<string, RngState> };
  training: { epoch: number; history: HistoryJSON | null; state: Json | null };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function fileRecord(path: string, bytes: Uint8Array): FileRecord {
  return { path, bytes: bytes.length, sha256: sha256(bytes) };
}

/** The optimizer's slots as one little-endian buffer and the entries describing it. */
export function encodeOptimizer(model: Sequential): { entries: SlotEntry[]; bytes: Buffer } | null {
  if (!model.optimizer) return null;
  const state = model.optimizer.getState();
  const entries: SlotEntry[] = [];
  const arrays: (Float32Array | Float64Array)[] = [];
  for (const [param, record] of Object.entries(state.slots)) {
    for (const [slot, values] of Object.entries(record)) {
      const dtype: StoredDType = values instanceof Float64Array ? 'float64' : 'float32';
      entries.push({ param, slot, dtype, length: values.length });
      arrays.push(values);
    }
  }
  return {
    entries,
    bytes: encodeFloats(
      arrays,
      entries.map((e) => e.dtype),
    ),
  };
}

/** The side file's JSON text (weights and optimizer records filled in by the caller). */
export function sideFileJson(
  model: Sequential,
  extras: SaveExtras,
  generatedBy: string,
  files: SideFile['files'],
  slots: SlotEntry[],
): string {
  const opt = model.optimizer;
  const state = opt?.getState();
  const history = extras.history instanceof History ? historyToJSON(extras.history) : (extras.history ?? null);
  const side: SideFile = {
    format: SIDE_FORMAT,
    formatVersion: SIDE_VERSION,
    generatedBy,
    files,
    model: { ...model.getConfig(), dtype: model.dtype, inputShape: [...model.inputShape!] },
    compile: model.loss ? { loss: model.loss.name, metrics: [...model.metrics] } : null,
    optimizer:
      opt && state
        ? { className: opt.className, config: opt.getConfig(), iterations: state.iterations, extra: state.extra ?? {}, slots }
        : null,
    random: model.getRandomState(),
    training: { epoch: extras.epoch ?? 0, history, state: extras.state ?? null },
  };
  return JSON.stringify(side, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 1);
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** The strings "NaN", "Infinity", "-Infinity" anywhere inside `value` back to numbers. */
function reviveNumbers(value: unknown): unknown {
  if (typeof value === 'string' && value in NON_FINITE) return NON_FINITE[value];
  if (Array.isArray(value)) return value.map(reviveNumbers);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveNumbers(v)]));
  return value;
}

function isRngState(x: unknown): x is RngState {
  return (
    isObject(x) && Array.isArray(x.s) && x.s.length === 4 && x.s.every(Number.isInteger) && (x.spare === null || isFiniteNumber(x.spare))
  );
}

function isFileRecord(x: unknown): x is FileRecord {
  return isObject(x) && typeof x.path === 'string' && Number.isSafeInteger(x.bytes) && typeof x.sha256 === 'string';
}

/** Parses and checks the form of a side file (not yet against model.json: see load.ts). */
export function parseSideFile(file: string, text: string, libraryVersion: string): SideFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    badFile(file, `not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(raw) || raw.format !== SIDE_FORMAT) badFile(file, `not an mlp checkpoint side file (format should be '${SIDE_FORMAT}')`);
  if (raw.formatVersion !== SIDE_VERSION) {
    badFile(file, `format version ${JSON.stringify(raw.formatVersion)}: this mlp (${libraryVersion}) reads version ${SIDE_VERSION}`);
  }
  const m = raw.model;
  const files = raw.files;
  if (
    !isObject(m) ||
    !Array.isArray(m.layers) ||
    !m.layers.every((l) => isObject(l) && typeof l.className === 'string' && isObject(l.config))
  ) {
    badFile(file, 'model.layers must be a list of {className, config}');
  }
  if (!Number.isSafeInteger(m.seed) || (m.dtype !== 'float32' && m.dtype !== 'float64') || typeof m.name !== 'string') {
    badFile(
      file,
      `model needs a name, an integer seed and dtype 'float32' or 'float64', got ${JSON.stringify({ name: m.name, seed: m.seed, dtype: m.dtype })}`,
    );
  }
  if (!isObject(files) || !isFileRecord(files.weights) || (files.optimizer !== null && !isFileRecord(files.optimizer))) {
    badFile(file, 'files must list the weights (and optimizer) files as {path, bytes, sha256}');
  }
  const random = raw.random;
  if (!isObject(random) || !isRngState(random.model) || !isObject(random.layers) || !Object.values(random.layers).every(isRngState)) {
    badFile(file, 'random must hold the Rng states {s: [4 integers], spare} of the model and its dropout layers');
  }
  checkOptimizer(file, raw.optimizer, files.optimizer as FileRecord | null);
  const training = isObject(raw.training) ? reviveNumbers(raw.training) : null;
  if (!isObject(training) || !(Number.isSafeInteger(training.epoch) && (training.epoch as number) >= 0)) {
    badFile(file, 'training.epoch must be the number of completed epochs (an integer ≥ 0)');
  }
  return { ...(raw as unknown as SideFile), training: training as SideFile['training'] };
}

function checkOptimizer(file: string, opt: unknown, record: FileRecord | null): void {
  if (opt === null && record === null) return;
  if (
    !isObject(opt) ||
    typeof opt.className !== 'string' ||
    !isObject(opt.config) ||
    !Number.isSafeInteger(opt.iterations) ||
    !Array.isArray(opt.slots)
  ) {
    badFile(file, 'optimizer must be {className, config, iterations, extra, slots} (or null, with files.optimizer null)');
  }
  let bytes = 0;
  for (const s of opt.slots as unknown[]) {
    const ok = isObject(s) && typeof s.param === 'string' && typeof s.slot === 'string' && (s.dtype === 'float32' || s.dtype === 'float64');
    if (!ok || !Number.isSafeInteger(s.length) || (s.length as number) < 0)
      badFile(file, `optimizer.slots entry ${JSON.stringify(s)} must be {param, slot, dtype: 'float32'|'float64', length}`);
    bytes += (s.length as number) * BYTES[s.dtype as StoredDType];
  }
  if (record === null || record.bytes !== bytes)
    badFile(file, `optimizer.slots need ${bytes} bytes but files.optimizer records ${record?.bytes ?? 'no file'}`);
}

/** A History holding a saved historyToJSON form (the strings of non-finite values are numbers again). */
export function historyFromJSON(json: HistoryJSON | null): History {
  const h = new History();
  if (!json) return h;
  h.epoch = [...(json.epoch ?? [])];
  for (const [key, values] of Object.entries(json.history ?? {})) h.history[key] = values.map(Number);
  h.diverged = json.diverged ?? null;
  return h;
}

/** The slot arrays of optimizer-<n>.bin, checked against the model's parameters. */
export function decodeSlots(
  file: string,
  entries: SlotEntry[],
  bytes: Buffer,
  params: Param[],
): Record<string, Record<string, Float32Array | Float64Array>> {
  const lengths = new Map(params.map((p) => [p.name, p.value.length]));
  const slots: Record<string, Record<string, Float32Array | Float64Array>> = {};
  let offset = 0;
  for (const e of entries) {
    if (lengths.get(e.param) !== e.length) {
      badFile(
        file,
        `optimizer slot '${e.slot}' of '${e.param}' has ${e.length} values but the model's '${e.param}' has ${lengths.get(e.param) ?? 'no such parameter'}`,
      );
    }
    (slots[e.param] ??= {})[e.slot] = decodeFloats(bytes, offset, e.length, e.dtype);
    offset += e.length * BYTES[e.dtype];
  }
  return slots;
}
