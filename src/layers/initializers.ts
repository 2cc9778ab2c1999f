/**
 * Weight initialisers (Keras semantics). For a Dense kernel [fanIn, fanOut]:
 *   glorotUniform  U(−limit, limit),  limit = √(6 / (fanIn + fanOut))          (Keras default)
 *   glorotNormal   truncated N(0, σ),  σ = √(2 / (fanIn + fanOut)) / 0.87962566103423978
 *   heUniform      limit = √(6 / fanIn)        heNormal    σ = √(2 / fanIn) / 0.8796…  (truncated)
 *   lecunUniform   limit = √(3 / fanIn)        lecunNormal σ = √(1 / fanIn) / 0.8796…  (truncated)
 *   nielsen        N(0, 1/√fanIn) — Nielsen's network2 "default_weight_initializer" (not truncated)
 *   zeros, ones
 * Truncated normals resample values beyond 2σ, as Keras's TruncatedNormal does; the 0.8796… factor
 * restores the intended standard deviation after truncation (Keras VarianceScaling).
 */
import { MlpError } from '../tensor/errors';
import type { Rng } from '../tensor/rng';
import type { FloatArray } from '../tensor/tensor';

export type Initializer = (out: FloatArray, fanIn: number, fanOut: number, rng: Rng) => void;

const TRUNCATION_STDDEV = 0.87962566103423978;

function uniform(limit: (fanIn: number, fanOut: number) => number): Initializer {
  return (out, fanIn, fanOut, rng) => {
    const l = limit(fanIn, fanOut);
    for (let i = 0; i < out.length; i++) out[i] = rng.uniformRange(-l, l);
  };
}

function truncatedNormal(stddev: (fanIn: number, fanOut: number) => number): Initializer {
  return (out, fanIn, fanOut, rng) => {
    const s = stddev(fanIn, fanOut) / TRUNCATION_STDDEV;
    for (let i = 0; i < out.length; i++) {
      let v = rng.normal();
      while (Math.abs(v) > 2) v = rng.normal();
      out[i] = s * v;
    }
  };
}

const registry: Record<string, Initializer> = {
  glorot_uniform: uniform((fi, fo) => Math.sqrt(6 / (fi + fo))),
  glorot_normal: truncatedNormal((fi, fo) => Math.sqrt(2 / (fi + fo))),
  he_uniform: uniform((fi) => Math.sqrt(6 / fi)),
  he_normal: truncatedNormal((fi) => Math.sqrt(2 / fi)),
  lecun_uniform: uniform((fi) => Math.sqrt(3 / fi)),
  lecun_normal: truncatedNormal((fi) => Math.sqrt(1 / fi)),
  nielsen: (out, fanIn, _fanOut, rng) => {
    const s = 1 / Math.sqrt(fanIn);
    for (let i = 0; i < out.length; i++) out[i] = s * rng.normal();
  },
  zeros: (out) => out.fill(0),
  ones: (out) => out.fill(1),
};

export const initializerNames = Object.keys(registry);

/** Accepts Keras snake_case (`glorot_uniform`), camelCase (`glorotUniform`) and kebab-case. */
export function canonicalInitializerName(name: string): string {
  return name
    .replace(/-/g, '_')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export function getInitializer(name: string): Initializer {
  const fn = registry[canonicalInitializerName(name)];
  if (!fn) {
    throw new MlpError('BAD_ARGUMENT', `unknown initializer '${name}': valid initializers are ${initializerNames.join(', ')}`);
  }
  return fn;
}
