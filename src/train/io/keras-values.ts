/**
 * Keras/TF.js spellings of the values inside a layer config: initialisers, regularisers, and the
 * checks that a number or shape read from a file is sane. Used in both directions by
 * keras-layers.ts.
 *
 * Initialisers are written so that both `tf.loadLayersModel` (tfjs-layers 4.x) and Keras
 * `model_from_json` accept them:
 *   glorot_uniform → GlorotUniform        glorot_normal → GlorotNormal
 *   he_uniform     → HeUniform            he_normal     → HeNormal
 *   lecun_uniform  → VarianceScaling(1, fan_in, uniform)
 *   lecun_normal   → VarianceScaling(1, fan_in, truncated_normal)
 *                    (TF.js says LeCunNormal, Keras says LecunNormal: VarianceScaling is read by both)
 *   nielsen        → RandomNormal(mean 0, stddev 1/√fanIn)
 *                    (Keras 3's VarianceScaling 'untruncated_normal' is the same law, but TF.js rejects it)
 *   zeros, ones    → Zeros, Ones
 * Reading also accepts every VarianceScaling that is one of ours (TF.js itself writes GlorotUniform
 * as VarianceScaling(1, fanAvg, uniform); its 'normal' is the truncated one, as in old Keras). One we
 * cannot name (RandomNormal(0, 0.05), Orthogonal, …) is read as the Keras default, with a note: the
 * weights come from the file, so it only matters if the model is re-initialised.
 */
import { MlpError } from '../../tensor/errors';
import { canonicalInitializerName, regularizerFrom, type Regularizer } from '../../layers';

export type Json = Record<string, unknown>;

/** A Keras `{class_name, config}` object. */
export interface KerasObject {
  class_name: string;
  config: Json;
}

/** More weights than this (1 GiB of float32) is taken as a corrupt file, not a model. */
export const MAX_WEIGHTS = 2 ** 28;

/** Throws BAD_FILE naming the file and the place in it. */
export function badFile(file: string, message: string): never {
  throw new MlpError('BAD_FILE', `${file}: ${message}`);
}

export function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A per-example shape: positive integers whose product stays under MAX_WEIGHTS. */
export function checkShape(file: string, where: string, shape: unknown): number[] {
  const ok = Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && d > 0);
  if (!ok) badFile(file, `${where} must be a list of positive integers, got ${JSON.stringify(shape)}`);
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (size > MAX_WEIGHTS)
    badFile(file, `${where} [${(shape as number[]).join(', ')}] has ${size} values, more than the limit ${MAX_WEIGHTS}`);
  return shape as number[];
}

const SEED = { seed: null };

/** Our initialiser name → the Keras object to write, given the kernel's fan-in. */
const initializerWriters: Record<string, (fanIn: number) => KerasObject> = {
  glorot_uniform: () => ({ class_name: 'GlorotUniform', config: { ...SEED } }),
  glorot_normal: () => ({ class_name: 'GlorotNormal', config: { ...SEED } }),
  he_uniform: () => ({ class_name: 'HeUniform', config: { ...SEED } }),
  he_normal: () => ({ class_name: 'HeNormal', config: { ...SEED } }),
  lecun_uniform: () => ({ class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_in', distribution: 'uniform', ...SEED } }),
  lecun_normal: () => ({ class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_in', distribution: 'truncated_normal', ...SEED } }),
  nielsen: (fanIn) => ({ class_name: 'RandomNormal', config: { mean: 0, stddev: 1 / Math.sqrt(fanIn), ...SEED } }),
  zeros: () => ({ class_name: 'Zeros', config: {} }),
  ones: () => ({ class_name: 'Ones', config: {} }),
};

export function initializerToKeras(name: string, fanIn: number): KerasObject {
  const write = initializerWriters[name];
  if (!write) throw new MlpError('BAD_CONFIG', `initializer '${name}' has no Keras/TF.js equivalent`);
  return write(fanIn);
}

/** Keras class names (both TF.js and Python spellings) → ours. */
const initializerClasses: Record<string, string> = {
  GlorotUniform: 'glorot_uniform',
  GlorotNormal: 'glorot_normal',
  HeUniform: 'he_uniform',
  HeNormal: 'he_normal',
  LeCunUniform: 'lecun_uniform',
  LecunUniform: 'lecun_uniform',
  LeCunNormal: 'lecun_normal',
  LecunNormal: 'lecun_normal',
  Zeros: 'zeros',
  Ones: 'ones',
};

/** VarianceScaling `scale|mode|distribution` → ours. */
const varianceScalings: Record<string, string> = {
  '1|fan_avg|uniform': 'glorot_uniform',
  '1|fan_avg|truncated': 'glorot_normal',
  '2|fan_in|uniform': 'he_uniform',
  '2|fan_in|truncated': 'he_normal',
  '1|fan_in|uniform': 'lecun_uniform',
  '1|fan_in|truncated': 'lecun_normal',
  '1|fan_in|untruncated': 'nielsen',
};

const distributions: Record<string, string> = {
  uniform: 'uniform',
  normal: 'truncated', // TF.js and Keras 2 'normal' draw from the truncated normal
  truncated_normal: 'truncated',
  truncatedNormal: 'truncated',
  untruncated_normal: 'untruncated',
  untruncatedNormal: 'untruncated',
};

/**
 * Our initialiser name for a Keras initialiser (object or string), or null when we have no
 * equivalent (RandomNormal(0, 0.05), Orthogonal, …). A loaded model's weights come from the file,
 * so the initialiser only matters if the model is re-initialised (cloneModel).
 */
export function initializerFromKeras(spec: unknown, fanIn: number): string | null {
  if (typeof spec === 'string') {
    const name = canonicalInitializerName(spec);
    return name in initializerWriters ? name : null;
  }
  const cls = isObject(spec) ? spec.class_name : undefined;
  const c = isObject(spec) && isObject(spec.config) ? spec.config : {};
  if (typeof cls === 'string' && cls in initializerClasses) return initializerClasses[cls];
  if (cls === 'VarianceScaling') {
    const mode = String(c.mode ?? 'fan_in')
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toLowerCase();
    return varianceScalings[`${c.scale ?? 1}|${mode}|${distributions[String(c.distribution ?? 'truncated_normal')]}`] ?? null;
  }
  if (cls === 'RandomNormal' && (c.mean ?? 0) === 0 && typeof c.stddev === 'number' && Math.abs(c.stddev * Math.sqrt(fanIn) - 1) < 1e-6) {
    return 'nielsen';
  }
  return null;
}

/** Always L1L2, the one regulariser class TF.js registers (Keras reads it too). */
export function regularizerToKeras(r: Regularizer | null): KerasObject | null {
  return r ? { class_name: 'L1L2', config: { l1: r.l1, l2: r.l2 } } : null;
}

export function regularizerFromKeras(file: string, where: string, spec: unknown): Regularizer | null {
  try {
    return regularizerFrom(spec);
  } catch (e) {
    return badFile(file, `${where}: ${(e as Error).message}`);
  }
}
