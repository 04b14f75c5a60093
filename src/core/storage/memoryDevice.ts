/**
 * A StorageDevice in memory for the simulator and tests. Each operation completes through an
 * injected scheduler (a simulated event, or at once); `crash` drops what is in flight.
 */
import type { Random } from '../prng';
import type { CommitRecord, DeviceOpKind, DeviceResult, DeviceValue, StorageDevice, TableMeta } from './storageDevice';
import { deviceOk } from './storageDevice';

/**
 * Runs `complete` when the operation finishes. The simulator makes it an event after a latency
 * it draws for `kind` and `bytes`; a test can run it at once or queue it and pick the order.
 */
export type DeviceScheduler = (op: { readonly kind: DeviceOpKind; readonly bytes: number }, complete: () => void) => void;

/** A scheduler that completes every operation synchronously, for plain unit tests. */
export const completeAtOnce: DeviceScheduler = (_op, complete) => complete();

interface InFlight {
  /** The operation's effect on the durable state; absent for reads. */
  readonly land: (() => void) | undefined;
}

interface StoredTable {
  readonly meta: TableMeta;
  readonly blocks: readonly Uint8Array[];
}

export class MemoryDevice implements StorageDevice {
  private log: CommitRecord[] = [];
  private readonly tables = new Map<number, StoredTable>();
  private inFlight = new Set<InFlight>();
  /** Bumped by a crash or wipe: completions scheduled before it are void. */
  private generation = 0;
  private readonly faults = new Map<DeviceOpKind, string>();

  constructor(private readonly schedule: DeviceScheduler) {}

  appendLog(records: readonly CommitRecord[], done: (r: DeviceResult) => void): void {
    this.run('appendLog', () => recordBytes(records), () => records.forEach((r) => this.log.push(r)), () => deviceOk, done);
  }

  readLog(done: (r: DeviceValue<readonly CommitRecord[]>) => void): void {
    this.run('readLog', 0, undefined, () => ({ ok: true, value: [...this.log].sort((a, b) => a.seq - b.seq) }), done);
  }

  truncateLog(throughSeq: number, done: (r: DeviceResult) => void): void {
    this.run('truncateLog', 0, () => (this.log = this.log.filter((r) => r.seq > throughSeq)), () => deviceOk, done);
  }

  writeTable(meta: TableMeta, blocks: readonly Uint8Array[], done: (r: DeviceResult) => void): void {
    // Kept as given, not copied: the writer hands them over (the StorageDevice contract).
    this.run('writeTable', meta.storedBytes, () => this.tables.set(meta.id, { meta, blocks }), () => deviceOk, done);
  }

  readBlock(tableId: number, blockIndex: number, done: (r: DeviceValue<Uint8Array>) => void): void {
    this.run(
      'readBlock',
      0,
      undefined,
      () => {
        const block = this.tables.get(tableId)?.blocks[blockIndex];
        if (block === undefined) return { ok: false, message: `block ${blockIndex} of SSTable ${tableId} is missing` };
        // The stored bytes themselves, as the instant view gives them: readers never change them
        // (the StorageDevice contract), and a copy per point read was a fortieth of a simulated run.
        return { ok: true, value: block };
      },
      done,
    );
  }

  listTables(done: (r: DeviceValue<readonly TableMeta[]>) => void): void {
    this.run('listTables', 0, undefined, () => ({ ok: true, value: [...this.tables.values()].map((t) => t.meta) }), done);
  }

  deleteTables(tableIds: readonly number[], done: (r: DeviceResult) => void): void {
    this.run('deleteTables', 0, () => tableIds.forEach((id) => this.tables.delete(id)), () => deviceOk, done);
  }

  /**
   * The node died: each in-flight write lands or not, by `random`, and no callback fires. Writes
   * land whole (a log batch, a table and its blocks, a deletion), as IndexedDB transactions do.
   */
  crash(random: Random): void {
    this.generation++;
    for (const op of this.inFlight) if (op.land !== undefined && random() < 0.5) op.land();
    this.inFlight = new Set();
  }

  /** A permanent failure: everything is gone, and nothing in flight lands. */
  wipe(): void {
    this.generation++;
    this.inFlight = new Set();
    this.log = [];
    this.tables.clear();
  }

  /** The next operation of `kind` fails with `message` and changes nothing (a quota error, an abort). */
  failNext(kind: DeviceOpKind, message: string): void {
    this.faults.set(kind, message);
  }

  /**
   * A read-only view of what is durable now, answering at once: how a simulator shows a node's
   * state without scheduling events (which would change the run). Writes through it fail.
   */
  instant(): StorageDevice {
    const refuse = (done: (r: DeviceResult) => void): void => done({ ok: false, message: 'an instant view is read-only' });
    return {
      appendLog: (_records, done) => refuse(done),
      truncateLog: (_seq, done) => refuse(done),
      writeTable: (_meta, _blocks, done) => refuse(done),
      deleteTables: (_ids, done) => refuse(done),
      readLog: (done) => done({ ok: true, value: [...this.log].sort((a, b) => a.seq - b.seq) }),
      listTables: (done) => done({ ok: true, value: [...this.tables.values()].map((t) => t.meta) }),
      readBlock: (tableId, blockIndex, done) => {
        const block = this.tables.get(tableId)?.blocks[blockIndex];
        done(block === undefined ? { ok: false, message: `block ${blockIndex} of SSTable ${tableId} is missing` } : { ok: true, value: block });
      },
    };
  }

  /** What is durable: for the sim's node view and for tests. */
  get logLength(): number {
    return this.log.length;
  }

  get tableIds(): number[] {
    return [...this.tables.keys()].sort((a, b) => a - b);
  }

  get storedBytes(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.meta.storedBytes;
    return n;
  }

  private run<R extends DeviceResult | DeviceValue<unknown>>(
    kind: DeviceOpKind,
    bytes: number | (() => number),
    land: (() => void) | undefined,
    result: () => R,
    done: (r: R | { ok: false; message: string }) => void,
  ): void {
    const fault = this.faults.get(kind);
    if (fault !== undefined) this.faults.delete(kind);
    const flight: InFlight = { land: fault === undefined ? land : undefined };
    const generation = this.generation;
    this.inFlight.add(flight);
    // A log append's size is measured only if the scheduler asks: encoding every record to count
    // its bytes was a fiftieth of a simulated run, whose scheduler never looks.
    const op = typeof bytes === 'number' ? { kind, bytes } : { kind, get bytes() { return bytes(); } };
    this.schedule(op, () => {
      if (generation !== this.generation) return;
      this.inFlight.delete(flight);
      if (fault !== undefined) {
        done({ ok: false, message: fault });
        return;
      }
      flight.land?.();
      done(result());
    });
  }
}

function recordBytes(records: readonly CommitRecord[]): number {
  return records.reduce((n, r) => n + JSON.stringify(r.versions).length + r.key.length, 0);
}
