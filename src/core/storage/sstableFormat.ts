/**
 * The SSTable format: sorted entries cut into blocks of about `blockBytesTarget` encoded bytes,
 * a sparse index (each block's first key) and a bloom filter. Pure: encoding, decoding, lookup.
 */
import type { Version } from '../versions/version';
import { BlockReader } from './blockReader';
import { buildBloomFilter } from './bloomFilter';
import { entryJson } from './entryJson';
import { headersBlockOf, headersPart } from './headersBlock';
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
  /** The table's headers block (headersBlock.ts), stored uncompressed after the data blocks. */
  readonly headers: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * Cuts sorted, non-empty entries into blocks. A block closes once it reaches the target, so a
 * single large entry makes a block of its own rather than being split. `texts` may give entries'
 * JSON already at hand (a compaction copying entries through), which must be JSON.stringify's.
 */
export function draftTable(entries: readonly TableEntry[], blockBytesTarget: number, bloomBitsPerKey: number, texts?: readonly (string | undefined)[]): TableDraft {
  const builder = new TableDraftBuilder(blockBytesTarget, bloomBitsPerKey, texts === undefined);
  entries.forEach((entry, i) => builder.add(entry[0], entry[1], texts?.[i]));
  return builder.finish();
}

/**
 * A table drafted entry by entry, in key order (draftTable, or a compaction's merge as it goes).
 * `keepParsed`: whether the blocks keep their entries' versions for the block cache. A flush's
 * are the memtable's own objects, alive anyway, and are kept; a compaction's are fresh parses of
 * its inputs, so its blocks keep only their text, and those objects die young instead of being
 * promoted with the cached block (a read parses the entry it wants again).
 */
export class TableDraftBuilder {
  private readonly rawBlocks: Uint8Array[] = [];
  private readonly blocks: BlockReader[] = [];
  private readonly blockFirstKeys: string[] = [];
  private readonly blockEntryStarts: number[][] = [];
  private readonly keys: string[] = [];
  private readonly headerParts: string[] = [];
  private rawBytes = 0;
  // The open block. Each entry is stringified once: its length decides the cut, and the
  // block's JSON is the entries' JSON joined, byte for byte what JSON.stringify(block) gives.
  private block: TableEntry[] = [];
  private parts: string[] = [];
  private blockBytes = 0;

  constructor(
    private readonly blockBytesTarget: number,
    private readonly bloomBitsPerKey: number,
    private readonly keepParsed: boolean,
  ) {}

  get entryCount(): number {
    return this.keys.length;
  }

  /** Adds the next entry; `text`, when given, is its JSON (JSON.stringify's). */
  add(key: string, versions: readonly Version[], text?: string): void {
    if (this.block.length === 0) this.blockFirstKeys.push(key);
    const json = text ?? entryJson(key, versions);
    this.keys.push(key);
    this.block.push([key, versions]);
    this.parts.push(json);
    this.blockBytes += json.length;
    if (this.blockBytes >= this.blockBytesTarget) this.closeBlock();
  }

  /** The draft of every entry added; there must be at least one. */
  finish(): TableDraft {
    if (this.block.length > 0) this.closeBlock();
    const first = this.keys[0];
    const last = this.keys[this.keys.length - 1];
    if (first === undefined || last === undefined) throw new Error('an SSTable needs at least one entry');
    return {
      rawBlocks: this.rawBlocks,
      blocks: this.blocks,
      blockFirstKeys: this.blockFirstKeys,
      blockEntryStarts: this.blockEntryStarts,
      rawBytes: this.rawBytes,
      entryCount: this.keys.length,
      firstKey: first,
      lastKey: last,
      bloom: buildBloomFilter(this.keys, this.bloomBitsPerKey),
      headers: headersBlockOf(this.headerParts),
    };
  }

  private closeBlock(): void {
    const reader = BlockReader.fromParts(this.parts, this.block, this.keepParsed);
    const bytes = encoder.encode(reader.json);
    this.rawBlocks.push(bytes);
    this.blocks.push(reader);
    this.blockEntryStarts.push(reader.entryStarts());
    this.headerParts.push(headersPart(this.block));
    this.rawBytes += bytes.length;
    this.block = [];
    this.parts = [];
    this.blockBytes = 0;
  }
}

/** A version's header: everything but its value, which is all that merging and dots look at. */
export function withoutValue(v: Version): Version {
  return v.value === null ? v : { ...v, value: null };
}

export function encodeBlock(entries: readonly TableEntry[]): Uint8Array {
  return encoder.encode(JSON.stringify(entries));
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
