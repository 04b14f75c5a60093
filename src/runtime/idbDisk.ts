// The browser Disk of a node's hint store: one IndexedDB database per node holding, per log slot
// (a key's hint for one replica), the fold of every record appended to it, with the sequence of its last
// append. One append is one transaction, acknowledged only once it completes. Errors become
// {ok:false}; nothing throws.
import type { DBSchema, IDBPDatabase } from 'idb';
import { openDB } from 'idb';
import type { Disk, DiskResult, LogRecord, ReplayResult } from '../core/disk';
import { logSlot } from '../core/disk';
import { deleteIdbDevice } from './storage/idbDevice';
import { blockedMessage } from './storage/idbErrors';

interface StoredSlot {
  readonly slot: string;
  /** Append order of the slot's last record: replay returns slots in it, as a log would. */
  readonly seq: number;
  readonly record: LogRecord;
}

interface LogSchema extends DBSchema {
  slots: { key: string; value: StoredSlot; indexes: { bySeq: number } };
}

/** Version 1 kept whole sibling sets per key in a store now unused; 2 adds the slot store. */
const schemaVersion = 2;

/** How a record folds into its slot's earlier fold: core's foldLogRecord with the conflict mode. */
export type FoldRecord = (prev: LogRecord | undefined, rec: LogRecord) => LogRecord;

/**
 * The databases of one node of one cluster: its storage engine's (`ringlab:<cluster>:<node>:engine`:
 * commit log, SSTable blocks and metadata) and its hint log's (`…:hints`). `ringlab:<cluster>:<node>`
 * was the whole-store log before the engine: a wipe deletes it too.
 */
export function nodeDatabaseNames(cluster: string, node: string): { readonly engine: string; readonly hints: string; readonly legacy: string } {
  const base = `ringlab:${cluster}:${node}`;
  return { engine: `${base}:engine`, hints: `${base}:hints`, legacy: base };
}

/** How long a wipe waits on a blocked delete before saying so: a terminated worker's connections close by themselves. */
const blockedWaitMs = 1_000;

/**
 * Wipe: the node's permanent failure. A delete blocked by a connection that does not close (a
 * database held open in another tab) answers with that at once rather than waiting unseen;
 * IndexedDB still deletes it once the connection closes.
 */
export async function deleteNodeDatabase(cluster: string, node: string): Promise<DiskResult> {
  for (const name of Object.values(nodeDatabaseNames(cluster, node))) {
    const r = await deleteIdbDevice(name, blockedWaitMs);
    if (!r.ok) return r;
  }
  return { ok: true };
}

/** Counters of one disk since its worker started: what the inspector shows of the commit log. */
export interface DiskStats {
  /** Transactions committed: one per group of log records (group commit). */
  readonly transactions: number;
  readonly recordsAppended: number;
  readonly failedAppends: number;
  /** Slots (a key's data, or a hint) read back when the node started. */
  readonly slotsReplayed: number;
}

export class IdbDisk implements Disk {
  private db: Promise<IDBPDatabase<LogSchema>> | null = null;
  private nextSeq = 0;
  private counters = { transactions: 0, recordsAppended: 0, failedAppends: 0, slotsReplayed: 0 };

  constructor(
    private readonly name: string,
    private readonly fold: FoldRecord,
    /** IndexedDB transaction durability: 'strict' waits for the OS to flush to disk. */
    private readonly durability: 'default' | 'strict' = 'default',
  ) {}

  append(records: readonly LogRecord[], done: (r: DiskResult) => void): void {
    void this.write(records).then((r) => {
      if (r.ok) this.counters = { ...this.counters, transactions: this.counters.transactions + 1, recordsAppended: this.counters.recordsAppended + records.length };
      else this.counters = { ...this.counters, failedAppends: this.counters.failedAppends + 1 };
      done(r);
    });
  }

  replay(done: (r: ReplayResult) => void): void {
    void this.readAll().then((r) => {
      if (r.ok) this.counters = { ...this.counters, slotsReplayed: r.records.length };
      done(r);
    });
  }

  stats(): DiskStats {
    return this.counters;
  }

  /** Closes the connection, so that a wipe of this database is not blocked by it. */
  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (db !== null) (await db.catch(() => null))?.close();
  }

  private async write(records: readonly LogRecord[]): Promise<DiskResult> {
    try {
      const db = await this.open();
      const tx = db.transaction('slots', 'readwrite', { durability: this.durability });
      const store = tx.objectStore('slots');
      try {
        // Only IndexedDB requests are awaited here, so the transaction stays active throughout.
        const slots = [...new Set(records.map(logSlot))];
        const stored = await Promise.all(slots.map((slot) => store.get(slot)));
        const folds = new Map(slots.map((slot, i) => [slot, stored[i]?.record]));
        for (const rec of records) folds.set(logSlot(rec), this.fold(folds.get(logSlot(rec)), rec));
        const seq = this.nextSeq;
        this.nextSeq += folds.size;
        // tx.done carries the outcome: a failed request aborts the whole transaction, so the
        // requests' own rejections are expected and silenced.
        [...folds].forEach(([slot, record], i) => {
          if (record !== undefined) store.put({ slot, seq: seq + i, record }).catch(() => undefined);
        });
        await tx.done;
      } catch (error) {
        abortQuietly(tx);
        await tx.done.catch(() => undefined);
        throw error;
      }
      return { ok: true };
    } catch (error) {
      return { ok: false, message: describeError(error) };
    }
  }

  private async readAll(): Promise<ReplayResult> {
    try {
      const db = await this.open();
      const stored = await db.getAllFromIndex('slots', 'bySeq');
      return { ok: true, records: stored.map((s) => s.record) };
    } catch (error) {
      return { ok: false, message: describeError(error) };
    }
  }

  private open(): Promise<IDBPDatabase<LogSchema>> {
    // A blocked open stays pending in IndexedDB: no second one is asked for until it settles.
    if (this.blocked !== null) return Promise.reject(new BlockedOpen(this.blocked));
    this.db ??= this.openAndReadSeq().catch((error: unknown) => {
      this.db = null;
      throw error;
    });
    return this.db;
  }

  /** The message while an open is blocked (an older version of the database held open elsewhere). */
  private blocked: string | null = null;

  private async openAndReadSeq(): Promise<IDBPDatabase<LogSchema>> {
    const db = await new Promise<IDBPDatabase<LogSchema>>((resolve, reject) => {
      const opening = openDB<LogSchema>(this.name, schemaVersion, {
        upgrade(database) {
          database.createObjectStore('slots', { keyPath: 'slot' }).createIndex('bySeq', 'seq');
        },
        // Failing now beats waiting unseen: the node reports a storage error instead of starting forever.
        blocked: () => {
          this.blocked = blockedMessage('opening the hint log', this.name);
          reject(new BlockedOpen(this.blocked));
        },
        // Someone wants to delete or upgrade this database: let them, and reopen on next use.
        blocking: () => {
          void opening.then((d) => d.close());
          this.db = null;
        },
        terminated: () => {
          this.db = null;
        },
      });
      opening.then(
        (opened) => {
          // Opened after all, once the other connection closed: this one was given up on; the next use opens again.
          if (this.blocked !== null) {
            this.blocked = null;
            opened.close();
          }
          resolve(opened);
        },
        reject,
      );
    });
    const last = await db.transaction('slots').store.index('bySeq').openCursor(null, 'prev');
    this.nextSeq = last === null ? 0 : last.value.seq + 1;
    return db;
  }
}

/** An open that another connection blocks; its message is the whole story. */
class BlockedOpen extends Error {
  override readonly name = 'BlockedOpen';
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted: nothing left to undo.
  }
}

/** A message a person can act on: quota and blocked databases are the usual suspects. */
export function describeError(error: unknown): string {
  if (error instanceof BlockedOpen) return error.message;
  if (error instanceof DOMException || error instanceof Error) {
    if (error.name === 'QuotaExceededError') return 'IndexedDB is full (quota exceeded): free space or wipe a node';
    return `IndexedDB ${error.name}: ${error.message}`;
  }
  return `IndexedDB failed: ${String(error)}`;
}
