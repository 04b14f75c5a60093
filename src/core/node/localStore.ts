/**
 * A node's replica state: each key's sibling set in memory, made durable through the commit log
 * with group commit (appends that arrive while one is in flight go out together in the next).
 * Writes apply to memory first, in arrival order, so concurrent merges of one key never lose
 * each other; a write is acknowledged only when its log record is durable.
 */
import type { Disk, DiskResult, LogRecord } from '../disk';
import type { ConflictMode } from '../versions/siblings';
import { mergeSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';

/** Appends waiting for the next group commit; past this the node answers `storage` errors. */
export const maxQueuedRecords = 50_000;

export class LocalStore {
  private readonly data = new Map<string, readonly Version[]>();
  private queued: LogRecord[] = [];
  private queuedDone: ((r: DiskResult) => void)[] = [];
  private appending = false;

  constructor(
    private readonly disk: Disk,
    private readonly mode: ConflictMode,
  ) {}

  get(key: string): readonly Version[] {
    return this.data.get(key) ?? [];
  }

  keys(): IterableIterator<string> {
    return this.data.keys();
  }

  get keyCount(): number {
    return this.data.size;
  }

  /** Merges versions into the key's siblings now, and calls `done` once that is durable. */
  merge(key: string, incoming: readonly Version[], done: (r: DiskResult) => void): readonly Version[] {
    if (this.queued.length >= maxQueuedRecords) {
      done({ ok: false, message: 'commit log queue is full' });
      return this.get(key);
    }
    const merged = mergeSiblings(this.get(key), incoming, this.mode);
    this.data.set(key, merged);
    this.queued.push({ key, versions: merged });
    this.queuedDone.push(done);
    if (!this.appending) this.flush();
    return merged;
  }

  /** Rebuilds memory from the commit log: the last record of each key wins. */
  recover(done: (r: { ok: true; records: number } | { ok: false; message: string }) => void): void {
    this.disk.replay((r) => {
      if (!r.ok) {
        done(r);
        return;
      }
      for (const rec of r.records) this.data.set(rec.key, rec.versions);
      done({ ok: true, records: r.records.length });
    });
  }

  private flush(): void {
    if (this.queued.length === 0) return;
    const records = this.queued;
    const callbacks = this.queuedDone;
    this.queued = [];
    this.queuedDone = [];
    this.appending = true;
    this.disk.append(records, (result) => {
      this.appending = false;
      for (const cb of callbacks) cb(result);
      this.flush();
    });
  }
}
