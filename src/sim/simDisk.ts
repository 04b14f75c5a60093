/**
 * An in-memory log (the hint store's) whose completions are simulated events, so a run is
 * bit-exact. It keeps one record per slot (a key's hint for one replica), the fold of every record
 * appended for it (what replay would rebuild
 * anyway: log compaction), and counts every append. A crash
 * decides, with the seeded RNG, whether each in-flight append reached the disk: a killed node
 * may keep writes it never acknowledged, which is an indefinite outcome the checker accepts.
 */
import type { Disk, DiskResult, LogRecord, NodeStorage, ReplayResult } from '../core/disk';
import type { Random } from '../core/prng';
import { logSlot } from '../core/disk';
import type { CommitRecord, DeviceResult, KeySiblings, StorageOptions, TableIo } from '../core/storage';
import { lz77Compressor, MemoryDevice, scanDevice } from '../core/storage';
import type { ConflictMode } from '../core/versions/siblings';

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

/**
 * A simulated node's storage: the storage engine's MemoryDevice (LZ77-compressed SSTable
 * blocks) and the hint log, both completing as simulated events after a disk latency. It
 * outlives the node's lives: a crash keeps what was durable, a wipe erases everything.
 */
export class SimStorage {
  readonly device: CountingDevice;
  readonly hints: SimDisk;

  constructor(
    schedule: ScheduleDisk,
    latencyMs: () => number,
    fold: FoldRecord,
    private readonly options: Omit<StorageOptions, 'mode'>,
  ) {
    this.device = new CountingDevice((_op, complete) => schedule(latencyMs(), complete));
    this.hints = new SimDisk(schedule, latencyMs, fold);
  }

  /** What a node life opens its engine and hint store on. */
  forNode(): NodeStorage {
    return { device: this.device, compressor: lz77Compressor, options: this.options, hints: this.hints };
  }

  /** Group-commit batches appended to the engine's and the hint store's logs. */
  get appends(): number {
    return this.device.appends + this.hints.appends;
  }

  get recordsAppended(): number {
    return this.device.recordsAppended + this.hints.recordsAppended;
  }

  crash(random: Random): void {
    this.device.crash(random);
    this.hints.crash(random);
  }

  wipe(): void {
    this.device.wipe();
    this.hints.wipe();
  }

  /** The device's instant view, for reading a live node's tables without scheduling events. */
  instantIo(): TableIo {
    return { device: this.device.instant(), compressor: lz77Compressor };
  }

  /** Every key on disk with its versions, read at once: what a dead node will come back with. */
  durableKeys(mode: ConflictMode): KeySiblings {
    let out: KeySiblings = new Map();
    scanDevice(this.device.instant(), lz77Compressor, mode, (r) => {
      if (!r.ok) throw new Error(`the simulated disk cannot be read: ${r.message}`);
      out = r.value;
    });
    return out;
  }
}

/** The memory device, counting log appends for the run's report. */
class CountingDevice extends MemoryDevice {
  appends = 0;
  recordsAppended = 0;

  override appendLog(records: readonly CommitRecord[], done: (r: DeviceResult) => void): void {
    this.appends++;
    this.recordsAppended += records.length;
    super.appendLog(records, done);
  }
}
