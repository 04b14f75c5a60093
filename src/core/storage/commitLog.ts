/**
 * The commit log's writer, with group commit: records that arrive while one batch is in flight
 * go together in the next, one device append per batch. The queue is bounded; a record is
 * acknowledged only when its batch is durable.
 */
import type { Version } from '../versions/version';
import type { CommitRecord, DeviceResult, StorageDevice } from './storageDevice';

/** A run of consecutive sequence numbers that is durable in the log. */
interface SeqRange {
  first: number;
  last: number;
}

export class CommitLog {
  private queued: CommitRecord[] = [];
  private queuedDone: ((r: DeviceResult) => void)[] = [];
  private inFlight = 0;
  private nextSeq: number;
  /** What the log holds, as ranges, so its length is known without reading it. */
  private durable: SeqRange[] = [];
  batchesAppended = 0;
  /** Records made durable so far: with batchesAppended, what one group commit carries. */
  recordsAppended = 0;

  constructor(
    private readonly device: StorageDevice,
    private readonly queueRecordsMax: number,
    recovered: readonly CommitRecord[],
    seqAfter: number,
  ) {
    this.nextSeq = seqAfter + 1;
    for (const r of recovered) this.noteDurable(r.seq, r.seq);
  }

  /** True while a record can still be queued; past the bound, a write fails before touching memory. */
  get hasRoom(): boolean {
    return this.queued.length < this.queueRecordsMax;
  }

  get queuedRecords(): number {
    return this.queued.length;
  }

  get inFlightRecords(): number {
    return this.inFlight;
  }

  /** Records in the durable log, not yet truncated. */
  get durableRecords(): number {
    return this.durable.reduce((n, r) => n + r.last - r.first + 1, 0);
  }

  get idle(): boolean {
    return this.queued.length === 0 && this.inFlight === 0;
  }

  /**
   * Queues a record and returns its sequence number, without starting the append: the caller
   * applies the write to the memtable first and then calls `pump`, so a device that calls back
   * synchronously never acknowledges a write that reads cannot see yet.
   */
  enqueue(key: string, versions: readonly Version[], done: (r: DeviceResult) => void): number {
    const seq = this.nextSeq++;
    this.queued.push({ seq, key, versions });
    this.queuedDone.push(done);
    return seq;
  }

  /** Starts the next batch unless one is in flight. */
  pump(): void {
    if (this.inFlight > 0 || this.queued.length === 0) return;
    const records = this.queued;
    const callbacks = this.queuedDone;
    this.queued = [];
    this.queuedDone = [];
    this.inFlight = records.length;
    this.device.appendLog(records, (r) => {
      this.inFlight = 0;
      if (r.ok) {
        this.batchesAppended++;
        this.recordsAppended += records.length;
        const first = records[0];
        const last = records[records.length - 1];
        if (first !== undefined && last !== undefined) this.noteDurable(first.seq, last.seq);
      }
      for (const cb of callbacks) cb(r);
      this.pump();
    });
  }

  /** A flush made the log durable elsewhere through `throughSeq`: forget those records. */
  truncated(throughSeq: number): void {
    this.durable = this.durable
      .filter((r) => r.last > throughSeq)
      .map((r) => (r.first <= throughSeq ? { first: throughSeq + 1, last: r.last } : r));
  }

  private noteDurable(first: number, last: number): void {
    const tail = this.durable[this.durable.length - 1];
    if (tail !== undefined && tail.last + 1 === first) tail.last = last;
    else this.durable.push({ first, last });
  }
}
