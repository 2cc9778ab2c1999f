/**
 * The small part of the zip format (PKWARE APPNOTE.TXT) an `.npz` needs: read the central
 * directory (zip64 sizes included, as `np.savez` may write them), inflate stored (method 0) or
 * deflated (method 8) entries, verify each entry's CRC-32; and write stored or deflated entries.
 *
 * Sizes come from the central directory, not the local headers (which are zero when a data
 * descriptor follows). Every offset and size is checked against the file before it is used, and an
 * entry is never inflated beyond the uncompressed size the directory declares.
 */
import * as zlib from 'zlib';
import { crc32 } from './crc32';
import { MAX_DATA_BYTES, fail, inflateLimited } from './files';

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const END64_SIG = 0x06064b50;
const END64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EXTRA = 0x0001;

export interface ZipEntry {
  name: string;
  /** The entry's bytes, inflated and CRC-checked. */
  read(): Uint8Array;
}

function u64(view: DataView, at: number, file: string): number {
  const v = view.getBigUint64(at, true);
  if (v > BigInt(MAX_DATA_BYTES) * 4n) fail(file, `zip64 size or offset ${v} is absurd`);
  return Number(v);
}

/** Offset of the end-of-central-directory record: searched backwards over the last 64 KiB (the comment may follow it). */
function findEnd(view: DataView, file: string): number {
  const last = view.byteLength - 22;
  if (last < 0) fail(file, `is ${view.byteLength} bytes, too short for a zip archive (an .npz is a zip of .npy files)`);
  for (let at = last; at >= Math.max(0, last - 0xffff); at--) {
    if (view.getUint32(at, true) === END_SIG) return at;
  }
  fail(file, 'is not a zip archive, or is truncated (no end-of-central-directory record); an .npz is a zip of .npy files');
}

/** The entries listed in the central directory of a zip archive held in `bytes`. */
export function readZip(bytes: Uint8Array, file: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(view, file);
  let count = view.getUint16(end + 10, true);
  let dirSize = view.getUint32(end + 12, true);
  let dirOffset = view.getUint32(end + 16, true);
  if (
    (count === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff) &&
    end >= 20 &&
    view.getUint32(end - 20, true) === END64_LOCATOR_SIG
  ) {
    const end64 = u64(view, end - 12, file);
    if (end64 + 56 > bytes.length || view.getUint32(end64, true) !== END64_SIG) fail(file, 'has a broken zip64 end record');
    count = u64(view, end64 + 32, file);
    dirSize = u64(view, end64 + 40, file);
    dirOffset = u64(view, end64 + 48, file);
  }
  if (dirOffset + dirSize > bytes.length)
    fail(
      file,
      `zip central directory (${dirSize} bytes at ${dirOffset}) lies beyond the end of the file (${bytes.length} bytes): truncated?`,
    );
  if (count * 46 > dirSize) fail(file, `zip directory claims ${count} entries but is only ${dirSize} bytes`);
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dirOffset + dirSize || view.getUint32(at, true) !== CENTRAL_SIG)
      fail(file, `zip central directory entry ${i} is corrupt`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    let packed = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let local = view.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > dirOffset + dirSize) fail(file, `zip central directory entry ${i} runs past the directory`);
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + at + 46, nameLength).toString('utf8');
    // zip64: the fields stored as 0xFFFFFFFF follow, in this order, in extra block 0x0001.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength;) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === ZIP64_EXTRA) {
        let f = e + 4;
        const take = (): number => {
          if (f + 8 > e + 4 + len) fail(file, `zip64 extra field of ${name} is too short`);
          const v = u64(view, f, file);
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (packed === 0xffffffff) packed = take();
        if (local === 0xffffffff) local = take();
      }
      e += 4 + len;
    }
    entries.push({ name, read: () => readEntry(bytes, view, file, { name, flags, method, crc, packed, size, local }) });
    at = next;
  }
  return entries;
}

interface EntryInfo {
  name: string;
  flags: number;
  method: number;
  crc: number;
  packed: number;
  size: number;
  local: number;
}

type Decoder = (file: string, name: string, packedBytes: Uint8Array, size: number) => Uint8Array;

/** Compression methods by number: 0 stored, 8 deflate. */
const DECODERS: Record<number, Decoder> = {
  0: (_file, _name, packedBytes) => packedBytes,
  8: (file, name, packedBytes, size) => inflateLimited(`${file}:${name}`, packedBytes, 'raw', size),
};

function readEntry(bytes: Uint8Array, view: DataView, file: string, e: EntryInfo): Uint8Array {
  if (e.flags & 1) fail(file, `zip entry ${e.name} is encrypted`);
  const decode = DECODERS[e.method];
  if (!decode) fail(file, `zip entry ${e.name} uses compression method ${e.method}; only stored (0) and deflate (8) are supported`);
  if (e.size > MAX_DATA_BYTES) fail(file, `zip entry ${e.name} declares ${e.size} bytes, more than the ${MAX_DATA_BYTES}-byte limit`);
  if (e.local + 30 > bytes.length || view.getUint32(e.local, true) !== LOCAL_SIG)
    fail(file, `zip entry ${e.name}: local header missing or corrupt`);
  const start = e.local + 30 + view.getUint16(e.local + 26, true) + view.getUint16(e.local + 28, true);
  if (start + e.packed > bytes.length)
    fail(file, `zip entry ${e.name} is truncated (${e.packed} bytes at ${start}, file has ${bytes.length})`);
  const data = decode(file, e.name, bytes.subarray(start, start + e.packed), e.size);
  if (data.length !== e.size) fail(file, `zip entry ${e.name} holds ${data.length} bytes, its directory says ${e.size}`);
  if (crc32(data) !== e.crc) fail(file, `zip entry ${e.name} fails its CRC-32 check (corrupt data)`);
  return data;
}

/** A zip archive of the given entries, stored or deflated, with a fixed timestamp (1980-01-01) so output is reproducible. */
export function writeZip(entries: { name: string; data: Uint8Array }[], compress = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = compress ? zlib.deflateRawSync(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIG, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(compress ? 8 : 0, 8);
    local.writeUInt16LE(0x21, 12); // DOS date 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_SIG, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(compress ? 8 : 0, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const dirSize = centrals.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_SIG, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
