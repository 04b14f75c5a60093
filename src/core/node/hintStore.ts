/**
 * The hint store (Dynamo §4.6): versions a node holds for an unreachable replica, by owner and
 * key, in memory and made durable through their own commit log (group commit: appends that
 * arrive while one is in flight go out together in the next). Dynamo keeps hints in a separate
 * local database as well: they are few, short-lived and scanned whole by the handoff, so they
 * stay out of the storage engine. It also keeps the counter floors that stop a coordinator
 * minting a dot twice once it has handed its own hint away.
 */
import type { Disk, DiskResult, LogRecord } from '../disk';
import { maxFloor, raiseFloor, raiseFloorInPlace } from '../disk';
import type { NodeId } from '../ids';
import type { ConflictMode } from '../versions/siblings';
import { mergeSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
import { sameDot } from '../versions/version';

/** Appends waiting for the next group commit; past this the node answers `storage` errors. */
export const maxQueuedRecords = 50_000;
/** Keys one node holds hints for, all owners together; past it it refuses to stand in. */
export const maxHintedKeys = 100_000;

/** The answer for a key with no hints: shared, as every read and put asks. */
const noVersions: readonly Version[] = [];

export class HintStore {
  private readonly hints = new Map<NodeId, Map<string, readonly Version[]>>();
  /** Every counter each actor reached per key here, hints handed away included. */
  private readonly floors = new Map<string, Record<string, number>>();
  private queued: LogRecord[] = [];
  private queuedDone: ((r: DiskResult) => void)[] = [];
  private appending = false;

  constructor(
    private readonly disk: Disk,
    private readonly mode: ConflictMode,
  ) {}

  /**
   * The highest counter `actor` ever had for `key` on this node, even in hints since handed
   * off; one-off actors `actor+n` (see coordinator.ts) count as counter n.
   */
  counterFloor(key: string, actor: string): number {
    // Runs for every put: a plain loop over the record, no entries array.
    const floor = this.floors.get(key);
    if (floor === undefined) return 0;
    const oneOff = `${actor}+`;
    let max = 0;
    for (const a in floor) {
      if (a === actor) max = Math.max(max, floor[a] ?? 0);
      else if (a.startsWith(oneOff)) max = Math.max(max, Number(a.slice(oneOff.length)) || 0);
    }
    return max;
  }

  /** Remembers dots this node minted (in memory: a crash before they are durable forgets them harmlessly). */
  raiseFloor(key: string, versions: readonly Version[]): void {
    // Raised in place: a floor is this store's own record, never handed out, and a coordinator
    // raises one on every put.
    const floor = this.floors.get(key);
    if (floor === undefined) this.floors.set(key, raiseFloorInPlace({}, versions));
    else raiseFloorInPlace(floor, versions);
  }

  /**
   * The storage engine purged these versions of `key` (expired tombstones and what they
   * covered): their dots are gone from the key index, so the floor keeps them, durably, under
   * the node's own id (`self`). A crash between the purge landing and this record landing
   * forgets them; that window is one hint-log append.
   */
  keepFloor(self: NodeId, key: string, purged: readonly Version[], done: (r: DiskResult) => void): void {
    if (purged.length === 0) {
      done({ ok: true });
      return;
    }
    this.raiseFloor(key, purged);
    this.enqueue({ key, versions: [], hintFor: self, handedOff: true, floor: raiseFloor({}, purged) }, done);
  }

  /** Every version held for `key`, whoever it is for. */
  heldFor(key: string): readonly Version[] {
    let out: readonly Version[] = noVersions;
    if (this.hints.size === 0) return out; // the usual case: every read and put asks
    for (const byKey of this.hints.values()) {
      const held = byKey.get(key);
      if (held !== undefined) out = out.length === 0 ? held : mergeSiblings(out, held, this.mode);
    }
    return out;
  }

  /** Owners this node holds hints for, and how many keys each. */
  owners(): { owner: NodeId; keys: number }[] {
    return [...this.hints].map(([owner, byKey]) => ({ owner, keys: byKey.size }));
  }

  /** Up to `limit` hinted keys held for `owner`, with their versions. */
  hintsFor(owner: NodeId, limit: number): { key: string; versions: readonly Version[] }[] {
    const out: { key: string; versions: readonly Version[] }[] = [];
    for (const [key, versions] of this.hints.get(owner) ?? []) {
      if (out.length >= limit) break;
      out.push({ key, versions });
    }
    return out;
  }

  /** Stores versions as a hint for `owner`: visible to reads at once, acked once durable. */
  store(owner: NodeId, key: string, incoming: readonly Version[], done: (r: DiskResult) => void): void {
    if (this.hintedKeys() >= maxHintedKeys && this.hints.get(owner)?.has(key) !== true) {
      done({ ok: false, message: 'the hint store is full' });
      return;
    }
    if (!this.enqueue({ key, versions: incoming, hintFor: owner }, done)) return;
    this.apply(owner, key, incoming);
  }

  /** A version this coordinator minted as a hint: durable first, visible after. */
  mint(owner: NodeId, key: string, v: Version, done: (r: DiskResult) => void): void {
    this.enqueue({ key, versions: [v], hintFor: owner }, (r) => {
      if (r.ok) this.apply(owner, key, [v]);
      done(r);
    });
  }

  /** The owner has these versions now: forget them (durably), keeping any newer hint. */
  drop(owner: NodeId, key: string, handedOff: readonly Version[], done: (r: DiskResult) => void): void {
    this.enqueue({ key, versions: handedOff, hintFor: owner, handedOff: true }, (r) => {
      if (r.ok) this.remove(owner, key, handedOff);
      done(r);
    });
  }

  /** Rebuilds hints and floors from the log; `done` gets the number of records read. */
  recover(done: (r: { ok: true; records: number } | { ok: false; message: string }) => void): void {
    this.disk.replay((r) => {
      if (!r.ok) {
        done(r);
        return;
      }
      for (const rec of r.records) {
        // Records without an owner were the old whole-store log: replica data now lives in the engine.
        if (rec.hintFor === undefined) continue;
        this.floors.set(rec.key, maxFloor(raiseFloor(this.floors.get(rec.key) ?? {}, rec.versions), rec.floor ?? {}));
        if (rec.handedOff === true) this.remove(rec.hintFor, rec.key, rec.versions);
        else this.apply(rec.hintFor, rec.key, rec.versions);
      }
      done({ ok: true, records: r.records.length });
    });
  }

  private hintedKeys(): number {
    let n = 0;
    for (const byKey of this.hints.values()) n += byKey.size;
    return n;
  }

  private apply(owner: NodeId, key: string, versions: readonly Version[]): void {
    let byKey = this.hints.get(owner);
    if (byKey === undefined) {
      byKey = new Map();
      this.hints.set(owner, byKey);
    }
    byKey.set(key, mergeSiblings(byKey.get(key) ?? [], versions, this.mode));
  }

  private remove(owner: NodeId, key: string, handedOff: readonly Version[]): void {
    const byKey = this.hints.get(owner);
    const held = byKey?.get(key);
    if (byKey === undefined || held === undefined) return;
    const left = held.filter((v) => !handedOff.some((x) => sameDot(x, v)));
    if (left.length > 0) byKey.set(key, left);
    else byKey.delete(key);
    if (byKey.size === 0) this.hints.delete(owner);
  }

  private enqueue(record: LogRecord, done: (r: DiskResult) => void): boolean {
    if (this.queued.length >= maxQueuedRecords) {
      done({ ok: false, message: 'the hint log queue is full' });
      return false;
    }
    this.queued.push(record);
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
