/**
 * An SSTable's headers block: every key with its version headers (tombstone flag, dot, context,
 * timestamp; no value), what a node's key index holds. Recovery reads it instead of the data
 * blocks. It is stored uncompressed, in a compact encoding (each header a short array, not an
 * object): with small values it is about as large as the data, and a decompression pass per
 * table cost recovery more than the bytes it saved. Pure: encoding and decoding.
 */
import type { Clock } from '../versions/vectorClock';
import type { Version } from '../versions/version';
import type { TableEntry } from './sstableFormat';
import type { DeviceValue } from './storageDevice';

/** One header as stored: [tombstone ? 1 : 0, dot actor, dot counter, timestamp, context]. */
type StoredHeader = [deleted: 0 | 1, node: string, counter: number, timestampMs: number, context: Clock];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeHeaders(entries: readonly TableEntry[]): Uint8Array {
  return headersBlockOf([headersPart(entries)]);
}

/**
 * Some entries' headers, in key order, as one part of a headers block: the JSON of their list
 * without its brackets. A table being written encodes each block's entries as the block closes,
 * so it need not keep the versions until the end, and one JSON.stringify per block costs about
 * what one of the whole list did (one per entry cost half as much again).
 */
export function headersPart(entries: readonly TableEntry[]): string {
  const stored = entries.map(([key, versions]) => [key, versions.map((v): StoredHeader => [v.deleted ? 1 : 0, v.dot.node, v.dot.counter, v.timestampMs, v.context])]);
  return JSON.stringify(stored).slice(1, -1);
}

/** The headers block of these parts (headersPart), in key order: byte for byte JSON.stringify of the whole list. */
export function headersBlockOf(parts: readonly string[]): Uint8Array {
  return encoder.encode(`[${parts.filter((p) => p !== '').join(',')}]`);
}

/** Decodes a headers block into entries whose versions have a null value; a damaged block is a failure. */
export function decodeHeaders(bytes: Uint8Array): DeviceValue<TableEntry[]> {
  const json = parseStoredJson(bytes);
  if (json === undefined) return { ok: false, message: 'an SSTable headers block is corrupt: it is not valid JSON' };
  const parsed = json.parsed;
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

/** Parses a stored block's JSON; undefined when it is not valid JSON (a damaged block). */
function parseStoredJson(bytes: Uint8Array): { readonly parsed: unknown } | undefined {
  try {
    return { parsed: JSON.parse(decoder.decode(bytes)) };
  } catch {
    return undefined;
  }
}
