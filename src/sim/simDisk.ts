/**
 * An in-memory disk whose completions are simulated events, so a run is bit-exact. It keeps
 * one record per slot (a key's data, or its hint for one replica), the fold of every record
 * appended for it (what replay would rebuild
 * anyway: log compaction), and counts every append. A crash
 * decides, with the seeded RNG, whether each in-flight append reached the disk: a killed node
 * may keep writes it never acknowledged, which is an indefinite outcome the checker accepts.
 */
import type { Disk, DiskResult, LogRecord, ReplayResult } from '../core/disk';
import type { Random } from '../core/prng';
import { logSlot } from '../core/disk';

/** How a record folds into its slot's earlier records (foldLogRecord with the cluster's mode). */
export type FoldRecord = (prev: LogRecord | undefined, rec: LogRecord) => LogRecord;

/** How the disk schedules a completion: the cluster supplies its clock and latency model. */
export type ScheduleDisk = (delayMs: number, run: () => void) => void;

interface InFlight {
  readonly records: readonly LogRecord[];
  readonly done: (r: DiskResult) => void;
}

export class SimDisk implements Disk {
  private readonly durable = new Map<string, LogRecord>();
  private inFlight = new Set<InFlight>();
  /** Bumped by a crash: completions scheduled before it are void. */
  private generation = 0;
  appends = 0;
  recordsAppended = 0;

  constructor(
    private readonly schedule: ScheduleDisk,
    private readonly latencyMs: () => number,
    private readonly fold: FoldRecord,
  ) {}

  append(records: readonly LogRecord[], done: (r: DiskResult) => void): void {
    const job: InFlight = { records, done };
    const gen = this.generation;
    this.inFlight.add(job);
    this.schedule(this.latencyMs(), () => {
      if (gen !== this.generation) return;
      this.inFlight.delete(job);
      this.persist(records);
      done({ ok: true });
    });
  }

  replay(done: (r: ReplayResult) => void): void {
    const gen = this.generation;
    this.schedule(this.latencyMs(), () => {
      if (gen !== this.generation) return;
      done({ ok: true, records: [...this.durable.values()] });
    });
  }

  /** The node died: in-flight appends land or not, at random; no callback fires. */
  crash(random: Random): void {
    this.generation++;
    for (const job of this.inFlight) if (random() < 0.5) this.persist(job.records);
    this.inFlight = new Set();
  }

  /** A permanent failure: everything is gone. */
  wipe(): void {
    this.generation++;
    this.inFlight = new Set();
    this.durable.clear();
  }

  /** What survives on disk, per slot: the final state of a dead node. */
  durableRecords(): IterableIterator<LogRecord> {
    return this.durable.values();
  }

  private persist(records: readonly LogRecord[]): void {
    this.appends++;
    this.recordsAppended += records.length;
    for (const rec of records) {
      const slot = logSlot(rec);
      const folded = this.fold(this.durable.get(slot), rec);
      // Delete first so iteration order follows the last write, as a log would replay.
      this.durable.delete(slot);
      this.durable.set(slot, folded);
    }
  }
}
