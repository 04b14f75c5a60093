/**
 * A node's replica state: each key's sibling set in memory, made durable through the commit log
 * with group commit (appends that arrive while one is in flight go out together in the next).
 * A log record holds the versions a write brought, not the merged result: replay folds them
 * with mergeSiblings, which gives the same siblings in any order, so two writes of one key in
 * flight at once can never overwrite each other on disk.
 */
import type { Disk, DiskResult, LogRecord } from '../disk';
import type { ConflictMode } from '../versions/siblings';
import { mergeSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';

/** Appends waiting for the next group commit; past this the node answers `storage` errors. */
export const maxQueuedRecords = 50_000;

export class LocalStore {
  private readonly data = new Map<string, readonly Version[]>();
  /** Versions this node minted that are not durable yet: never shown, but counted for dots. */
  private readonly minting = new Map<string, Version[]>();
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

  /** The key's siblings plus this node's own versions still on their way to disk. */
  getWithMinting(key: string): readonly Version[] {
    const pending = this.minting.get(key);
    return pending === undefined ? this.get(key) : [...this.get(key), ...pending];
  }

  keys(): IterableIterator<string> {
    return this.data.keys();
  }

  get keyCount(): number {
    return this.data.size;
  }

  /**
   * A replica write: merges the versions into memory now (their coordinator already made them
   * durable, so showing them early cannot expose a dot that might be minted again) and calls
   * `done` once the log record is durable.
   */
  merge(key: string, incoming: readonly Version[], done: (r: DiskResult) => void): void {
    if (!this.enqueue(key, incoming, done)) return;
    this.data.set(key, mergeSiblings(this.get(key), incoming, this.mode));
  }

  /**
   * A version this node minted as coordinator: durable first, visible after. A crash before the
   * append completes forgets the dot entirely, so minting it again is harmless.
   */
  mint(key: string, v: Version, done: (r: DiskResult) => void): void {
    const pending = this.minting.get(key) ?? [];
    pending.push(v);
    this.minting.set(key, pending);
    this.enqueue(key, [v], (r) => {
      const left = (this.minting.get(key) ?? []).filter((x) => x !== v);
      if (left.length > 0) this.minting.set(key, left);
      else this.minting.delete(key);
      if (r.ok) this.data.set(key, mergeSiblings(this.get(key), [v], this.mode));
      done(r);
    });
  }

  /** Rebuilds memory from the commit log by merging every record in order. */
  recover(done: (r: { ok: true; records: number } | { ok: false; message: string }) => void): void {
    this.disk.replay((r) => {
      if (!r.ok) {
        done(r);
        return;
      }
      for (const rec of r.records) this.data.set(rec.key, mergeSiblings(this.get(rec.key), rec.versions, this.mode));
      done({ ok: true, records: r.records.length });
    });
  }

  private enqueue(key: string, versions: readonly Version[], done: (r: DiskResult) => void): boolean {
    if (this.queued.length >= maxQueuedRecords) {
      done({ ok: false, message: 'commit log queue is full' });
      return false;
    }
    this.queued.push({ key, versions });
    this.queuedDone.push(done);
    if (!this.appending) this.flush();
    return true;
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
