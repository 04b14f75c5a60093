/**
 * The engine's background work: flushing frozen memtables to SSTables (then truncating the log),
 * one at a time, and running compactions, one at a time. A flush and a compaction may run
 * together, as RocksDB runs them on separate threads: a long compaction must not hold flushes
 * back until the memtables fill and writes are refused. Tables are swapped in only after their
 * write succeeds, so a failed job changes nothing.
 */
import { mergeIntoSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
import { bloomMightContain } from './bloomFilter';
import type { CommitLog } from './commitLog';
import type { CompactionScope, TieringRule } from './compaction';
import { planSizeTiered } from './compaction';
import { runCompaction } from './compactionJob';
import type { LruCache } from './lruCache';
import type { Memtable } from './memtable';
import type { MemtableSet } from './memtableSet';
import type { TableMeta } from './storageDevice';
import type { CompactionReport, StorageFailure, StorageOptions, StorageResult } from './storageOptions';
import { storageFailure, storageOk } from './storageOptions';
import type { StorageCounters } from './storageStats';
import type { TableIo, TableLayout } from './tableIo';
import { writeTable } from './tableIo';
import type { TableSet } from './tableSet';

/** Compaction requests waiting behind the running one. */
export const compactionQueueMax = 8;

interface CompactionRequest {
  readonly nowMs: number;
  readonly scope: CompactionScope;
  readonly done: (r: CompactionReport | StorageFailure) => void;
}

/** The engine state background work reads and changes. */
export interface MaintenanceParts {
  readonly io: TableIo;
  readonly options: StorageOptions;
  readonly memtables: MemtableSet;
  readonly tables: TableSet;
  readonly cache: LruCache<string, readonly Version[]>;
  readonly log: CommitLog;
  readonly counters: StorageCounters;
  readonly firstTableId: number;
  /** Told the keys whose expired tombstones a compaction purged, whoever asked for it. */
  readonly purged: (keys: readonly string[]) => void;
  /** Told a background job's failure, once until that kind of job works again (retries are not news). */
  readonly failed: (message: string) => void;
}

/** Background jobs whose failures no caller hears of: the engine tells them through `failed`. */
type BackgroundJob = 'flush' | 'log truncation' | 'compaction' | 'table deletion';

export class Maintenance {
  private flushing = false;
  private compacting = false;
  /** A flush failed: retry on the next explicit flush or full memtable, never in a loop. */
  private flushBlocked = false;
  private flushWaiters: ((r: StorageResult) => void)[] = [];
  private compactions: CompactionRequest[] = [];
  private nextTableId: number;
  /** Truncations and deletions in flight: fire-and-forget, but they keep the engine from idling. */
  backgroundIo = 0;
  /**
   * The latest time a caller gave (the engine reads no clock). A compaction the engine starts by
   * itself purges with it: time only moves on, so a tombstone expired then is expired now.
   */
  private latestNowMs = Number.NEGATIVE_INFINITY;

  /** Jobs whose last run failed and was told: their next failures are retries, not news. */
  private readonly told = new Set<BackgroundJob>();

  constructor(private readonly p: MaintenanceParts) {
    this.nextTableId = p.firstTableId;
  }

  get idle(): boolean {
    const flushPending = this.p.memtables.frozenCount > 0 && !this.flushBlocked;
    return !this.flushing && !this.compacting && !flushPending && this.compactions.length === 0 && this.backgroundIo === 0;
  }

  private get tieringRule(): TieringRule {
    return { tablesMin: this.p.options.compactionTablesMin, tablesMax: this.p.options.compactionTablesMax };
  }

  /** The active memtable passed its threshold: freeze it and flush (retrying a failed flush too). */
  memtableFull(): void {
    this.p.memtables.freeze();
    this.flushBlocked = false;
    this.kick();
  }

  flush(done: (r: StorageResult) => void): void {
    this.p.memtables.freeze();
    this.flushBlocked = false;
    if (this.p.memtables.frozenCount === 0) {
      done(storageOk);
      return;
    }
    this.flushWaiters.push(done);
    this.kick();
  }

  compact(request: CompactionRequest): void {
    if (request.nowMs > this.latestNowMs) this.latestNowMs = request.nowMs;
    if (this.compactions.length >= compactionQueueMax) {
      request.done(storageFailure('too many compactions are waiting', true));
      return;
    }
    this.compactions.push(request);
    this.kick();
  }

  private kick(): void {
    const oldest = this.p.memtables.oldestFrozen;
    if (!this.flushing && oldest !== undefined && !this.flushBlocked) this.startFlush(oldest);
    if (this.compacting) return;
    const request = this.compactions.shift();
    if (request !== undefined) this.startCompaction(request);
  }

  private get layout(): TableLayout {
    return { blockBytesTarget: this.p.options.blockBytesTarget, bloomBitsPerKey: this.p.options.bloomBitsPerKey };
  }

  private startFlush(memtable: Memtable): void {
    const { io, options, memtables, tables, cache, counters } = this.p;
    this.flushing = true;
    writeTable(io, this.nextTableId++, memtable.maxSeq, memtable.sortedEntries(), this.layout, (r) => {
      this.flushing = false;
      if (!r.ok) {
        counters.flushFailures++;
        this.background('flush', r);
        this.flushBlocked = true;
        this.settleFlushWaiters(storageFailure(`flush failed: ${r.message}`, false));
        this.kick();
        return;
      }
      this.background('flush', r);
      memtables.dropFlushed(memtable);
      tables.add(r.value);
      counters.flushes++;
      // The cache holds each key's SSTable answer: the new table joins it, in front, where a
      // read of the tables (newest first) would put its versions.
      for (const key of memtable.keys()) cache.update(key, (old) => mergeIntoSiblings(memtable.get(key) ?? [], old, options.mode));
      this.truncateLog(memtable.maxSeq);
      if (memtables.frozenCount === 0) this.settleFlushWaiters(storageOk);
      this.compactAfterFlush();
      this.kick();
    });
  }

  /**
   * Every flush adds a table, and every table is one more place a read must look: as Cassandra
   * does, a flush that leaves a size tier full queues a compaction at once instead of waiting for
   * the node's storage timer. It purges tombstones by the latest time the node gave.
   */
  private compactAfterFlush(): void {
    if (this.compactions.length > 0 || planSizeTiered(this.p.tables.list(), this.tieringRule).length === 0) return;
    this.compactions.push({
      nowMs: this.latestNowMs,
      scope: 'sizeTiered',
      done: (r) => this.background('compaction', r),
    });
  }

  private settleFlushWaiters(r: StorageResult): void {
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const w of waiters) w(r);
  }

  private truncateLog(throughSeq: number): void {
    this.backgroundIo++;
    this.p.io.device.truncateLog(throughSeq, (r) => {
      this.backgroundIo--;
      // A failed truncation only leaves records that replay merges again: harmless.
      if (r.ok) this.p.log.truncated(throughSeq);
      this.background('log truncation', r);
    });
  }

  private startCompaction(request: CompactionRequest): void {
    const { io, options, memtables, tables, cache, counters } = this.p;
    // Newest first, as reads list the tables (and the plan keeps the list's order): the merge
    // then keeps each key's siblings in the order a read gave them.
    const list = tables.list();
    const inputs = request.scope === 'major' ? [...list] : planSizeTiered(list, this.tieringRule);
    if (inputs.length === 0) {
      request.done({ ok: true, tablesIn: 0, tablesOut: 0, versionsDropped: 0, tombstonesDropped: 0, purgedKeys: [] });
      this.kick();
      return;
    }
    // A bucket of similar sizes can skip a table that lies between two of its inputs in age. The
    // output then sits before that table, so a read lists the skipped table's versions after the
    // merged ones, where the cached answers (read before) list them among them.
    const first = list.indexOf(inputs[0] as TableMeta);
    const adjacent = inputs.every((t, k) => list[first + k] === t);
    this.compacting = true;
    const inputIds = new Set(inputs.map((t) => t.id));
    const purge = {
      mode: options.mode,
      nowMs: request.nowMs,
      tombstoneGraceMs: options.tombstoneGraceMs,
      // Asked when the inputs are merged, of the tables then: one a flush added meanwhile counts.
      mayExistElsewhere: (key: string) => memtables.has(key) || tables.outsideOf(inputIds).some((t) => bloomMightContain(t.bloom, key)),
    };
    runCompaction(io, { inputs, outputId: this.nextTableId++, layout: this.layout, purge }, (r) => {
      this.compacting = false;
      if (!r.ok) {
        counters.compactionFailures++;
        counters.lastError = r.message;
        request.done(storageFailure(`compaction failed: ${r.message}`, true));
        this.kick();
        return;
      }
      const { output, versionsDropped, tombstonesDropped, purgedKeys } = r.value;
      tables.replace(inputs, output);
      for (const t of inputs) io.blockCache?.forgetTable(t.id, t.blockFirstKeys.length);
      // A compaction of tables adjacent in age merges siblings exactly as a read of them does, so
      // cached answers stay right, siblings in the same order, except for keys whose tombstones it
      // purged. Otherwise the order changed: every answer goes (none did in the simulator bench's
      // 324 compactions).
      if (adjacent) for (const key of purgedKeys) cache.delete(key);
      else cache.clear();
      if (purgedKeys.length > 0) this.p.purged(purgedKeys);
      counters.compactions++;
      counters.versionsDropped += versionsDropped;
      counters.tombstonesDropped += tombstonesDropped;
      request.done({ ok: true, tablesIn: inputs.length, tablesOut: output === undefined ? 0 : 1, versionsDropped, tombstonesDropped, purgedKeys });
      this.kick();
    });
  }

  /** Deletes one compaction's replaced tables, all in one device operation (see TableSet). */
  deleteTables(ids: number[]): void {
    this.backgroundIo++;
    this.p.io.device.deleteTables(ids, (r) => {
      this.backgroundIo--;
      this.background('table deletion', r);
      this.p.tables.deletionDone(ids, r.ok);
    });
  }

  /** Keeps a background job's failure for the inspector and tells it, once until the job works again. */
  private background(job: BackgroundJob, r: { readonly ok: true } | { readonly ok: false; readonly message: string }): void {
    if (r.ok) {
      this.told.delete(job);
      return;
    }
    this.p.counters.lastError = r.message;
    if (this.told.has(job)) return;
    this.told.add(job);
    this.p.failed(`background ${job} failed (the inspector shows its latest error): ${r.message}`);
  }
}
