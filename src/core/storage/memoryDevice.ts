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
  /** The write's effect on the durable state. */
  readonly land: () => void;
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
    this.run(
      new LogAppend(records),
      () => {
        for (const r of records) this.log.push(r);
      },
      answerOk,
      done,
    );
  }

  readLog(done: (r: DeviceValue<readonly CommitRecord[]>) => void): void {
    this.run({ kind: 'readLog', bytes: 0 }, undefined, () => ({ ok: true, value: [...this.log].sort((a, b) => a.seq - b.seq) }), done);
  }

  truncateLog(throughSeq: number, done: (r: DeviceResult) => void): void {
    this.run({ kind: 'truncateLog', bytes: 0 }, () => (this.log = this.log.filter((r) => r.seq > throughSeq)), answerOk, done);
  }

  writeTable(meta: TableMeta, blocks: readonly Uint8Array[], done: (r: DeviceResult) => void): void {
    // Kept as given, not copied: the writer hands them over (the StorageDevice contract).
    this.run({ kind: 'writeTable', bytes: meta.storedBytes }, () => this.tables.set(meta.id, { meta, blocks }), answerOk, done);
  }

  readBlock(tableId: number, blockIndex: number, done: (r: DeviceValue<Uint8Array>) => void): void {
    this.run(
      { kind: 'readBlock', bytes: 0 },
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
    this.run({ kind: 'listTables', bytes: 0 }, undefined, () => ({ ok: true, value: [...this.tables.values()].map((t) => t.meta) }), done);
  }

  deleteTables(tableIds: readonly number[], done: (r: DeviceResult) => void): void {
    this.run({ kind: 'deleteTables', bytes: 0 }, () => tableIds.forEach((id) => this.tables.delete(id)), answerOk, done);
  }

  /**
   * The node died: each in-flight write lands or not, by `random`, and no callback fires. Writes
   * land whole (a log batch, a table and its blocks, a deletion), as IndexedDB transactions do.
   */
  crash(random: Random): void {
    this.generation++;
    for (const op of this.inFlight) if (random() < 0.5) op.land();
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
    op: ScheduledOp,
    land: (() => void) | undefined,
    result: () => R,
    done: (r: R | { ok: false; message: string }) => void,
  ): void {
    const fault = this.faults.get(op.kind);
    if (fault !== undefined) this.faults.delete(op.kind);
    // Only writes are tracked: a crash decides whether each lands, and a read has nothing to land
    // (the generation voids its callback), so it needs no entry in the set.
    const flight: InFlight | undefined = land === undefined || fault !== undefined ? undefined : { land };
    const generation = this.generation;
    if (flight !== undefined) this.inFlight.add(flight);
    this.schedule(op, () => {
      if (generation !== this.generation) return;
      if (flight !== undefined) this.inFlight.delete(flight);
      if (fault !== undefined) {
        done({ ok: false, message: fault });
        return;
      }
      land?.();
      done(result());
    });
  }
}

type ScheduledOp = Parameters<DeviceScheduler>[0];

/** Every write's answer: one function, not a closure per operation. */
const answerOk = (): DeviceResult => deviceOk;

/**
 * A log append as its scheduler sees it. Its size is measured only if the scheduler asks:
 * encoding every record to count its bytes was a fiftieth of a simulated run, whose scheduler
 * never looks. A class, so the getter is not a new closure per append.
 */
class LogAppend implements ScheduledOp {
  readonly kind = 'appendLog';

  constructor(private readonly records: readonly CommitRecord[]) {}

  get bytes(): number {
    return recordBytes(this.records);
  }
}

function recordBytes(records: readonly CommitRecord[]): number {
  return records.reduce((n, r) => n + JSON.stringify(r.versions).length + r.key.length, 0);
}
