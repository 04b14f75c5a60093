/**
 * Reading and writing SSTables through a device and a compressor: compress and store a draft,
 * look one key up (bloom filter, sparse index, one block), or read a whole table for compaction.
 */
import type { Version } from '../versions/version';
import { eachSeries } from './callbacks';
import type { BlockCache } from './blockCache';
import { BlockReader } from './blockReader';
import type { Compressor } from './compressor';
import { decodeHeaders, encodeHeaders } from './headersBlock';
import type { TableEntry } from './sstableFormat';
import { blockIndexFor, draftTable } from './sstableFormat';
import type { DeviceValue, StorageDevice, TableMeta } from './storageDevice';
import { deviceOk } from './storageDevice';

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

/**
 * Builds, compresses and writes a table of sorted, non-empty entries; `done` gets its metadata.
 * Its blocks join the block cache. `texts`: entries' JSON already at hand (see draftTable).
 */
export function writeTable(
  io: TableIo,
  id: number,
  maxSeq: number,
  entries: readonly TableEntry[],
  layout: TableLayout,
  done: (r: DeviceValue<TableMeta>) => void,
  texts?: readonly (string | undefined)[],
): void {
  const draft = draftTable(entries, layout.blockBytesTarget, layout.bloomBitsPerKey, texts);
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
      const headers = encodeHeaders(entries);
      stored.push(headers);
      const meta: TableMeta = {
        id,
        maxSeq,
        entryCount: draft.entryCount,
        firstKey: draft.firstKey,
        lastKey: draft.lastKey,
        blockFirstKeys: draft.blockFirstKeys,
        blockEntryStarts: draft.blockEntryStarts,
        rawBytes: draft.rawBytes + headers.length,
        storedBytes: stored.reduce((sum, b) => sum + b.length, 0),
        bloom: draft.bloom,
        headersBlock: draft.rawBlocks.length,
        compression: io.compressor.name,
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
 * Reads one block as a lazy reader (an entry is parsed when read), through the block cache when
 * `io` has one. `fill` false keeps a whole-table read (compaction) from flushing the hot blocks
 * out, as RocksDB's fill_cache does.
 */
export function readBlock(
  io: TableIo,
  meta: TableMeta,
  blockIndex: number,
  done: (r: DeviceValue<BlockReader>) => void,
  fill = true,
): void {
  const cache = io.blockCache;
  const cached = cache?.get(meta.id, blockIndex);
  if (cached !== undefined) {
    done({ ok: true, value: cached });
    return;
  }
  if (cache === undefined || !fill) {
    readStoredBlock(io, meta, blockIndex, done);
    return;
  }
  // Point reads of one block at once share one device read.
  if (cache.join(meta.id, blockIndex, done)) return;
  readStoredBlock(io, meta, blockIndex, (r) => cache.loaded(meta.id, blockIndex, r));
}

/** Reads, decompresses and outlines one stored block of a table, bypassing the block cache. */
export function readStoredBlock(io: TableIo, meta: TableMeta, blockIndex: number, done: (r: DeviceValue<BlockReader>) => void): void {
  if (meta.compression !== io.compressor.name) {
    done({
      ok: false,
      message: `SSTable ${meta.id} was compressed with ${meta.compression}, but this engine uses ${io.compressor.name}`,
    });
    return;
  }
  io.device.readBlock(meta.id, blockIndex, (r) => {
    if (!r.ok) {
      done(r);
      return;
    }
    io.compressor.decompress(r.value, (d) => done(d.ok ? BlockReader.decode(d.value, meta.blockEntryStarts?.[blockIndex]) : d));
  });
}

/** A table's headers block: every key's version headers, values null (headersBlock.ts). */
export function readHeadersBlock(io: TableIo, meta: TableMeta, blockIndex: number, done: (r: DeviceValue<TableEntry[]>) => void): void {
  io.device.readBlock(meta.id, blockIndex, (r) => done(r.ok ? decodeHeaders(r.value) : r));
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
    const i = r.value.indexOf(key);
    if (i < 0) {
      done(absent);
      return;
    }
    const versions = r.value.versionsAt(i);
    done(versions.ok ? { ok: true, value: { kind: 'found', versions: versions.value } } : versions);
  });
}

/** Every entry of a table in key order, block by block: a scan's input. */
export function readTableEntries(io: TableIo, meta: TableMeta, done: (r: DeviceValue<TableEntry[]>) => void): void {
  readTableWithTexts(io, meta, (r) => done(r.ok ? { ok: true, value: r.value.entries } : r));
}

/** Every entry of a table in key order, and each entry's stored JSON: compaction's input. */
export function readTableWithTexts(io: TableIo, meta: TableMeta, done: (r: DeviceValue<{ entries: TableEntry[]; texts: string[] }>) => void): void {
  const entries: TableEntry[] = [];
  const texts: string[] = [];
  eachSeries(
    meta.blockFirstKeys,
    (_firstKey, i, next) =>
      readBlock(
        io,
        meta,
        i,
        (r) => {
          const block = r.ok ? r.value.entries() : r;
          if (!r.ok || !block.ok) {
            next(block);
            return;
          }
          for (const e of block.value) entries.push(e);
          for (let k = 0; k < r.value.entryCount; k++) texts.push(r.value.entryText(k));
          next(deviceOk);
        },
        false,
      ),
    (r) => done(r.ok ? { ok: true, value: { entries, texts } } : r),
  );
}
