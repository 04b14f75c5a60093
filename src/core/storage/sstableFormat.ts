/**
 * The SSTable format: sorted entries cut into blocks of about `blockBytesTarget` encoded bytes,
 * a sparse index (each block's first key) and a bloom filter. Pure: encoding, decoding, lookup.
 */
import type { Version } from '../versions/version';
import { BlockReader } from './blockReader';
import { buildBloomFilter } from './bloomFilter';
import { entryJson } from './entryJson';
import type { BloomFilterData } from './bloomFilter';
import type { TableMeta } from './storageDevice';

/** One key and its sibling set, as a table stores it. */
export type TableEntry = readonly [key: string, versions: readonly Version[]];

/** A table before compression: the raw blocks and everything its metadata needs. */
export interface TableDraft {
  readonly rawBlocks: readonly Uint8Array[];
  /** Each block as a reader with its entries at hand: what a block cache can hold without decoding them again. */
  readonly blocks: readonly BlockReader[];
  readonly blockFirstKeys: readonly string[];
  /** Per block, where each entry starts in its JSON (TableMeta.blockEntryStarts). */
  readonly blockEntryStarts: readonly (readonly number[])[];
  readonly rawBytes: number;
  readonly entryCount: number;
  readonly firstKey: string;
  readonly lastKey: string;
  readonly bloom: BloomFilterData;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Cuts sorted, non-empty entries into blocks. A block closes once it reaches the target, so a
 * single large entry makes a block of its own rather than being split. `texts` may give entries'
 * JSON already at hand (a compaction copying entries through), which must be JSON.stringify's.
 * A compaction's entries are fresh parses of its inputs: its blocks keep only their text for the
 * block cache, so those objects die young instead of being promoted with the cached block (a
 * flush's entries are the memtable's own objects, alive anyway, and are kept).
 */
export function draftTable(entries: readonly TableEntry[], blockBytesTarget: number, bloomBitsPerKey: number, texts?: readonly (string | undefined)[]): TableDraft {
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (first === undefined || last === undefined) throw new Error('an SSTable needs at least one entry');
  const rawBlocks: Uint8Array[] = [];
  const blocks: BlockReader[] = [];
  const blockFirstKeys: string[] = [];
  const blockEntryStarts: number[][] = [];
  let block: TableEntry[] = [];
  // Each entry is stringified once: its length decides the cut, and the block's JSON is the
  // entries' JSON joined, byte for byte what JSON.stringify(block) gives.
  let parts: string[] = [];
  let blockBytes = 0;
  let rawBytes = 0;
  const close = (): void => {
    const reader = BlockReader.fromParts(parts, block, texts === undefined);
    const bytes = encoder.encode(reader.json);
    rawBlocks.push(bytes);
    blocks.push(reader);
    blockEntryStarts.push(reader.entryStarts());
    rawBytes += bytes.length;
    block = [];
    parts = [];
    blockBytes = 0;
  };
  entries.forEach((entry, i) => {
    if (block.length === 0) blockFirstKeys.push(entry[0]);
    const json = texts?.[i] ?? entryJson(entry[0], entry[1]);
    block.push(entry);
    parts.push(json);
    blockBytes += json.length;
    if (blockBytes >= blockBytesTarget) close();
  });
  if (block.length > 0) close();
  return {
    rawBlocks,
    blocks,
    blockFirstKeys,
    blockEntryStarts,
    rawBytes,
    entryCount: entries.length,
    firstKey: first[0],
    lastKey: last[0],
    bloom: buildBloomFilter(entries.map((e) => e[0]), bloomBitsPerKey),
  };
}

/** A version's header: everything but its value, which is all that merging and dots look at. */
export function withoutValue(v: Version): Version {
  return v.value === null ? v : { ...v, value: null };
}

export function encodeBlock(entries: readonly TableEntry[]): Uint8Array {
  return encoder.encode(JSON.stringify(entries));
}

/** Parses a stored block's JSON; undefined when it is not valid JSON (a damaged block). */
export function parseStoredJson(bytes: Uint8Array): { readonly parsed: unknown } | undefined {
  try {
    return { parsed: JSON.parse(decoder.decode(bytes)) };
  } catch {
    return undefined;
  }
}

/** Which block may hold `key`, by the sparse index; undefined when the key is outside the table. */
export function blockIndexFor(meta: TableMeta, key: string): number | undefined {
  if (key < meta.firstKey || key > meta.lastKey) return undefined;
  let lo = 0;
  let hi = meta.blockFirstKeys.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((meta.blockFirstKeys[mid] ?? '') <= key) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
