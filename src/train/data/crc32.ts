/**
 * CRC-32 (ISO-HDLC: polynomial 0xEDB88320 reflected, init and final xor 0xFFFFFFFF), the checksum
 * of both zip entries and PNG chunks. Node ≥ 20.15 has it natively as `zlib.crc32`; older Node 20
 * releases fall back to the byte-table loop below.
 */
import * as zlib from 'zlib';

let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  if (table === null) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  return table;
}

function crc32Js(bytes: Uint8Array): number {
  const t = crcTable();
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const native = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;

/** The CRC-32 of `bytes` as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  return native ? native(bytes) >>> 0 : crc32Js(bytes);
}

/** The table version, exported so a test can check both give the same value. */
export const crc32Reference = crc32Js;
