/**
 * Tensor: a flat typed array plus a shape, row-major (C order), as Keras and NumPy lay it out.
 *
 * Training runs in float32 (`Float32Array`); the gradient checks run the same layer code in
 * float64 (`Float64Array`), which is why every kernel takes a `FloatArray`. A tensor can be viewed
 * as an `ndarray` without copying.
 */
import ndarray from 'ndarray';
import { MlpError, check } from './errors';

export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;
export type NestedArray = number | NestedArray[];

/**
 * Float32 storage goes through this allocator so that a backend (the WebAssembly one) can hand out
 * views into its own memory; the default is a plain `new Float32Array(n)`.
 */
let float32Allocator: (n: number) => Float32Array = (n) => new Float32Array(n);

export function setFloat32Allocator(alloc: ((n: number) => Float32Array) | null): void {
  float32Allocator = alloc ?? ((n) => new Float32Array(n));
}

export function allocFloat(n: number, dtype: DType = 'float32'): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : float32Allocator(n);
}

let byteAllocator: (n: number) => Uint8Array = (n) => new Uint8Array(n);

export function setByteAllocator(alloc: ((n: number) => Uint8Array) | null): void {
  byteAllocator = alloc ?? ((n) => new Uint8Array(n));
}

/**
 * n zero bytes for a data set's images, where the current backend reads them fastest (the wasm
 * backend: inside its memory, so a batch is gathered and scaled there; see wasm/allocator.ts).
 */
export function allocBytes(n: number): Uint8Array {
  return byteAllocator(n);
}

export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function checkShape(shape: readonly number[]): void {
  for (const d of shape) {
    check(Number.isInteger(d) && d >= 0, `tensor shape [${shape.join(', ')}] must hold non-negative integers`, 'BAD_SHAPE');
  }
}

export class Tensor {
  readonly data: FloatArray;
  readonly shape: readonly number[];

  constructor(data: FloatArray, shape: readonly number[]) {
    checkShape(shape);
    check(
      shapeSize(shape) === data.length,
      `tensor data has ${data.length} values but shape [${shape.join(', ')}] needs ${shapeSize(shape)}`,
      'BAD_SHAPE',
    );
    this.data = data;
    this.shape = shape.slice();
  }

  get dtype(): DType {
    return dtypeOf(this.data);
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Rows of the tensor seen as a matrix [shape[0], rest]. */
  get rows(): number {
    return this.shape.length === 0 ? 1 : this.shape[0];
  }

  /** Columns of the tensor seen as a matrix [shape[0], rest]. */
  get cols(): number {
    return this.shape.length === 0 ? 1 : this.data.length / Math.max(1, this.shape[0]);
  }

  /** Same data, another shape (no copy). */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(this.data, shape);
  }

  /** Deep copy, optionally converted to another dtype. */
  clone(dtype: DType = this.dtype): Tensor {
    const out = allocFloat(this.data.length, dtype);
    out.set(this.data);
    return new Tensor(out, this.shape);
  }

  /** Rows [start, end) as a view sharing this tensor's data. */
  sliceRows(start: number, end: number): Tensor {
    const c = this.cols;
    return new Tensor(this.data.subarray(start * c, end * c), [end - start, ...this.shape.slice(1)]);
  }

  /** The data as nested JavaScript arrays. */
  toArray(): NestedArray {
    const build = (offset: number, dim: number): NestedArray => {
      if (dim === this.shape.length) return this.data[offset];
      const stride = shapeSize(this.shape.slice(dim + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(offset + i * stride, dim + 1));
      return out;
    };
    return build(0, 0);
  }

  /** An `ndarray` view over the same memory. */
  toNdarray(): ndarray.NdArray<FloatArray> {
    return ndarray(this.data, this.shape.slice());
  }

  toString(): string {
    return `Tensor(${this.dtype}, [${this.shape.join(', ')}])`;
  }
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function flatten(values: NestedArray, shape: number[], out: FloatArray): void {
  let k = 0;
  const walk = (v: NestedArray, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v !== 'number') throw new MlpError('BAD_SHAPE', 'nested array is ragged: expected a number');
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new MlpError('BAD_SHAPE', `nested array is ragged at depth ${dim}: expected ${shape[dim]} entries`);
    }
    for (const e of v) walk(e, dim + 1);
  };
  walk(values, 0);
}

/**
 * Makes a Tensor from a typed array (with a shape) or from nested arrays (shape inferred, or checked
 * against `shape` when given). Typed arrays are used without copying when the dtype matches.
 */
export function tensor(values: FloatArray | ArrayLike<number> | NestedArray, shape?: readonly number[], dtype?: DType): Tensor {
  if (values instanceof Float32Array || values instanceof Float64Array) {
    const want = dtype ?? dtypeOf(values);
    const data = want === dtypeOf(values) ? values : allocFloat(values.length, want);
    if (data !== values) data.set(values);
    return new Tensor(data, shape ?? [values.length]);
  }
  if (Array.isArray(values)) {
    const inferred = inferShape(values);
    const data = allocFloat(shapeSize(inferred), dtype ?? 'float32');
    flatten(values, inferred, data);
    return new Tensor(data, shape ?? inferred);
  }
  if (typeof values === 'number') {
    const data = allocFloat(1, dtype ?? 'float32');
    data[0] = values;
    return new Tensor(data, shape ?? []);
  }
  if (values && typeof (values as ArrayLike<number>).length === 'number') {
    const src = values as ArrayLike<number>;
    const data = allocFloat(src.length, dtype ?? 'float32');
    for (let i = 0; i < src.length; i++) data[i] = src[i];
    return new Tensor(data, shape ?? [src.length]);
  }
  throw new MlpError('BAD_ARGUMENT', 'tensor() takes a Float32Array, a Float64Array, an array of numbers or nested arrays');
}

export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  checkShape(shape);
  return new Tensor(allocFloat(shapeSize(shape), dtype), shape);
}
