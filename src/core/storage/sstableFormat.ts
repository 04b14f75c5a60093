/**
 * The SSTable format: sorted entries cut into blocks of about `blockBytesTarget` encoded bytes,
 * a sparse index (each block's first key) and a bloom filter. Pure: encoding, decoding, lookup.
 *
 * A table is its data blocks, each compressed, then its headers block, uncompressed
 * (headersBlock.ts). Tables written now are binary (`blockFormat`): a data block holds its
 * entries (entryCodec.ts), their offsets and their count (binaryBlock.ts). Tables written before
 * hold JSON blocks (jsonBlock.ts); they are read, and a compaction rewrites them as binary.
 */
import type { Version } from '../versions/version';
import { BinaryBlock } from './binaryBlock';
import { buildBloomFilter } from './bloomFilter';
import type { BloomFilterData } from './bloomFilter';
import { ByteWriter } from './byteCodec';
import type { DataBlock } from './dataBlock';
import type { StoredValues } from './entryCodec';
import { encodeEntry } from './entryCodec';
import { JsonBlock } from './jsonBlock';
import type { DeviceValue, TableMeta } from './storageDevice';

/** One key and its sibling set, as a table stores it. */
export type TableEntry = readonly [key: string, versions: readonly Version[]];

/** A table before compression: the raw blocks and everything its metadata needs. */
export interface TableDraft {
  readonly rawBlocks: readonly Uint8Array[];
  /** Each block as a reader (with a flush's entries at hand): what a block cache can hold without decoding them again. */
  readonly blocks: readonly DataBlock[];
  readonly blockFirstKeys: readonly string[];
  readonly rawBytes: number;
  readonly entryCount: number;
  readonly firstKey: string;
  readonly lastKey: string;
  readonly bloom: BloomFilterData;
  /** The table's headers block (headersBlock.ts), stored uncompressed after the data blocks. */
  readonly headers: Uint8Array;
}

/**
 * The format of the tables this build writes (TableMeta.blockFormat): data blocks of binary
 * entries (binaryBlock.ts, entryCodec.ts) and a binary headers block. Tables without the field
 * were written before it, in JSON (jsonBlock.ts), and are still read.
 */
export const blockFormat = 'binary-v1';

/** Cuts sorted, non-empty entries into blocks (a flush's table). */
export function draftTable(entries: readonly TableEntry[], blockBytesTarget: number, bloomBitsPerKey: number): TableDraft {
  const builder = new TableDraftBuilder(blockBytesTarget, bloomBitsPerKey, true);
  for (const [key, versions] of entries) builder.add(key, versions);
  return builder.finish();
}

/**
 * A table drafted entry by entry, in key order (draftTable, or a compaction's merge as it goes).
 * A block closes once it reaches the target, so a single large entry makes a block of its own
 * rather than being split. `keepParsed`: whether the blocks keep their entries' versions for
 * the block cache. A flush's are the memtable's own objects, alive anyway, and are kept; a
 * compaction's would be fresh objects, which are better left to die young than promoted with
 * the cached block (a read decodes the entry it wants).
 */
export class TableDraftBuilder {
  private readonly rawBlocks: Uint8Array[] = [];
  private readonly blocks: DataBlock[] = [];
  private readonly blockFirstKeys: string[] = [];
  private readonly keys: string[] = [];
  private rawBytes = 0;
  /** The open block's entries, then (at its close) their offsets and count. */
  private readonly data: ByteWriter;
  /** Every entry's key and headers: the headers block. */
  private readonly headers: ByteWriter;
  /** Where each entry of the open block starts. */
  private starts: number[] = [];
  private parsed: (readonly Version[])[] = [];

  constructor(
    private readonly blockBytesTarget: number,
    private readonly bloomBitsPerKey: number,
    private readonly keepParsed: boolean,
  ) {
    this.data = new ByteWriter(blockBytesTarget + 1024);
    this.headers = new ByteWriter(blockBytesTarget);
  }

  get entryCount(): number {
    return this.keys.length;
  }

  /** Adds the next entry, encoding it; the values `stored` read as bytes are copied (a merge's). */
  add(key: string, versions: readonly Version[], stored?: StoredValues): void {
    if (this.keepParsed && stored !== undefined) throw new Error('a draft that keeps its entries parsed needs their values at hand');
    const start = this.open(key);
    const headersEnd = encodeEntry(this.data, key, versions, stored);
    this.headers.copy(this.data.bytes, start, headersEnd);
    if (this.keepParsed) this.parsed.push(versions);
    this.closeIfFull();
  }

  /** Adds the next entry as `from` stores it (DataBlock.copyableVersions), without decoding it. */
  copy(key: string, from: DataBlock, i: number): void {
    if (this.keepParsed) throw new Error('a draft that keeps its entries parsed cannot copy stored ones');
    this.open(key);
    from.copyTo(i, this.data, this.headers);
    this.closeIfFull();
  }

  /** The draft of every entry added; there must be at least one. */
  finish(): TableDraft {
    if (this.starts.length > 0) this.closeBlock();
    const first = this.keys[0];
    const last = this.keys[this.keys.length - 1];
    if (first === undefined || last === undefined) throw new Error('an SSTable needs at least one entry');
    this.headers.u32(this.keys.length);
    return {
      rawBlocks: this.rawBlocks,
      blocks: this.blocks,
      blockFirstKeys: this.blockFirstKeys,
      rawBytes: this.rawBytes,
      entryCount: this.keys.length,
      firstKey: first,
      lastKey: last,
      bloom: buildBloomFilter(this.keys, this.bloomBitsPerKey),
      headers: this.headers.take(),
    };
  }

  private open(key: string): number {
    if (this.starts.length === 0) this.blockFirstKeys.push(key);
    this.keys.push(key);
    const start = this.data.length;
    this.starts.push(start);
    return start;
  }

  private closeIfFull(): void {
    // The block's size as stored: its entries, an offset each and the count.
    if (this.data.length + 4 * this.starts.length + 4 >= this.blockBytesTarget) this.closeBlock();
  }

  private closeBlock(): void {
    for (const start of this.starts) this.data.u32(start);
    this.data.u32(this.starts.length);
    const bytes = this.data.take();
    this.rawBlocks.push(bytes);
    this.blocks.push(BinaryBlock.written(bytes, this.keepParsed ? this.parsed : undefined));
    this.rawBytes += bytes.length;
    this.starts = [];
    this.parsed = [];
  }
}

/**
 * A stored data block of `meta`, decoded as its table's format says. Block `index`'s entry starts
 * help read a JSON block (TableMeta.blockEntryStarts).
 */
export function decodeDataBlock(meta: TableMeta, index: number, bytes: Uint8Array): DeviceValue<DataBlock> {
  const format: string | undefined = meta.blockFormat;
  if (format === blockFormat) return BinaryBlock.decode(bytes);
  if (format === undefined) return JsonBlock.decode(bytes, meta.blockEntryStarts?.[index]);
  return { ok: false, message: `SSTable ${meta.id} is in a format this version of Ringlab does not know (${format})` };
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
