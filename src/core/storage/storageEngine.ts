/**
 * A node's storage engine, the chapter's write and read path: commit log (group commit), memtable,
 * SSTables with bloom filters, a hot-key cache, size-tiered compaction. Deterministic; all I/O
 * goes through a StorageDevice and a Compressor, and every completion is a callback.
 */
import { mergeIntoSiblings, mergeSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
import { headerOf } from '../versions/version';
import { BlockCache } from './blockCache';
import { CommitLog } from './commitLog';
import type { CompactionScope } from './compaction';
import type { Compressor } from './compressor';
import type { TablesAnswer } from './keyRead';
import { readKeyFromCachedBlocks, readKeyFromTables } from './keyRead';
import { LruCache } from './lruCache';
import { Maintenance } from './maintenance';
import { MemtableSet } from './memtableSet';
import type { CommitRecord, DeviceValue, StorageDevice, TableMeta } from './storageDevice';
import type { CompactionReport, StorageFailure, StorageOptions, StorageRead, StorageResult } from './storageOptions';
import { invalidStorageOptions, memtableBacklogFactor, storageFailure, storageOk } from './storageOptions';
import type { StorageCounters, StorageStats } from './storageStats';
import { zeroCounters } from './storageStats';
import type { TableIo } from './tableIo';
import { TableSet } from './tableSet';
import type { KeySiblings } from './tableScan';
import { scanTableHeaders, scanTables } from './tableScan';

/** What `open` answers: a ready engine and what it recovered, or why the disk could not be read. */
export type StorageOpen =
  | { readonly ok: true; readonly engine: StorageEngine; readonly tables: number; readonly records: number }
  | StorageFailure;

export class StorageEngine {
  private readonly io: TableIo;
  private readonly blockCache: BlockCache;
  private readonly log: CommitLog;
  private readonly memtables: MemtableSet;
  private readonly tables: TableSet;
  /**
   * The hot-key cache: a key's answer from the SSTables, so a hot key's next read searches no
   * block and decodes no entry (a flush merges the new table's part in; a compaction keeps it
   * right). Only answers some table was searched for are kept: an answer the bloom filters gave
   * alone (every table ruled out, or no table at all, as with a memtable large enough to hold
   * everything) costs a hash and a bit test per table to give again, less than keeping it did,
   * and it would evict the answers that are worth keeping.
   */
  private readonly cache: LruCache<string, readonly Version[]>;
  private readonly counters: StorageCounters = zeroCounters();
  private readonly maintenance: Maintenance;
  private readsInFlight = 0;
  /**
   * Told the keys whose expired tombstones a compaction purged, including compactions the engine
   * queued itself after a flush: whoever keeps an index of the keys must drop them.
   */
  onPurged: ((keys: readonly string[]) => void) | undefined = undefined;
  /**
   * Told when background work (a flush, a log truncation, a compaction the engine queued, a
   * deletion of compacted tables) fails, once until it works again: no caller waits on it, so
   * without this the failure would show only in the stats until writes are refused.
   */
  onBackgroundFailure: ((message: string) => void) | undefined = undefined;

  /**
   * Recovery: lists the tables (their metadata is the whole in-memory read path) and, at the same
   * time, reads the commit log, replayed into a fresh memtable. Records a flushed table already
   * holds may be replayed again (the log is truncated after the table lands); merging is
   * idempotent, so that is harmless.
   */
  static open(device: StorageDevice, compressor: Compressor, options: StorageOptions, done: (r: StorageOpen) => void): void {
    const invalid = invalidStorageOptions(options);
    if (invalid !== undefined) {
      done(storageFailure(`invalid storage options: ${invalid}`, true));
      return;
    }
    // The table list and the log are independent reads: both at once, one round trip.
    let tables: DeviceValue<readonly TableMeta[]> | undefined;
    let log: DeviceValue<readonly CommitRecord[]> | undefined;
    const both = (): void => {
      if (tables === undefined || log === undefined) return;
      const t = tables;
      const l = log;
      if (!t.ok) {
        done(storageFailure(`cannot list SSTables: ${t.message}`, true));
        return;
      }
      const foreign = t.value.find((m) => m.compression !== compressor.name);
      if (foreign !== undefined) {
        done(storageFailure(`SSTable ${foreign.id} was written with ${foreign.compression}, not ${compressor.name}`, true));
        return;
      }
      if (!l.ok) {
        done(storageFailure(`cannot read the commit log: ${l.message}`, true));
        return;
      }
      const engine = new StorageEngine({ device, compressor }, options, t.value, l.value);
      done({ ok: true, engine, tables: t.value.length, records: l.value.length });
      if (engine.memtables.active.byteSize >= options.memtableBytesMax) engine.maintenance.memtableFull();
    };
    device.listTables((r) => {
      tables = r;
      both();
    });
    device.readLog((r) => {
      log = r;
      both();
    });
  }

  private constructor(device: TableIo, private readonly options: StorageOptions, tables: readonly TableMeta[], log: readonly CommitRecord[]) {
    this.blockCache = new BlockCache(options.blockCacheBlocksMax);
    const io: TableIo = { device: device.device, compressor: device.compressor, blockCache: this.blockCache };
    this.io = io;
    this.memtables = new MemtableSet(options.mode);
    const records = [...log].sort((a, b) => a.seq - b.seq);
    for (const r of records) this.memtables.active.apply(r.key, r.versions, r.seq, options.mode);
    // A loop, not Math.max(...): a long log would exceed the engine's argument limit.
    const seqAfter = records.reduce((max, r) => Math.max(max, r.seq), tables.reduce((max, m) => Math.max(max, m.maxSeq), 0));
    this.log = new CommitLog(io.device, options.logQueueRecordsMax, records, seqAfter);
    this.tables = new TableSet(tables, (ids) => this.maintenance.deleteTables(ids));
    this.cache = new LruCache(options.cacheBytesMax, answerBytes);
    this.maintenance = new Maintenance({
      io,
      options,
      memtables: this.memtables,
      tables: this.tables,
      cache: this.cache,
      log: this.log,
      counters: this.counters,
      firstTableId: tables.reduce((max, m) => Math.max(max, m.id), 0) + 1,
      purged: (keys) => this.onPurged?.(keys),
      failed: (message) => this.onBackgroundFailure?.(message),
    });
  }

  /**
   * Merges versions into the key's siblings in the memtable now (arrival order, as LocalStore
   * does) and calls `done` once the commit-log record is durable. A write refused by a full
   * queue or memtable is a definite failure and changes nothing.
   */
  merge(key: string, incoming: readonly Version[], done: (r: StorageResult) => void): void {
    if (incoming.length === 0) {
      done(storageOk);
      return;
    }
    const refusal = this.refusal();
    if (refusal !== undefined) {
      this.counters.writesRefused++;
      done(storageFailure(refusal, true));
      return;
    }
    const seq = this.log.enqueue(key, incoming, (r) => {
      if (r.ok) {
        done(storageOk);
        return;
      }
      this.counters.lastError = r.message;
      done(storageFailure(`commit log append failed: ${r.message}`, false));
    });
    // Memory first, then the append: a device that calls back at once must not acknowledge a
    // write that a read cannot see yet.
    this.memtables.active.apply(key, incoming, seq, this.options.mode);
    if (this.memtables.active.byteSize >= this.options.memtableBytesMax) this.maintenance.memtableFull();
    this.log.pump();
  }

  /**
   * The key's siblings: memtables, then the cache or else the SSTables, merged (siblings can be
   * spread across tables). Calls back synchronously on a cache hit. The memtables are read when
   * the answer is ready, so it includes every write merged before `done` runs.
   */
  read(key: string, done: (r: StorageRead) => void): void {
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.counters.cacheHits++;
      done(this.withMemtables(key, cached));
      return;
    }
    this.counters.cacheMisses++;
    // Blocks in the block cache answer at once, without a callback per table (keyRead.ts).
    const now = readKeyFromCachedBlocks(this.io, this.tables, key, this.options.mode, this.counters);
    if (now !== undefined) {
      done(this.tablesRead(key, now));
      return;
    }
    this.readsInFlight++;
    readKeyFromTables(this.io, this.tables, key, this.options.mode, this.counters, (r) => {
      this.readsInFlight--;
      done(this.tablesRead(key, r));
    });
  }

  /** A read's answer from what the tables gave: cached if stable, merged with the memtables. */
  private tablesRead(key: string, r: DeviceValue<TablesAnswer>): StorageRead {
    if (!r.ok) {
      this.counters.lastError = r.message;
      return storageFailure(`read of ${key} failed: ${r.message}`, true);
    }
    if (r.value.stable && r.value.tablesSearched > 0) this.cache.set(key, r.value.versions);
    return this.withMemtables(key, r.value.versions);
  }

  /**
   * The memtables' versions merged into those of the tables: read now, so the answer has every
   * write merged before it. With nothing from the tables, the memtables' own array, not a copy:
   * a memtable replaces a key's array on each write rather than changing it, and the answer is
   * readonly, so no caller can change what the memtable holds. Likewise the tables' answer (the
   * hot-key cache's own array, which it also replaces rather than changes) when no memtable
   * holds the key, the usual case once a key is cached: a merge into nothing gives it back.
   */
  private withMemtables(key: string, tablePart: readonly Version[]): StorageRead {
    const inMemory = this.memtables.versions(key);
    if (tablePart.length === 0) return { ok: true, versions: inMemory };
    if (inMemory.length === 0) return { ok: true, versions: tablePart };
    return { ok: true, versions: mergeIntoSiblings(inMemory, tablePart, this.options.mode) };
  }

  /**
   * Read-modify-write in one step: `decide` sees the key's current siblings and returns the
   * versions to merge (none to write nothing); `done` gets the siblings right after the merge,
   * once durable. Reading and merging happen in one synchronous turn, so two updates of a key
   * never decide from the same state (a coordinator minting dots relies on this).
   */
  update(key: string, decide: (current: readonly Version[]) => readonly Version[], done: (r: StorageRead) => void): void {
    this.read(key, (r) => {
      if (!r.ok) {
        done(r);
        return;
      }
      const incoming = decide(r.versions);
      if (incoming.length === 0) {
        done(r);
        return;
      }
      const after = mergeSiblings(r.versions, incoming, this.options.mode);
      this.merge(key, incoming, (w) => done(w.ok ? { ok: true, versions: after } : w));
    });
  }

  /** The engine's device and compressor without its block cache: for reads that must not disturb it. */
  get ownIo(): TableIo {
    return { device: this.io.device, compressor: this.io.compressor };
  }

  /**
   * One key's siblings read through `via` (an inspector's own device and compressor, which must
   * not wait on the node's event queue), touching no counter and no cache.
   */
  peek(key: string, via: TableIo, done: (r: StorageRead) => void): void {
    this.readsInFlight++;
    readKeyFromTables(via, this.tables, key, this.options.mode, zeroCounters(), (r) => {
      this.readsInFlight--;
      if (!r.ok) done(storageFailure(`read of ${key} failed: ${r.message}`, true));
      else done({ ok: true, versions: mergeSiblings(this.memtables.versions(key), r.value.versions, this.options.mode) });
    });
  }

  /**
   * Every key's siblings: all live tables, then the memtables. A flush or compaction that lands
   * mid-scan adds tables, which the next pass reads (merging twice is harmless), so nothing is
   * missed. `via` reads the blocks instead of the engine's own device and compressor (an
   * inspector's view that must not wait on the node's event queue); no counter or cache is touched.
   */
  scan(done: (r: DeviceValue<KeySiblings>) => void, via: TableIo = this.io): void {
    this.scanWith(scanTables, via, (vs) => vs, done);
  }

  /**
   * Every key's version headers (values null): what `scan` would answer with the values left
   * out, read from each table's headers block (one read per table, no data block decoded). What
   * a node rebuilds its key index from at recovery.
   */
  scanHeaders(done: (r: DeviceValue<KeySiblings>) => void): void {
    this.scanWith(scanTableHeaders, this.io, (vs) => vs.map(headerOf), done);
  }

  private scanWith(
    scanner: typeof scanTables,
    io: TableIo,
    fromMemory: (versions: readonly Version[]) => readonly Version[],
    done: (r: DeviceValue<KeySiblings>) => void,
  ): void {
    const seen = new Set<number>();
    const out: KeySiblings = new Map();
    this.readsInFlight++;
    const pass = (): void => {
      const todo = this.tables.list().filter((t) => !seen.has(t.id));
      if (todo.length === 0) {
        this.readsInFlight--;
        for (const key of this.memtables.keys()) out.set(key, mergeSiblings(out.get(key) ?? [], fromMemory(this.memtables.versions(key)), this.options.mode));
        done({ ok: true, value: out });
        return;
      }
      for (const t of todo) seen.add(t.id);
      this.tables.pin(todo);
      scanner(io, todo, this.options.mode, out, (r) => {
        this.tables.unpin(todo);
        if (r.ok) pass();
        else {
          this.readsInFlight--;
          done(r);
        }
      });
    };
    pass();
  }

  /** Freezes the memtable and flushes every frozen one; `done` fires when none is left, or one failed. */
  flush(done: (r: StorageResult) => void): void {
    this.maintenance.flush(done);
  }

  /**
   * Runs a size-tiered compaction (or a major one of every table) after any pending flush. The
   * engine reads no clock: tombstones older than `tombstoneGraceMs` before `nowMs` may be purged.
   */
  compact(nowMs: number, done: (r: CompactionReport | StorageFailure) => void, scope: CompactionScope = 'sizeTiered'): void {
    this.maintenance.compact({ nowMs, scope, done });
  }

  /** Nothing queued, in flight or waiting (a failed flush waits for a trigger, so it counts as idle). */
  get idle(): boolean {
    return this.log.idle && this.maintenance.idle && this.readsInFlight === 0;
  }

  stats(): StorageStats {
    const tables = this.tables.list();
    const rawBytes = tables.reduce((n, t) => n + t.rawBytes, 0);
    const storedBytes = tables.reduce((n, t) => n + t.storedBytes, 0);
    return {
      ...this.counters,
      logRecords: this.log.durableRecords,
      logQueued: this.log.queuedRecords,
      logInFlight: this.log.inFlightRecords,
      logBatches: this.log.batchesAppended,
      logRecordsAppended: this.log.recordsAppended,
      memtableEntries: this.memtables.entryCount,
      memtableBytes: this.memtables.byteSize,
      frozenMemtables: this.memtables.frozenCount,
      tables: tables.map((t) => ({ id: t.id, entries: t.entryCount, blocks: t.blockFirstKeys.length, rawBytes: t.rawBytes, storedBytes: t.storedBytes })),
      tableCount: tables.length,
      tableStoredBytes: storedBytes,
      cacheEntries: this.cache.size,
      cacheBytes: this.cache.weight,
      blockCacheHits: this.blockCache.hits,
      blockCacheMisses: this.blockCache.misses,
      blockCacheBlocks: this.blockCache.size,
      compressionRatio: storedBytes === 0 ? 1 : rawBytes / storedBytes,
    };
  }

  private refusal(): string | undefined {
    if (!this.log.hasRoom) return `the commit log queue is full (${this.log.queuedRecords} records waiting)`;
    const bytes = this.memtables.byteSize;
    if (bytes >= this.options.memtableBytesMax * memtableBacklogFactor) {
      return `the memtables are full (${bytes} bytes): flushes are failing or falling behind`;
    }
    return undefined;
  }
}

/** What a version object, its dot and its context take in V8's heap, about, besides the value. */
const versionOverheadBytes = 100;

/**
 * The hot-key cache's weight of an answer: about the memory it keeps alive, a string value
 * counted by its length. Not the encoded size (entryCodec's), which walks every context and
 * measures every value's UTF-8: a flush weighs again each cached key it holds, and that took
 * about 3% of the simulator's time.
 */
function answerBytes(key: string, versions: readonly Version[]): number {
  let bytes = key.length;
  for (const v of versions) {
    const value = v.value;
    bytes += versionOverheadBytes + (typeof value === 'string' ? value.length : value === null ? 0 : JSON.stringify(value).length);
  }
  return bytes;
}
