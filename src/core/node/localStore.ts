/**
 * A node's replica state: each key's sibling set in memory, made durable through the commit log
 * with group commit (appends that arrive while one is in flight go out together in the next).
 * A log record holds the versions a write brought, not the merged result: replay folds them
 * with mergeSiblings, which gives the same siblings in any order, so two writes of one key in
 * flight at once can never overwrite each other on disk.
 */
import type { Disk, DiskResult, LogRecord } from '../disk';
import { raiseFloor } from '../disk';
import type { ConflictMode } from '../versions/siblings';
import { mergeSiblings, sameSiblings } from '../versions/siblings';
import type { NodeId } from '../ids';
import type { Version } from '../versions/version';
import { sameDot } from '../versions/version';

/** Appends waiting for the next group commit; past this the node answers `storage` errors. */
export const maxQueuedRecords = 50_000;
/** Keys one node holds hints for, all owners together; past it it refuses to stand in. */
export const maxHintedKeys = 100_000;

export class LocalStore {
  private readonly data = new Map<string, readonly Version[]>();
  /** The hint store (Dynamo §4.6): versions held for an unreachable replica, by owner and key. */
  private readonly hints = new Map<NodeId, Map<string, readonly Version[]>>();
  /** Versions this node minted that are not durable yet: never shown, but counted for dots. */
  private readonly minting = new Map<string, Version[]>();
  /** Every counter each actor reached per key here, hints handed away included: see nextCounter. */
  private readonly floors = new Map<string, Record<string, number>>();
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

  /**
   * The highest counter `actor` ever had for `key` on this node, even in hints since handed
   * off; one-off actors `actor+n` (see coordinator.ts) count as counter n.
   */
  counterFloor(key: string, actor: string): number {
    let max = 0;
    for (const [a, c] of Object.entries(this.floors.get(key) ?? {})) {
      if (a === actor) max = Math.max(max, c);
      else if (a.startsWith(`${actor}+`)) max = Math.max(max, Number(a.slice(actor.length + 1)) || 0);
    }
    return max;
  }

  /** True when merging these versions would change the key's siblings. */
  wouldChange(key: string, incoming: readonly Version[]): boolean {
    const before = this.get(key);
    return !sameSiblings(before, mergeSiblings(before, incoming, this.mode));
  }

  /** Everything this node holds for a key: its siblings merged with any hints for it. */
  getWithHints(key: string): readonly Version[] {
    let out = this.get(key);
    for (const byKey of this.hints.values()) {
      const held = byKey.get(key);
      if (held !== undefined) out = mergeSiblings(out, held, this.mode);
    }
    return out;
  }

  /** Siblings, hints, and this node's own versions still on their way to disk: for new dots. */
  getWithMinting(key: string): readonly Version[] {
    const pending = this.minting.get(key);
    const held = this.getWithHints(key);
    return pending === undefined ? held : [...held, ...pending];
  }

  /** Owners this node holds hints for, and how many keys each. */
  hintOwners(): { owner: NodeId; keys: number }[] {
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
  storeHint(owner: NodeId, key: string, incoming: readonly Version[], done: (r: DiskResult) => void): void {
    if (this.hintedKeys() >= maxHintedKeys && this.hints.get(owner)?.has(key) !== true) {
      done({ ok: false, message: 'the hint store is full' });
      return;
    }
    if (!this.enqueue({ key, versions: incoming, hintFor: owner }, done)) return;
    this.applyHint(owner, key, incoming);
  }

  /** The owner has these versions now: forget them (durably), keeping any newer hint. */
  dropHint(owner: NodeId, key: string, handedOff: readonly Version[], done: (r: DiskResult) => void): void {
    this.enqueue({ key, versions: handedOff, hintFor: owner, handedOff: true }, (r) => {
      if (r.ok) this.removeHint(owner, key, handedOff);
      done(r);
    });
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
    if (!this.enqueue({ key, versions: incoming }, done)) return;
    this.data.set(key, mergeSiblings(this.get(key), incoming, this.mode));
  }

  /**
   * A version this node minted as coordinator: durable first, visible after. A crash before the
   * append completes forgets the dot entirely, so minting it again is harmless.
   */
  mint(key: string, v: Version, hintFor: NodeId | undefined, done: (r: DiskResult) => void): void {
    this.floors.set(key, raiseFloor(this.floors.get(key) ?? {}, [v]));
    const pending = this.minting.get(key) ?? [];
    pending.push(v);
    this.minting.set(key, pending);
    const record: LogRecord = hintFor === undefined ? { key, versions: [v] } : { key, versions: [v], hintFor };
    this.enqueue(record, (r) => {
      const left = (this.minting.get(key) ?? []).filter((x) => x !== v);
      if (left.length > 0) this.minting.set(key, left);
      else this.minting.delete(key);
      if (r.ok) {
        if (hintFor === undefined) this.data.set(key, mergeSiblings(this.get(key), [v], this.mode));
        else this.applyHint(hintFor, key, [v]);
      }
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
      for (const rec of r.records) {
        if (rec.hintFor !== undefined) {
          const floor = raiseFloor(this.floors.get(rec.key) ?? {}, rec.versions);
          for (const [actor, c] of Object.entries(rec.floor ?? {})) if (c > (floor[actor] ?? 0)) floor[actor] = c;
          this.floors.set(rec.key, floor);
        }
        if (rec.hintFor === undefined) this.data.set(rec.key, mergeSiblings(this.get(rec.key), rec.versions, this.mode));
        else if (rec.handedOff === true) this.removeHint(rec.hintFor, rec.key, rec.versions);
        else this.applyHint(rec.hintFor, rec.key, rec.versions);
      }
      done({ ok: true, records: r.records.length });
    });
  }

  private hintedKeys(): number {
    let n = 0;
    for (const byKey of this.hints.values()) n += byKey.size;
    return n;
  }

  private applyHint(owner: NodeId, key: string, versions: readonly Version[]): void {
    let byKey = this.hints.get(owner);
    if (byKey === undefined) {
      byKey = new Map();
      this.hints.set(owner, byKey);
    }
    byKey.set(key, mergeSiblings(byKey.get(key) ?? [], versions, this.mode));
  }

  private removeHint(owner: NodeId, key: string, handedOff: readonly Version[]): void {
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
      done({ ok: false, message: 'commit log queue is full' });
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
