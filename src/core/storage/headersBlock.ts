/**
 * An SSTable's headers block: every key with its version headers (tombstone flag, dot, context,
 * timestamp; no value), what a node's key index holds. Recovery reads it instead of the data
 * blocks. It is stored uncompressed: with small values it is about as large as the data, and a
 * decompression pass per table cost recovery more than the bytes it saved. Pure: decoding (the
 * table's writer, sstableFormat.ts, builds it).
 *
 * Binary tables (TableMeta.blockFormat): each entry's bytes up to its values (entryCodec.ts: the
 * key, the headers' length, the headers), one after another, then their count as 32 bits little
 * endian. A compaction copies an entry's headers from its input as it copies the entry.
 * JSON tables, written before: the JSON of `[key, [[tombstone ? 1 : 0, dot actor, dot counter,
 * timestamp, context], ...]]` per entry.
 */
import type { Clock } from '../versions/vectorClock';
import type { Version } from '../versions/version';
import { ByteReader, CorruptBytes } from './byteCodec';
import { readVersions } from './entryCodec';
import type { TableEntry } from './sstableFormat';
import { blockFormat } from './sstableFormat';
import type { DeviceValue, TableMeta } from './storageDevice';

/** Decodes `meta`'s headers block into entries whose versions have a null value; a damaged block is a failure. */
export function decodeHeaders(meta: TableMeta, bytes: Uint8Array): DeviceValue<TableEntry[]> {
  const format: string | undefined = meta.blockFormat;
  if (format === blockFormat) return decodeBinaryHeaders(bytes);
  if (format === undefined) return decodeJsonHeaders(bytes);
  return { ok: false, message: `SSTable ${meta.id} is in a format this version of Ringlab does not know (${format})` };
}

export function decodeBinaryHeaders(bytes: Uint8Array): DeviceValue<TableEntry[]> {
  const n = bytes.length - 4;
  if (n < 0) return corrupt;
  const count = ((bytes[n] as number) | ((bytes[n + 1] as number) << 8) | ((bytes[n + 2] as number) << 16) | ((bytes[n + 3] as number) << 24)) >>> 0;
  const r = new ByteReader().at(bytes, 0, n);
  const out: TableEntry[] = [];
  try {
    while (r.pos < n) {
      const key = r.text();
      out.push([key, readVersions(r, false)]);
    }
  } catch (e) {
    if (e instanceof CorruptBytes) return corrupt;
    throw e;
  }
  return out.length === count ? { ok: true, value: out } : corrupt;
}

/** One header as a JSON headers block stores it: [tombstone ? 1 : 0, dot actor, dot counter, timestamp, context]. */
type StoredHeader = [deleted: 0 | 1, node: string, counter: number, timestampMs: number, context: Clock];

const decoder = new TextDecoder();

function decodeJsonHeaders(bytes: Uint8Array): DeviceValue<TableEntry[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    return { ok: false, message: 'an SSTable headers block is corrupt: it is not valid JSON' };
  }
  if (!Array.isArray(parsed)) return corrupt;
  const out: TableEntry[] = [];
  for (const entry of parsed as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) return corrupt;
    const versions: Version[] = [];
    for (const h of entry[1] as unknown[]) {
      if (!isStoredHeader(h)) return corrupt;
      versions.push({ value: null, deleted: h[0] === 1, dot: { node: h[1], counter: h[2] }, context: h[4], timestampMs: h[3] });
    }
    out.push([entry[0], versions]);
  }
  return { ok: true, value: out };
}

const corrupt: DeviceValue<TableEntry[]> = { ok: false, message: 'an SSTable headers block is corrupt: it is not a list of key headers' };

function isStoredHeader(h: unknown): h is StoredHeader {
  return (
    Array.isArray(h) &&
    h.length === 5 &&
    (h[0] === 0 || h[0] === 1) &&
    typeof h[1] === 'string' &&
    typeof h[2] === 'number' &&
    typeof h[3] === 'number' &&
    typeof h[4] === 'object' &&
    h[4] !== null &&
    !Array.isArray(h[4])
  );
}
