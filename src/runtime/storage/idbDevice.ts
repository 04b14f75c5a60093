/**
 * A StorageDevice on IndexedDB through idb: one database per node, one transaction per
 * operation (a group-commit batch is one transaction, and one row: logRows.ts), completions
 * reported when the transaction completes. Every IndexedDB failure becomes `{ ok: false, message }`.
 */
import { deleteDB, openDB } from 'idb';
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { CommitRecord, DeviceResult, DeviceValue, StorageDevice, TableMeta } from '../../core/storage';
import { blockedMessage, describeIdbError } from './idbErrors';
import type { LogRow } from './logRows';
import { groupRows, rowAfterTruncation, rowRecords } from './logRows';

interface StorageSchema extends DBSchema {
  /** Commit-log rows (a batch's records, or one older record) by their last sequence number. */
  log: { key: number; value: LogRow };
  /** SSTable blocks by [table id, block index]. */
  blocks: { key: [number, number]; value: Uint8Array };
  /** SSTable metadata by table id: written in the same transaction as the blocks, so a listed table is whole. */
  tables: { key: number; value: TableMeta };
}

type Store = StoreNames<StorageSchema>;
type WriteTx = IDBPTransaction<StorageSchema, Store[], 'readwrite'>;

/** The database layout's version: bump it, with an upgrade step, when the stores change. */
const schemaVersion = 1;

export interface IdbDeviceOptions {
  /**
   * 'strict' makes each transaction wait for the OS to flush to disk (survives power loss);
   * 'default' lets the browser decide (survives a tab or worker crash, which is what killing a
   * node simulates, and is much faster).
   */
  readonly durability: 'default' | 'strict';
}

/**
 * Opens (creating if needed) the node's database, e.g. `ringlab:<cluster>:<node>`. Resolves to a
 * failure, never rejects: a blocked open, a newer schema or a refused database each get a message.
 */
export function openIdbDevice(name: string, options: IdbDeviceOptions = { durability: 'default' }): Promise<DeviceValue<IdbDevice>> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: DeviceValue<IdbDevice>): void => {
      if (!settled) resolve(r);
      settled = true;
    };
    let device: IdbDevice | undefined;
    openDB<StorageSchema>(name, schemaVersion, {
      upgrade(db) {
        db.createObjectStore('log', { keyPath: 'seq' });
        db.createObjectStore('blocks');
        db.createObjectStore('tables', { keyPath: 'id' });
      },
      blocked: () => settle({ ok: false, message: blockedMessage('opening the node database', name) }),
      // Another connection wants to upgrade or delete (a wipe): step aside rather than block it.
      blocking: () => device?.close('the database was closed so that it could be wiped or upgraded'),
      terminated: () => device?.close('the browser closed the database unexpectedly'),
    }).then(
      (db) => {
        if (settled) {
          db.close();
          return;
        }
        device = new IdbDevice(db, options);
        settle({ ok: true, value: device });
      },
      (e: unknown) => settle({ ok: false, message: describeIdbError(e, `opening database "${name}"`) }),
    );
  });
}

/**
 * Deletes a node's database: "wipe disk". Fails with a message if another connection still
 * blocks it `blockedWaitMs` after the browser said so (a just terminated worker's connection may
 * take a moment to close); IndexedDB still deletes it once that connection closes.
 */
export function deleteIdbDevice(name: string, blockedWaitMs = 0): Promise<DeviceResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: DeviceResult): void => {
      if (!settled) resolve(r);
      settled = true;
    };
    const blocked = () => settle({ ok: false, message: blockedMessage('wiping the node database', name) });
    deleteDB(name, { blocked: () => void (blockedWaitMs > 0 ? setTimeout(blocked, blockedWaitMs) : blocked()) }).then(
      () => settle({ ok: true }),
      (e: unknown) => settle({ ok: false, message: describeIdbError(e, `wiping database "${name}"`) }),
    );
  });
}

export class IdbDevice implements StorageDevice {
  private readonly inFlight = new Set<WriteTx>();
  private closedBecause: string | undefined;
  /**
   * Recovery lists the tables (StorageEngine.open), then reads every table's headers block
   * (scanHeaders). The first listing reads those blocks too, in its own transaction, and keeps
   * each for that one read: a recovery makes one IndexedDB round trip and N transactions fewer.
   * Blocks never change once written, so a kept one is what IndexedDB would answer; an entry goes
   * when it is read or its table is deleted, and only the first listing fills it (bounded by the
   * tables the node had when it started).
   */
  private readonly listedHeaders = new Map<number, { readonly index: number; readonly bytes: Uint8Array }>();
  private listedOnce = false;

  constructor(
    private readonly db: IDBPDatabase<StorageSchema>,
    private readonly options: IdbDeviceOptions,
  ) {}

  appendLog(records: readonly CommitRecord[], done: (r: DeviceResult) => void): void {
    this.write(['log'], 'appending to the commit log', (tx) => groupRows(records).forEach((row) => quiet(tx.objectStore('log').put(row))), done);
  }

  readLog(done: (r: DeviceValue<readonly CommitRecord[]>) => void): void {
    this.read('reading the commit log', () => this.db.getAll('log').then(rowRecords), done);
  }

  /**
   * Deletes the rows that end at or before `throughSeq`. A flush rarely ends on a batch's edge:
   * the group it falls inside is rewritten without the records it covered, in the same
   * transaction. Batches are appended in sequence order, so only the first row past the bound
   * can begin at or before it.
   */
  truncateLog(throughSeq: number, done: (r: DeviceResult) => void): void {
    this.write(
      ['log'],
      'truncating the commit log',
      (tx) => {
        const log = tx.objectStore('log');
        quiet(log.delete(IDBKeyRange.upperBound(throughSeq)));
        log
          .get(IDBKeyRange.lowerBound(throughSeq, true))
          .then((row) => {
            const kept = row === undefined ? undefined : rowAfterTruncation(row, throughSeq);
            if (kept !== undefined && kept !== row) quiet(log.put(kept));
          })
          // A refused put throws here: abort, so the deletion does not land without the rewrite.
          .catch(() => abortQuietly(tx));
      },
      done,
    );
  }

  writeTable(meta: TableMeta, blocks: readonly Uint8Array[], done: (r: DeviceResult) => void): void {
    this.write(
      ['blocks', 'tables'],
      `writing SSTable ${meta.id}`,
      (tx) => {
        blocks.forEach((b, i) => quiet(tx.objectStore('blocks').put(ownBuffer(b), [meta.id, i])));
        quiet(tx.objectStore('tables').put(meta));
      },
      done,
    );
  }

  readBlock(tableId: number, blockIndex: number, done: (r: DeviceValue<Uint8Array>) => void): void {
    const listed = this.listedHeaders.get(tableId);
    if (listed !== undefined && listed.index === blockIndex && this.closedBecause === undefined) {
      this.listedHeaders.delete(tableId);
      queueMicrotask(() => done({ ok: true, value: listed.bytes }));
      return;
    }
    const doing = `reading block ${blockIndex} of SSTable ${tableId}`;
    this.read(doing, () => this.db.get('blocks', [tableId, blockIndex]), (r) => {
      if (!r.ok) done(r);
      else if (r.value === undefined) done({ ok: false, message: `${doing} failed: the block is missing` });
      else done({ ok: true, value: r.value });
    });
  }

  listTables(done: (r: DeviceValue<readonly TableMeta[]>) => void): void {
    if (this.listedOnce) {
      this.read('listing SSTables', () => this.db.getAll('tables'), done);
      return;
    }
    this.listedOnce = true;
    this.read('listing SSTables', () => this.listWithHeaders(), done);
  }

  private async listWithHeaders(): Promise<TableMeta[]> {
    const tx = this.db.transaction(['tables', 'blocks'], 'readonly');
    // A failed read rejects its request, which the caller hears; the transaction's own rejection must not go unheard.
    quiet(tx.done);
    const metas = await tx.objectStore('tables').getAll();
    const blocks = tx.objectStore('blocks');
    const heads = await Promise.all(metas.map((m) => (m.headersBlock === undefined ? Promise.resolve(undefined) : blocks.get([m.id, m.headersBlock]))));
    metas.forEach((m, i) => {
      const bytes = heads[i];
      if (m.headersBlock !== undefined && bytes !== undefined) this.listedHeaders.set(m.id, { index: m.headersBlock, bytes });
    });
    return metas;
  }

  deleteTables(tableIds: readonly number[], done: (r: DeviceResult) => void): void {
    this.write(
      ['blocks', 'tables'],
      `deleting SSTables ${tableIds.join(', ')}`,
      (tx) => {
        for (const id of tableIds) {
          this.listedHeaders.delete(id);
          quiet(tx.objectStore('tables').delete(id));
          quiet(tx.objectStore('blocks').delete(IDBKeyRange.bound([id, 0], [id, Infinity])));
        }
      },
      done,
    );
  }

  /** Aborts every write transaction in flight: what killing a worker does to them. */
  abortInFlight(): void {
    // One already committing cannot be aborted: it lands, as if the worker died a moment later.
    for (const tx of this.inFlight) abortQuietly(tx);
  }

  /** Closes the connection; later operations fail with `reason`. */
  close(reason = 'the device was closed'): void {
    if (this.closedBecause !== undefined) return;
    this.closedBecause = reason;
    this.db.close();
  }

  private write(stores: Store[], doing: string, body: (tx: WriteTx) => void, done: (r: DeviceResult) => void): void {
    if (this.closedBecause !== undefined) {
      failSoon(done, `${doing} failed: ${this.closedBecause}`);
      return;
    }
    let tx: WriteTx | undefined;
    try {
      tx = this.db.transaction(stores, 'readwrite', { durability: this.options.durability });
      body(tx);
    } catch (e) {
      // A request refused part-way (a quota error can be thrown at once): the transaction must
      // not commit the requests made before it.
      abortQuietly(tx);
      failSoon(done, describeIdbError(e, doing));
      return;
    }
    const inFlight = tx;
    this.inFlight.add(inFlight);
    inFlight.done.then(
      () => {
        this.inFlight.delete(inFlight);
        done({ ok: true });
      },
      (e: unknown) => {
        this.inFlight.delete(inFlight);
        done({ ok: false, message: describeIdbError(inFlight.error ?? e, doing) });
      },
    );
  }

  private read<T>(doing: string, get: () => Promise<T>, done: (r: DeviceValue<T>) => void): void {
    if (this.closedBecause !== undefined) {
      failSoon(done, `${doing} failed: ${this.closedBecause}`);
      return;
    }
    let pending: Promise<T>;
    try {
      pending = get();
    } catch (e) {
      failSoon(done, describeIdbError(e, doing));
      return;
    }
    pending.then(
      (value) => done({ ok: true, value }),
      (e: unknown) => done({ ok: false, message: describeIdbError(e, doing) }),
    );
  }
}

/**
 * A failed request aborts its transaction, and the failure is reported once, through the
 * transaction's `done`; the request's own rejection is caught at once so it never goes unhandled.
 */
function quiet(request: Promise<unknown>): void {
  request.catch(() => undefined);
}

function abortQuietly(tx: WriteTx | undefined): void {
  if (tx === undefined) return;
  // idb makes `done` as soon as it wraps a transaction: it must not reject unheard.
  quiet(tx.done);
  try {
    tx.abort();
  } catch {
    // Finished or already aborted: nothing left to stop.
  }
}

/** Calls back on a later microtask, as IndexedDB would: callers never see a synchronous failure. */
function failSoon(done: (r: { ok: false; message: string }) => void, message: string): void {
  queueMicrotask(() => done({ ok: false, message }));
}

/** Structured clone copies a view's whole buffer: store a block that owns exactly its bytes. */
function ownBuffer(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice();
}
