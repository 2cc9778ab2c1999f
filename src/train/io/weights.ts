/**
 * Weight files: the TF.js `weightsManifest` and its binary shards.
 *
 *   weightsManifest = [{paths: [shard, …], weights: [{name, shape, dtype: 'float32'}, …]}, …]
 *   bytes of a group = its shards concatenated = each weight's values, row-major, little-endian
 *                      float32, in the order of `weights`; byteLength = Σ 4·Π shape
 *
 * Everything a manifest declares is checked against the model and against the shard sizes on disk
 * (`stat`, nothing read) before any byte is read or any array allocated. The same little-endian
 * encoding, with float64 allowed, stores our optimizer slots (see side-file.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FloatArray } from '../../tensor/tensor';
import { MAX_WEIGHTS, badFile, isObject } from './keras-values';
import type { WeightShape } from './keras-layers';
import { MlpError } from '../../tensor/errors';

export type StoredDType = 'float32' | 'float64';

export const BYTES: Record<StoredDType, number> = { float32: 4, float64: 8 };

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** TF.js marks optimizer weights saved with `includeOptimizer`; we skip those. */
  group?: string;
}

export interface ManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

/** Little-endian bytes of `arrays`, each stored as its dtype. */
export function encodeFloats(arrays: readonly FloatArray[], dtypes: readonly StoredDType[]): Buffer {
  let bytes = 0;
  arrays.forEach((a, i) => (bytes += a.length * BYTES[dtypes[i]]));
  const out = Buffer.alloc(bytes);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let offset = 0;
  arrays.forEach((a, i) => {
    if (dtypes[i] === 'float64') {
      for (let j = 0; j < a.length; j++, offset += 8) view.setFloat64(offset, a[j], true);
    } else {
      for (let j = 0; j < a.length; j++, offset += 4) view.setFloat32(offset, a[j], true);
    }
  });
  return out;
}

/** `n` values of `dtype` starting at byte `offset` of `bytes`. */
export function decodeFloats(bytes: Uint8Array, offset: number, n: number, dtype: StoredDType): FloatArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === 'float64') {
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) out[j] = view.getFloat64(offset + 8 * j, true);
    return out;
  }
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = view.getFloat32(offset + 4 * j, true);
  return out;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A file name inside the model folder: no separators, no `..` (a manifest must not reach outside). */
export function checkLocalName(file: string, where: string, name: unknown): string {
  const plain = typeof name === 'string' ? name.replace(/^\.\//, '') : '';
  if (plain === '' || plain === '.' || plain === '..' || /[/\\]/.test(plain)) {
    badFile(file, `${where} must name a file in the same folder, got ${JSON.stringify(name)}`);
  }
  return plain;
}

/** The manifest of model.json, checked for form, dtype and size. */
export function readManifest(file: string, manifest: unknown): ManifestGroup[] {
  if (!Array.isArray(manifest)) badFile(file, 'weightsManifest must be a list of {paths, weights} groups');
  let total = 0;
  return manifest.map((group: unknown, g: number) => {
    const where = `weightsManifest[${g}]`;
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      badFile(file, `${where} must be {paths: [...], weights: [...]}`);
    }
    const paths = group.paths.map((p: unknown, i: number) => checkLocalName(file, `${where}.paths[${i}]`, p));
    const weights = group.weights.map((w: unknown, i: number): WeightSpec => {
      const at = `${where}.weights[${i}]`;
      if (!isObject(w) || typeof w.name !== 'string') badFile(file, `${at} must be {name, shape, dtype}`);
      const shape = w.shape;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
        badFile(file, `${at} ('${w.name}'): shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
      }
      if (w.dtype !== 'float32' || w.quantization != null) {
        const stored = w.quantization != null ? `quantized (${JSON.stringify(w.quantization)})` : `dtype ${JSON.stringify(w.dtype)}`;
        badFile(file, `${at} ('${w.name}') is stored ${stored}; only unquantized float32 weights are supported`);
      }
      total += size(shape);
      if (total > MAX_WEIGHTS) badFile(file, `weightsManifest declares more than ${MAX_WEIGHTS} values (the limit) by ${at} ('${w.name}')`);
      return { name: w.name, shape, dtype: 'float32', ...(typeof w.group === 'string' ? { group: w.group } : {}) };
    });
    return { paths, weights };
  });
}

/** The manifest must hold exactly the model's weights with the model's shapes (any order). */
export function checkManifestMatches(file: string, groups: ManifestGroup[], expected: WeightShape[]): void {
  const declared = new Map<string, number[]>();
  for (const spec of groups.flatMap((g) => g.weights)) {
    if (spec.group === 'optimizer') continue;
    if (declared.has(spec.name)) badFile(file, `weightsManifest lists '${spec.name}' twice`);
    declared.set(spec.name, spec.shape);
  }
  for (const w of expected) {
    const shape = declared.get(w.name);
    if (shape === undefined) {
      badFile(file, `weightsManifest has no weight '${w.name}' (the model needs ${expected.map((e) => e.name).join(', ')})`);
    }
    if (shape.length !== w.shape.length || shape.some((d, i) => d !== w.shape[i])) {
      badFile(file, `weight '${w.name}' has shape [${shape.join(', ')}] in weightsManifest but the layers need [${w.shape.join(', ')}]`);
    }
    declared.delete(w.name);
  }
  if (declared.size > 0) badFile(file, `weightsManifest has weights no layer owns: ${[...declared.keys()].join(', ')}`);
}

/** Bytes of one file, after checking it is exactly `expected` bytes long (stat first, read after). */
export function readExactly(dir: string, name: string, expected: number, describe: string): Buffer {
  const full = path.join(dir, name);
  let actual: number;
  try {
    actual = fs.statSync(full).size;
  } catch {
    throw new MlpError('NOT_FOUND', `${full}: missing; ${describe} says it holds ${expected} bytes`);
  }
  if (actual !== expected) {
    badFile(full, `${actual} bytes but ${describe} says ${expected} bytes (${actual < expected ? 'truncated' : 'too long'})`);
  }
  return fs.readFileSync(full);
}

/** Each group's shards, size-checked, then decoded: weight name → float32 values (and each group's bytes). */
export function readWeights(dir: string, groups: ManifestGroup[]): { values: Map<string, Float32Array>; bytes: Buffer[] } {
  const sizes = groups.map((g) => g.paths.map((p) => statSize(dir, p)));
  groups.forEach((g, i) => {
    const expected = g.weights.reduce((s, w) => s + 4 * size(w.shape), 0);
    const actual = sizes[i].reduce((a, b) => a + b, 0);
    if (actual !== expected) {
      const names = g.paths.join(' + ');
      badFile(
        path.join(dir, names),
        `${actual} bytes but model.json weightsManifest[${i}] says ${expected} bytes (${actual < expected ? 'truncated' : 'too long'})`,
      );
    }
  });
  const out = new Map<string, Float32Array>();
  const all = groups.map((g, i) => {
    const bytes =
      g.paths.length === 1
        ? fs.readFileSync(path.join(dir, g.paths[0]))
        : Buffer.concat(g.paths.map((p) => fs.readFileSync(path.join(dir, p))));
    if (bytes.length !== sizes[i].reduce((a, b) => a + b, 0)) badFile(path.join(dir, g.paths.join(' + ')), 'changed while being read');
    let offset = 0;
    for (const w of g.weights) {
      const n = size(w.shape);
      if (w.group !== 'optimizer') out.set(w.name, decodeFloats(bytes, offset, n, 'float32') as Float32Array);
      offset += 4 * n;
    }
    return bytes;
  });
  return { values: out, bytes: all };
}

function statSize(dir: string, name: string): number {
  try {
    return fs.statSync(path.join(dir, name)).size;
  } catch {
    throw new MlpError('NOT_FOUND', `${path.join(dir, name)}: missing (model.json weightsManifest lists it)`);
  }
}
