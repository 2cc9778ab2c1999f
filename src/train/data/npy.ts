/**
 * NumPy's `.npy` format (numpy/lib/format.py): the magic "\x93NUMPY", a version byte pair, a
 * little-endian header length (uint16 in v1.0, uint32 in v2.0/v3.0), then a Python dict literal
 *   {'descr': '<f4', 'fortran_order': False, 'shape': (60000, 28, 28), }
 * padded with spaces to a multiple of 64 bytes and ended by '\n', then the raw values, C order.
 *
 * Only plain numeric dtypes are read (u1 i1 u2 i2 u4 i4 u8 i8 f4 f8, either byte order);
 * object arrays (pickles) and Fortran order are refused with a message saying so.
 */
import { fail } from './files';

export interface NpyArray {
  /** NumPy dtype string, e.g. '|u1', '<f4', '<i8'. */
  descr: string;
  shape: number[];
  /** The raw value bytes (size = product(shape) × item size). */
  bytes: Uint8Array;
}

interface ElementType {
  size: number;
  read(view: DataView, at: number, little: boolean): number;
  write(view: DataView, at: number, value: number, little: boolean): void;
}

/** Element types by kind letter + size, so reading dispatches once per array. */
const ELEMENT_TYPES: Record<string, ElementType> = {
  u1: { size: 1, read: (v, at) => v.getUint8(at), write: (v, at, x) => v.setUint8(at, x) },
  i1: { size: 1, read: (v, at) => v.getInt8(at), write: (v, at, x) => v.setInt8(at, x) },
  u2: { size: 2, read: (v, at, le) => v.getUint16(at, le), write: (v, at, x, le) => v.setUint16(at, x, le) },
  i2: { size: 2, read: (v, at, le) => v.getInt16(at, le), write: (v, at, x, le) => v.setInt16(at, x, le) },
  u4: { size: 4, read: (v, at, le) => v.getUint32(at, le), write: (v, at, x, le) => v.setUint32(at, x, le) },
  i4: { size: 4, read: (v, at, le) => v.getInt32(at, le), write: (v, at, x, le) => v.setInt32(at, x, le) },
  u8: { size: 8, read: (v, at, le) => Number(v.getBigUint64(at, le)), write: (v, at, x, le) => v.setBigUint64(at, BigInt(x), le) },
  i8: { size: 8, read: (v, at, le) => Number(v.getBigInt64(at, le)), write: (v, at, x, le) => v.setBigInt64(at, BigInt(x), le) },
  f4: { size: 4, read: (v, at, le) => v.getFloat32(at, le), write: (v, at, x, le) => v.setFloat32(at, x, le) },
  f8: { size: 8, read: (v, at, le) => v.getFloat64(at, le), write: (v, at, x, le) => v.setFloat64(at, x, le) },
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** The element type and byte order of a descr such as '<f4' or '|u1', or a BAD_FILE error. */
export function elementType(descr: string, where: string): { type: ElementType; little: boolean } {
  const m = /^([<>|=])([uif]\d)$/.exec(descr);
  const type = m ? ELEMENT_TYPES[m[2]] : undefined;
  if (!m || !type) {
    fail(where, `dtype '${descr}' is not supported; use unsigned bytes ('|u1'), integers ('<i8', '<i4', …) or floats ('<f4', '<f8')`);
  }
  return { type, little: m[1] !== '>' };
}

/** Parses one .npy file; `where` names it in errors (e.g. `mnist.npz:x_train.npy`). */
export function parseNpy(bytes: Uint8Array, where: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail(where, 'is not a .npy array (missing the \\x93NUMPY magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) fail(where, `.npy format version ${major}.${bytes[7]} is not supported (1.0, 2.0, 3.0 are)`);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) fail(where, 'is truncated inside its .npy header');
  const headerLength = lengthSize === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthSize + headerLength;
  if (dataStart > bytes.length)
    fail(where, `.npy header of ${headerLength} bytes runs past the end of the data (${bytes.length} bytes): truncated?`);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + 8 + lengthSize, headerLength).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeText)
    fail(where, `.npy header ${JSON.stringify(header.slice(0, 80))} lacks descr, fortran_order or shape`);
  if (descr[1].includes('O')) fail(where, `holds Python objects (dtype '${descr[1]}'); save plain numeric arrays`);
  if (fortran[1] === 'True') fail(where, 'is stored in Fortran order; save it with np.ascontiguousarray first');
  const shape: number[] = [];
  for (const part of shapeText[1].split(',')) {
    const dim = part.trim();
    if (dim === '') continue;
    const m = /^(\d{1,12})L?$/.exec(dim);
    if (!m) fail(where, `.npy shape (${shapeText[1]}) has a dimension that is not a non-negative integer`);
    shape.push(Number(m[1]));
  }
  const { type } = elementType(descr[1], where);
  const expected = shape.reduce((a, d) => a * d, 1) * type.size;
  const actual = bytes.length - dataStart;
  if (actual !== expected) {
    fail(
      where,
      `shape (${shape.join(', ')}) of ${descr[1]} needs ${expected} bytes but the array holds ${actual}${actual < expected ? ' (truncated)' : ''}`,
    );
  }
  return { descr: descr[1], shape, bytes: bytes.subarray(dataStart) };
}

/** The values of an array as numbers written into `out` (default a new Float64Array), through its element type. */
export function npyValues<T extends Float32Array | Float64Array>(arr: NpyArray, where: string, out?: T): T {
  const { type, little } = elementType(arr.descr, where);
  const view = new DataView(arr.bytes.buffer, arr.bytes.byteOffset, arr.bytes.byteLength);
  const n = arr.bytes.length / type.size;
  const values = out ?? (new Float64Array(n) as T);
  for (let i = 0; i < n; i++) values[i] = type.read(view, i * type.size, little);
  return values;
}

/** A .npy file (format 1.0) holding `values` with dtype `descr` and `shape`. */
export function encodeNpy(descr: string, shape: number[], values: ArrayLike<number>): Buffer {
  const { type, little } = elementType(descr, 'encodeNpy');
  const count = shape.reduce((a, d) => a * d, 1);
  if (count !== values.length) fail('encodeNpy', `shape (${shape.join(', ')}) needs ${count} values, got ${values.length}`);
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = Buffer.alloc(10 + dict.length + count * type.size);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(dict.length, 8);
  out.write(dict, 10, 'latin1');
  const view = new DataView(out.buffer, out.byteOffset + 10 + dict.length, count * type.size);
  for (let i = 0; i < count; i++) type.write(view, i * type.size, values[i], little);
  return out;
}
