// The inspected node's storage engine, as the engine itself measures it: the write path (commit
// log, memtable, flushes, SSTables), the read path (cache, bloom filters) and compression.
import type { StorageStats } from '../../core/storage';
import type { DiskStats } from '../../runtime/idbDisk';

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

export function InspectorStorage({ storage, hints, readError }: { storage: StorageStats | null; hints: DiskStats | undefined; readError: string | undefined }) {
  if (storage === null) {
    return (
      <div className="inspector-section inspector-storage" data-testid="inspector-storage">
        <h3>Storage engine</h3>
        <p className="muted">The storage engine is not open{readError !== undefined ? `: ${readError}` : '.'}</p>
      </div>
    );
  }
  const s = storage;
  const lookups = s.bloomChecks;
  return (
    <div className="inspector-section inspector-storage" data-testid="inspector-storage">
      <h3>Storage engine (IndexedDB)</h3>
      <dl className="storage-stats">
        <dt>Commit log</dt>
        <dd data-testid="storage-log">
          {s.logRecords} records durable{s.logQueued + s.logInFlight > 0 ? `, ${s.logQueued + s.logInFlight} on their way` : ''} · {s.logBatches} group commits
        </dd>
        <dt>Memtable</dt>
        <dd data-testid="storage-memtable">
          {s.memtableEntries} keys, {kb(s.memtableBytes)}
          {s.frozenMemtables > 0 ? ` (${s.frozenMemtables} flushing)` : ''} · {s.flushes} {s.flushes === 1 ? 'flush' : 'flushes'}
          {s.flushFailures > 0 ? `, ${s.flushFailures} failed` : ''}
        </dd>
        <dt>SSTables</dt>
        <dd data-testid="storage-sstables" data-count={s.tableCount}>
          {s.tableCount} {s.tableCount === 1 ? 'table' : 'tables'}, {kb(s.tableStoredBytes)} stored
          {s.tables.length > 0 ? ` (${s.tables.map((t) => `#${t.id}: ${t.entries} keys, ${kb(t.storedBytes)}`).join('; ')})` : ''} · {s.compactions} {s.compactions === 1 ? 'compaction' : 'compactions'}
          {s.versionsDropped + s.tombstonesDropped > 0 ? `, ${s.versionsDropped} versions and ${s.tombstonesDropped} tombstones dropped` : ''}
        </dd>
        <dt>Compression</dt>
        <dd data-testid="storage-compression">{s.tableCount === 0 ? 'no table yet' : `${s.compressionRatio.toFixed(2)}× (deflate-raw)`}</dd>
        <dt>Bloom filters</dt>
        <dd data-testid="storage-bloom">
          {lookups} checks: {s.bloomNegatives} said no (no block read), {s.bloomFalsePositives} false positives
        </dd>
        <dt>Cache</dt>
        <dd data-testid="storage-cache">
          {s.cacheHits} hits, {s.cacheMisses} misses · {s.cacheEntries} keys held, {kb(s.cacheBytes)}
        </dd>
        <dt>Block cache</dt>
        <dd data-testid="storage-block-cache">
          {s.blockCacheHits} hits, {s.blockCacheMisses} misses · {s.blockCacheBlocks} decoded blocks held
        </dd>
        <dt>Hint log</dt>
        <dd>{hints === undefined ? 'no counters' : `${hints.recordsAppended} records in ${hints.transactions} transactions${hints.failedAppends > 0 ? `, ${hints.failedAppends} failed` : ''}`}</dd>
      </dl>
      {s.lastError !== undefined ? (
        <p className="storage-error" data-testid="storage-last-error">
          Last error: {s.lastError}
        </p>
      ) : null}
    </div>
  );
}
