/**
 * A node's replica state on the chapter's storage engine (src/core/storage): every write goes
 * to the commit log and the memtable, flushed to SSTables; every read goes memtable, cache,
 * then SSTables past their bloom filters. Values live only there, so reading a key's siblings
 * is asynchronous.
 *
 * In memory the node keeps a key index: each key's version headers (dot, context, timestamp,
 * tombstone flag; no value). It is what the protocol must know at once: which keys exist
 * (Merkle trees, rebalancing), the dots a coordinator must never mint again, whether a write
 * would change anything, and sibling counts. The index mirrors the engine: it is rebuilt from
 * a full scan at recovery and follows every merge.
 *
 * A version this node mints is durable before anyone can read it: the engine shows a write in
 * its memtable at once, so reads of a key wait while a mint of it is in flight. A crash before
 * the append completes forgets the dot entirely, so minting it again is harmless.
 */
import type { DiskResult, NodeStorage } from '../disk';
import type { NodeId } from '../ids';
import type { KeySiblings, StorageStats, TableIo } from '../storage';
import { compareKeys, StorageEngine } from '../storage';
import type { ConflictMode } from '../versions/siblings';
import { mergeIntoSiblings, sameSiblings } from '../versions/siblings';
import type { Version, VersionHeader } from '../versions/version';
import { headerOf, isHeader, sameDot } from '../versions/version';
import { HintStore } from './hintStore';

export { maxHintedKeys, maxQueuedRecords } from './hintStore';

export type StoreRead = { readonly ok: true; readonly versions: readonly Version[] } | { readonly ok: false; readonly message: string };
export type StoreScan = { readonly ok: true; readonly keys: KeySiblings } | { readonly ok: false; readonly message: string };
/** A page of an inspector's key list: keys whose name contains `filter`, at most `limit`. */
export interface KeyQuery {
  readonly filter: string;
  readonly limit: number;
}
export type KeyPage =
  | { readonly ok: true; readonly keys: readonly { readonly key: string; readonly versions: readonly Version[] }[]; readonly matching: number; readonly total: number }
  | { readonly ok: false; readonly message: string };
export type StoreRecovery = { readonly ok: true; readonly keys: number; readonly records: number } | { readonly ok: false; readonly message: string };

export class LocalStore {
  private engine: StorageEngine | null = null;
  /** Why the engine could not be opened: every operation fails with it (the `storage` error). */
  private broken = 'the storage engine is not open yet';
  private readonly index = new Map<string, readonly VersionHeader[]>();
  /** Versions this node minted that are not durable yet: never shown, but counted for dots. */
  private readonly minting = new Map<string, Version[]>();
  /** Per key with mints in flight to the engine: how many, and the reads waiting for them. */
  private readonly gates = new Map<string, { inFlight: number; readonly waiting: (() => void)[] }>();
  private compacting = false;
  readonly hints: HintStore;

  constructor(
    private readonly storage: NodeStorage,
    private readonly mode: ConflictMode,
    /** This node: the hint log keeps the dots of purged tombstones under it. */
    private readonly self: NodeId,
    /**
     * Where failures of background work go (a compaction, a purge's floor record): no request
     * waits on them, so the node's trace is the only place they can show.
     */
    private readonly reportFailure: (message: string) => void,
  ) {
    this.hints = new HintStore(storage.hints, mode);
  }

  /**
   * Opens the engine (SSTables + commit log) and rebuilds the key index from the tables' headers
   * blocks and the log (no value is decoded); replays the hints meanwhile (a separate log).
   */
  recover(done: (r: StoreRecovery) => void): void {
    const { device, compressor, options } = this.storage;
    let engine: { ok: true; engine: StorageEngine; records: number } | { ok: false; message: string } | undefined;
    let hints: { ok: true; records: number } | { ok: false; message: string } | undefined;
    const both = (): void => {
      if (engine === undefined || hints === undefined) return;
      const failed = !engine.ok ? engine : !hints.ok ? hints : undefined;
      if (failed !== undefined) this.broken = failed.message;
      if (!engine.ok || !hints.ok) {
        done({ ok: false, message: this.broken });
        return;
      }
      const opened = engine.engine;
      this.engine = opened;
      opened.onPurged = (keys) => this.purged(opened, keys);
      opened.onBackgroundFailure = (message) => this.reportFailure(message);
      done({ ok: true, keys: this.index.size, records: engine.records + hints.records });
    };
    StorageEngine.open(device, compressor, { ...options, mode: this.mode }, (o) => {
      if (!o.ok) {
        engine = o;
        both();
        return;
      }
      o.engine.scanHeaders((s) => {
        if (!s.ok) engine = { ok: false, message: `cannot scan the SSTables: ${s.message}` };
        else {
          for (const [key, versions] of s.value) if (versions.length > 0) this.index.set(key, versions.map(headerOf));
          engine = { ok: true, engine: o.engine, records: o.records };
        }
        both();
      });
    });
    this.hints.recover((h) => {
      hints = h;
      both();
    });
  }

  // ── the key index: synchronous ─────────────────────────────────────────────────────────────

  keys(): IterableIterator<string> {
    return this.index.keys();
  }

  /** Each key with its version headers, in one walk of the index (no lookup per key). */
  forEachKey(visit: (key: string, headers: readonly Version[]) => void): void {
    this.index.forEach((headers, key) => visit(key, headers));
  }

  get keyCount(): number {
    return this.index.size;
  }

  /** The key's version headers, for Merkle digests (dots only). */
  headers(key: string): readonly Version[] {
    return this.index.get(key) ?? [];
  }

  siblingCount(key: string): number {
    return this.index.get(key)?.length ?? 0;
  }

  /** True when merging these versions would change the key's siblings. */
  wouldChange(key: string, incoming: readonly Version[]): boolean {
    const before = this.headers(key);
    return !sameSiblings(before, mergeIntoSiblings(before, incoming, this.mode));
  }

  /**
   * What a new dot must not collide with besides the key's siblings (headers): hints held for
   * it and mints on their way to disk. Usually neither, and then the same empty array.
   */
  unsettled(key: string): readonly Version[] {
    const held = this.hints.heldFor(key);
    const pending = this.minting.get(key);
    return pending === undefined ? held : [...held, ...pending];
  }

  counterFloor(key: string, actor: string): number {
    return this.hints.counterFloor(key, actor);
  }

  // ── reads: asynchronous, through the engine's read path ────────────────────────────────────

  /** The key's siblings. */
  read(key: string, done: (r: StoreRead) => void): void {
    const gate = this.gates.get(key);
    if (gate !== undefined) {
      gate.waiting.push(() => this.read(key, done));
      return;
    }
    if (this.engine === null) {
      done({ ok: false, message: this.broken });
      return;
    }
    // The engine's failure is a StoreRead failure with more detail: passed on as it is.
    this.engine.read(key, done);
  }

  /** Everything this node holds for a key: its siblings merged with any hints for it. */
  readWithHints(key: string, done: (r: StoreRead) => void): void {
    this.read(key, (r) => {
      const held = this.hints.heldFor(key);
      done(r.ok && held.length > 0 ? { ok: true, versions: mergeIntoSiblings(r.versions, held, this.mode) } : r);
    });
  }

  /** Several keys' siblings, in the order asked; the first failure fails the whole. */
  readMany(keys: readonly string[], done: (r: { ok: true; entries: { key: string; versions: readonly Version[] }[] } | { ok: false; message: string }) => void): void {
    const entries = new Array<{ key: string; versions: readonly Version[] }>(keys.length);
    let left = keys.length;
    let failed = false;
    if (left === 0) done({ ok: true, entries });
    keys.forEach((key, i) =>
      this.read(key, (r) => {
        if (failed) return;
        if (!r.ok) {
          failed = true;
          done(r);
          return;
        }
        entries[i] = { key, versions: r.versions };
        if (--left === 0) done({ ok: true, entries });
      }),
    );
  }

  /** Every key with its siblings, read whole; `via` may replace the engine's device and compressor for the block reads. */
  scan(done: (r: StoreScan) => void, via?: TableIo): void {
    if (this.engine === null) done({ ok: false, message: this.broken });
    else this.engine.scan((r) => done(r.ok ? { ok: true, keys: r.value } : r), via);
  }

  /**
   * The first `limit` keys (in key order) whose name contains `filter`, with their siblings,
   * and how many match: an inspector's page. Keys come from the in-memory index; only the page's
   * values are read, through `via`, so a node with many keys is not scanned whole on every look.
   */
  inspectKeys(query: KeyQuery, via: TableIo | undefined, done: (r: KeyPage) => void): void {
    const engine = this.engine;
    if (engine === null) {
      done({ ok: false, message: this.broken });
      return;
    }
    const matching = [...this.index.keys()].filter((k) => k.includes(query.filter)).sort(compareKeys);
    const page = matching.slice(0, query.limit);
    const keys: { key: string; versions: readonly Version[] }[] = [];
    let failure: string | undefined;
    let left = page.length;
    const finish = (): void => {
      if (failure !== undefined) done({ ok: false, message: failure });
      else done({ ok: true, keys: keys.sort((a, b) => compareKeys(a.key, b.key)), matching: matching.length, total: this.index.size });
    };
    if (left === 0) finish();
    for (const key of page) {
      engine.peek(key, via ?? engine.ownIo, (r) => {
        if (!r.ok) failure ??= r.message;
        else if (r.versions.length > 0) keys.push({ key, versions: r.versions });
        if (--left === 0) finish();
      });
    }
  }

  // ── writes ─────────────────────────────────────────────────────────────────────────────────

  /**
   * A replica write: merged into the memtable and the index now (its coordinator already made
   * it durable, so showing it early cannot expose a dot that might be minted again); `done`
   * fires once the log record is durable.
   */
  merge(key: string, incoming: readonly Version[], done: (r: DiskResult) => void): void {
    const engine = this.engine;
    if (engine === null) {
      done({ ok: false, message: this.broken });
      return;
    }
    let refused = false;
    let indexed = false;
    engine.merge(key, incoming, (r) => {
      // A definite failure was refused before the memtable saw it; any other outcome is in it.
      if (!r.ok && r.definite) refused = true;
      else if (!indexed) {
        indexed = true;
        this.indexMerge(key, incoming);
      }
      done(r);
    });
    if (!refused && !indexed) {
      indexed = true;
      this.indexMerge(key, incoming);
    }
  }

  /**
   * A version this node minted as coordinator: durable first, visible after. As a hint (a
   * coordinator standing in) it goes to the hint store. On success `done` gets everything the
   * node then holds for the key, hints included, the new version among them.
   */
  mint(key: string, v: Version, hintFor: NodeId | undefined, done: (r: StoreRead) => void): void {
    const incoming = [v];
    this.hints.raiseFloor(key, incoming);
    const pending = this.minting.get(key);
    if (pending === undefined) this.minting.set(key, [v]);
    else pending.push(v);
    if (hintFor !== undefined) {
      this.hints.mint(hintFor, key, v, (r) => this.settleMint(key, v, r, done));
      return;
    }
    const engine = this.engine;
    if (engine === null) {
      this.settleMint(key, v, { ok: false, message: this.broken }, done);
      return;
    }
    const gate = this.gates.get(key) ?? { inFlight: 0, waiting: [] };
    gate.inFlight++;
    this.gates.set(key, gate);
    // One callback does what a replica write's path and the mint's own would (one closure per
    // mint, not three): the version joins the index once durable, or once the memtable holds it
    // whatever the log's outcome; a definite failure was refused before the memtable saw it.
    engine.merge(key, incoming, (r) => {
      if (r.ok || !r.definite) this.indexMerge(key, incoming);
      // The last mint of the key in flight lets the reads waiting on it go.
      if (--gate.inFlight === 0) {
        this.gates.delete(key);
        for (const run of gate.waiting) run();
      }
      this.settleMint(key, v, r, done);
    });
  }

  /** A mint is durable or failed: no longer pending; on success `done` gets the key's versions, hints included. */
  private settleMint(key: string, v: Version, r: DiskResult, done: (r: StoreRead) => void): void {
    const pending = this.minting.get(key);
    if (pending !== undefined) {
      // Pending mints are this store's own arrays, never handed out: removed in place.
      const i = pending.indexOf(v);
      if (i >= 0) pending.splice(i, 1);
      if (pending.length === 0) this.minting.delete(key);
    }
    if (r.ok) this.readWithHints(key, done);
    else done(r);
  }

  storeHint(owner: NodeId, key: string, incoming: readonly Version[], done: (r: DiskResult) => void): void {
    if (this.engine === null) done({ ok: false, message: this.broken });
    else this.hints.store(owner, key, incoming, done);
  }

  dropHint(owner: NodeId, key: string, handedOff: readonly Version[], done: (r: DiskResult) => void): void {
    this.hints.drop(owner, key, handedOff, done);
  }

  hintOwners(): { owner: NodeId; keys: number }[] {
    return this.hints.owners();
  }

  hintsFor(owner: NodeId, limit: number): { key: string; versions: readonly Version[] }[] {
    return this.hints.hintsFor(owner, limit);
  }

  // ── background work and stats ──────────────────────────────────────────────────────────────

  /**
   * Gives the engine the time and runs a size-tiered compaction if one is due (flushes start by
   * themselves when the memtable fills, and queue the compactions they make due; those purge
   * expired tombstones by the latest time given here).
   */
  maintain(nowMs: number): void {
    const engine = this.engine;
    if (engine === null || this.compacting) return;
    this.compacting = true;
    engine.compact(nowMs, (r) => {
      this.compacting = false;
      if (!r.ok) this.reportFailure(r.message);
    });
  }

  /**
   * Keys whose expired tombstones a compaction purged are read again into the index. A
   * coordinator picks its next dot from the index, so the purged dots go to the floors: after a
   * restart it could otherwise mint one again while another replica still holds the tombstone.
   */
  private purged(engine: StorageEngine, keys: readonly string[]): void {
    for (const key of keys) {
      engine.read(key, (k) => {
        if (!k.ok) return;
        const before = this.index.get(key) ?? [];
        if (k.versions.length === 0) this.index.delete(key);
        else this.index.set(key, k.versions.map(headerOf));
        const gone = before.filter((v) => !k.versions.some((x) => sameDot(x, v)));
        this.hints.keepFloor(this.self, key, gone, (w) => {
          if (!w.ok) this.reportFailure(`cannot keep the purged dots of ${key}: ${w.message}`);
        });
      });
    }
  }

  stats(): StorageStats | null {
    return this.engine?.stats() ?? null;
  }

  /**
   * Merges versions into the key index. Merging looks only at dots, clocks and timestamps, so
   * the whole versions are merged and only those that end up in the result are stripped of
   * their values: a replica write mostly brings siblings the index already holds as headers.
   */
  private indexMerge(key: string, incoming: readonly Version[]): void {
    const merged = mergeIntoSiblings(this.headers(key), incoming, this.mode);
    this.index.set(key, merged.every(isHeader) ? merged : merged.map(headerOf));
  }
}
