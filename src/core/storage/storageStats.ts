/**
 * What the engine measures, for the node's stats view and the benchmarks: counters the engine
 * bumps as it works, and the snapshot type it reports. Pure data.
 */

/** Counters that only grow, kept by the engine. */
export interface StorageCounters {
  bloomChecks: number;
  bloomNegatives: number;
  /** The filter said "maybe" and the table did not hold the key. */
  bloomFalsePositives: number;
  cacheHits: number;
  cacheMisses: number;
  flushes: number;
  flushFailures: number;
  compactions: number;
  compactionFailures: number;
  versionsDropped: number;
  tombstonesDropped: number;
  /** Writes refused before touching memory (queue or memtable full): definite failures. */
  writesRefused: number;
  lastError: string | undefined;
}

export function zeroCounters(): StorageCounters {
  return {
    bloomChecks: 0,
    bloomNegatives: 0,
    bloomFalsePositives: 0,
    cacheHits: 0,
    cacheMisses: 0,
    flushes: 0,
    flushFailures: 0,
    compactions: 0,
    compactionFailures: 0,
    versionsDropped: 0,
    tombstonesDropped: 0,
    writesRefused: 0,
    lastError: undefined,
  };
}

/** One live SSTable, as the stats view lists it. */
export interface TableStats {
  readonly id: number;
  readonly entries: number;
  readonly blocks: number;
  readonly rawBytes: number;
  readonly storedBytes: number;
}

export interface StorageStats extends Readonly<StorageCounters> {
  /** Durable commit-log records not yet truncated by a flush. */
  readonly logRecords: number;
  /** Records waiting for the next group commit, and in the batch in flight. */
  readonly logQueued: number;
  readonly logInFlight: number;
  /** Group commits so far, and the records they carried. */
  readonly logBatches: number;
  readonly logRecordsAppended: number;
  /** Active plus frozen (flushing) memtables. */
  readonly memtableEntries: number;
  readonly memtableBytes: number;
  readonly frozenMemtables: number;
  readonly tables: readonly TableStats[];
  readonly tableCount: number;
  readonly tableStoredBytes: number;
  /** Keys in the hot-key cache, and about how much memory their answers take (what its bound counts). */
  readonly cacheEntries: number;
  readonly cacheBytes: number;
  /** Point reads of a block served decoded from memory, and those that went to the device. */
  readonly blockCacheHits: number;
  readonly blockCacheMisses: number;
  readonly blockCacheBlocks: number;
  /** Raw bytes ÷ stored bytes over the live tables; 1 when there are none. */
  readonly compressionRatio: number;
}
