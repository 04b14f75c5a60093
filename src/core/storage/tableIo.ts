/**
 * Reading and writing SSTables through a device and a compressor: compress and store a draft,
 * look one key up (bloom filter, sparse index, one block), or read a whole table for compaction.
 */
import type { Version } from '../versions/version';
import { eachSeries } from './callbacks';
import type { BlockCache } from './blockCache';
import type { Compressor } from './compressor';
import type { DataBlock } from './dataBlock';
import { decodeHeaders } from './headersBlock';
import type { TableDraft, TableEntry } from './sstableFormat';
import { blockFormat, blockIndexFor, decodeDataBlock, draftTable } from './sstableFormat';
import type { DeviceValue, StorageDevice, TableMeta } from './storageDevice';
import { deviceOk } from './storageDevice';
import type { InputBlocks } from './compaction';

/** What a table's block said about a key its bloom filter let through. */
export type TableLookup =
  | { readonly kind: 'absent' }
  | { readonly kind: 'found'; readonly versions: readonly Version[] };

export interface TableIo {
  readonly device: StorageDevice;
  readonly compressor: Compressor;
  /** Decoded blocks a point read may reuse; absent for readers that must not share the engine's. */
  readonly blockCache?: BlockCache;
}

export interface TableLayout {
  readonly blockBytesTarget: number;
  readonly bloomBitsPerKey: number;
}

/** Builds, compresses and writes a table of sorted, non-empty entries; `done` gets its metadata. */
export function writeTable(
  io: TableIo,
  id: number,
  maxSeq: number,
  entries: readonly TableEntry[],
  layout: TableLayout,
  done: (r: DeviceValue<TableMeta>) => void,
): void {
  writeDraft(io, id, maxSeq, draftTable(entries, layout.blockBytesTarget, layout.bloomBitsPerKey), done);
}

/** Compresses and writes a drafted table; `done` gets its metadata. Its blocks join the block cache. */
export function writeDraft(io: TableIo, id: number, maxSeq: number, draft: TableDraft, done: (r: DeviceValue<TableMeta>) => void): void {
  const stored: Uint8Array[] = [];
  eachSeries(
    draft.rawBlocks,
    (raw, _i, next) =>
      io.compressor.compress(raw, (r) => {
        if (!r.ok) {
          next(r);
          return;
        }
        stored.push(r.value);
        next(deviceOk);
      }),
    (r) => {
      if (!r.ok) {
        done(r);
        return;
      }
      // Every key's version headers: what recovery reads instead of the data blocks. Last, so
      // data block i keeps index i; uncompressed (headersBlock.ts).
      const headers = draft.headers;
      stored.push(headers);
      const meta: TableMeta = {
        id,
        maxSeq,
        entryCount: draft.entryCount,
        firstKey: draft.firstKey,
        lastKey: draft.lastKey,
        blockFirstKeys: draft.blockFirstKeys,
        rawBytes: draft.rawBytes + headers.length,
        storedBytes: stored.reduce((sum, b) => sum + b.length, 0),
        bloom: draft.bloom,
        headersBlock: draft.rawBlocks.length,
        compression: io.compressor.name,
        blockFormat,
      };
      io.device.writeTable(meta, stored, (w) => {
        if (!w.ok) {
          done(w);
          return;
        }
        // The new table's blocks are hot (its keys were just written), and their decoded
        // entries are at hand: caching them now spares the first reads a decode, as RocksDB's
        // prepopulate_block_cache does for flushes.
        draft.blocks.forEach((block, i) => io.blockCache?.set(id, i, block));
        done({ ok: true, value: meta });
      });
    },
  );
}

/**
 * Reads one block as a reader (an entry is decoded when read), through the block cache when
 * `io` has one: a point read's block.
 */
export function readBlock(io: TableIo, meta: TableMeta, blockIndex: number, done: (r: DeviceValue<DataBlock>) => void): void {
  const cache = io.blockCache;
  const cached = cache?.get(meta.id, blockIndex);
  if (cached !== undefined) {
    done({ ok: true, value: cached });
    return;
  }
  if (cache === undefined) {
    readStoredBlock(io, meta, blockIndex, done);
    return;
  }
  // Point reads of one block at once share one device read.
  if (cache.join(meta.id, blockIndex, done)) return;
  readStoredBlock(io, meta, blockIndex, (r) => cache.loaded(meta.id, blockIndex, r));
}

/** Reads, decompresses and outlines one stored block of a table, bypassing the block cache. */
export function readStoredBlock(io: TableIo, meta: TableMeta, blockIndex: number, done: (r: DeviceValue<DataBlock>) => void): void {
  readStoredBytes(io, meta, blockIndex, (r) => {
    if (!r.ok) {
      done(r);
      return;
    }
    io.compressor.decompress(r.value, (d) => done(d.ok ? decodeDataBlock(meta, blockIndex, d.value) : d));
  });
}

/** One stored block's bytes as the device holds them, still compressed. */
function readStoredBytes(io: TableIo, meta: TableMeta, blockIndex: number, done: (r: DeviceValue<Uint8Array>) => void): void {
  if (meta.compression !== io.compressor.name) {
    done({
      ok: false,
      message: `SSTable ${meta.id} was compressed with ${meta.compression}, but this engine uses ${io.compressor.name}`,
    });
    return;
  }
  io.device.readBlock(meta.id, blockIndex, done);
}

/** A table's headers block: every key's version headers, values null (headersBlock.ts). */
export function readHeadersBlock(io: TableIo, meta: TableMeta, blockIndex: number, done: (r: DeviceValue<TableEntry[]>) => void): void {
  io.device.readBlock(meta.id, blockIndex, (r) => done(r.ok ? decodeHeaders(meta, r.value) : r));
}

/** The answer of every lookup that finds nothing: one object, not one per lookup. */
const absent: DeviceValue<TableLookup> = Object.freeze({ ok: true, value: Object.freeze({ kind: 'absent' }) });

/** One key in one table whose bloom filter the caller checked: the sparse index, then one block. */
export function lookupKey(io: TableIo, meta: TableMeta, key: string, done: (r: DeviceValue<TableLookup>) => void): void {
  const blockIndex = blockIndexFor(meta, key);
  if (blockIndex === undefined) {
    done(absent);
    return;
  }
  readBlock(io, meta, blockIndex, (r) => {
    if (!r.ok) {
      done(r);
      return;
    }
    const versions = versionsInBlock(r.value, key);
    if (versions === undefined) done(absent);
    else done(versions.ok ? { ok: true, value: { kind: 'found', versions: versions.value } } : versions);
  });
}

/** The key's versions in a block read for it; undefined when it is not there. */
export function versionsInBlock(block: DataBlock, key: string): DeviceValue<readonly Version[]> | undefined {
  const i = block.indexOf(key);
  return i < 0 ? undefined : block.versionsAt(i);
}

/** Every entry of a table in key order: a scan's input. */
export function readTableEntries(io: TableIo, meta: TableMeta, done: (r: DeviceValue<TableEntry[]>) => void): void {
  gatherTable(io, meta, (g) => {
    if (!g.ok) {
      done(g);
      return;
    }
    decompressTable(io, g.value, (d) => {
      if (!d.ok) {
        done(d);
        return;
      }
      const entries: TableEntry[] = [];
      const next = tableBlocks(d.value);
      for (let block = next(); block !== undefined; block = next()) {
        const decoded = block.ok ? block.value.entries() : block;
        if (!decoded.ok) {
          done(decoded);
          return;
        }
        for (const e of decoded.value) entries.push(e);
      }
      done({ ok: true, value: entries });
    });
  });
}

/**
 * A table read whole: per block, the block cache's reader when it held one, else the stored
 * bytes as the device gave them (gatherTable), or those bytes decompressed (decompressTable).
 * Blocks are decoded only as a reader reaches them (tableBlocks).
 *
 * Why: a whole-table read waits for the device once per block, and a compaction reads all its
 * inputs before merging; decoded as they arrived, the entries of every block read so far (every
 * version of every key, and each block's text) lived through all the later reads and the merge,
 * long enough to be copied out of V8's young generation and promoted. Bytes are the device's
 * own, or one array each once decompressed, which the collector does not walk.
 */
export interface WholeTable {
  readonly meta: TableMeta;
  readonly blocks: readonly (DataBlock | Uint8Array)[];
}

/**
 * Reads every block of a table, block by block, through the block cache without filling it
 * (a whole-table read must not flush the hot blocks out, as RocksDB's fill_cache false).
 */
export function gatherTable(io: TableIo, meta: TableMeta, done: (r: DeviceValue<WholeTable>) => void): void {
  const blocks: (DataBlock | Uint8Array)[] = [];
  eachSeries(
    meta.blockFirstKeys,
    (_firstKey, i, next) => {
      const cached = io.blockCache?.get(meta.id, i);
      if (cached !== undefined) {
        blocks.push(cached);
        next(deviceOk);
        return;
      }
      readStoredBytes(io, meta, i, (r) => {
        if (!r.ok) {
          next(r);
          return;
        }
        blocks.push(r.value);
        next(deviceOk);
      });
    },
    (r) => done(r.ok ? { ok: true, value: { meta, blocks } } : r),
  );
}

/** A gathered table with its stored blocks decompressed (cached readers stay as they are). */
export function decompressTable(io: TableIo, table: WholeTable, done: (r: DeviceValue<WholeTable>) => void): void {
  const blocks: (DataBlock | Uint8Array)[] = [];
  eachSeries(
    table.blocks,
    (block, _i, next) => {
      if (!isBytes(block)) {
        blocks.push(block);
        next(deviceOk);
        return;
      }
      io.compressor.decompress(block, (d) => {
        if (d.ok) blocks.push(d.value);
        next(d);
      });
    },
    (r) => done(r.ok ? { ok: true, value: { meta: table.meta, blocks } } : r),
  );
}

/** A decompressed table's blocks, decoded one at a time as they are asked for: a merge's or a scan's input. */
export function tableBlocks(table: WholeTable): InputBlocks {
  let i = 0;
  return () => {
    const block = table.blocks[i];
    if (block === undefined) return undefined;
    const index = i++;
    return isBytes(block) ? decodeDataBlock(table.meta, index, block) : { ok: true, value: block };
  };
}

/** Stored bytes rather than a cached reader; isView, not instanceof, holds for arrays of any realm. */
function isBytes(block: DataBlock | Uint8Array): block is Uint8Array {
  return ArrayBuffer.isView(block);
}
