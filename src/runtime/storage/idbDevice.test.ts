/**
 * Goal: the IndexedDB device stores and returns what the engine gives it, and turns every
 * IndexedDB failure (quota, abort, blocked delete, closed connection) into `{ ok: false }` with a
 * message that names the cause, leaving the database as it was. Method: fake-indexeddb; failures
 * are provoked by wrapping IDBObjectStore.put or holding a connection open.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommitRecord, DeviceResult, DeviceValue, TableMeta } from '../../core/storage';
import { buildBloomFilter } from '../../core/storage';
import type { IdbDevice } from './idbDevice';
import { deleteIdbDevice, openIdbDevice } from './idbDevice';
import { rowRecordsMax } from './logRows';

/** The real IDBObjectStore.put, taken before a test wraps it, so the wrapper can still store. */
function realPut(): (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) => IDBRequest<IDBValidKey> {
  return Reflect.get(IDBObjectStore.prototype, 'put') as (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) => IDBRequest<IDBValidKey>;
}

let dbCount = 0;
const freshName = (): string => `ringlab:test:device-${++dbCount}`;

async function open(name = freshName(), durability: 'default' | 'strict' = 'default'): Promise<IdbDevice> {
  const r = await openIdbDevice(name, { durability });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const call = <T>(f: (done: (r: T) => void) => void): Promise<T> => new Promise((resolve) => f(resolve));
const rec = (seq: number): CommitRecord => ({ seq, key: `k${seq}`, versions: [{ value: seq, deleted: false, dot: { node: 'n', counter: seq }, context: {}, timestampMs: 0 }] });
const meta = (id: number, blocks: number): TableMeta => ({
  id,
  maxSeq: id,
  entryCount: blocks,
  firstKey: 'a',
  lastKey: 'z',
  blockFirstKeys: Array.from({ length: blocks }, (_, i) => `k${i}`),
  rawBytes: 10,
  storedBytes: 3 * blocks,
  bloom: buildBloomFilter(['a'], 10),
  compression: 'identity',
});

async function logSeqs(d: IdbDevice): Promise<number[]> {
  const r = await call<DeviceValue<readonly CommitRecord[]>>((done) => d.readLog(done));
  if (!r.ok) throw new Error(r.message);
  return r.value.map((x) => x.seq);
}

afterEach(() => vi.restoreAllMocks());

describe('IndexedDB device', () => {
  it('keeps the commit log in sequence order and truncates it through a sequence number', async () => {
    const d = await open();
    expect(await call<DeviceResult>((done) => d.appendLog([rec(3), rec(1), rec(2)], done))).toEqual({ ok: true });
    expect(await logSeqs(d)).toEqual([1, 2, 3]);
    await call<DeviceResult>((done) => d.truncateLog(2, done));
    expect(await logSeqs(d)).toEqual([3]);
  });

  it('writes a batch as one row and truncates inside a batch, keeping the records past the bound', async () => {
    const d = await open();
    const puts = vi.spyOn(IDBObjectStore.prototype, 'put');
    await call<DeviceResult>((done) => d.appendLog([rec(1), rec(2), rec(3)], done));
    await call<DeviceResult>((done) => d.appendLog([rec(4), rec(5)], done));
    expect(puts).toHaveBeenCalledTimes(2);
    await call<DeviceResult>((done) => d.truncateLog(4, done));
    expect(await logSeqs(d)).toEqual([5]);
    await call<DeviceResult>((done) => d.truncateLog(5, done));
    expect(await logSeqs(d)).toEqual([]);
  });

  it('reads a log written one record per row (before groups) with the groups after it, and truncates both', async () => {
    const name = freshName();
    (await open(name)).close();
    const raw = await new Promise<IDBDatabase>((resolve) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
    });
    const tx = raw.transaction('log', 'readwrite');
    for (const r of [rec(1), rec(2), rec(3)]) tx.objectStore('log').put(r);
    await new Promise((resolve) => (tx.oncomplete = resolve));
    raw.close();
    const d = await open(name);
    await call<DeviceResult>((done) => d.appendLog([rec(4), rec(5)], done));
    const log = await call<DeviceValue<readonly CommitRecord[]>>((done) => d.readLog(done));
    expect(log.ok && log.value).toEqual([1, 2, 3, 4, 5].map(rec));
    await call<DeviceResult>((done) => d.truncateLog(2, done));
    expect(await logSeqs(d)).toEqual([3, 4, 5]);
    await call<DeviceResult>((done) => d.truncateLog(4, done));
    expect(await logSeqs(d)).toEqual([5]);
  });

  it('writes a table whole, reads its blocks back, lists it and deletes it', async () => {
    const d = await open();
    const blocks = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5, 6]).subarray(1)];
    expect(await call<DeviceResult>((done) => d.writeTable(meta(7, 2), blocks, done))).toEqual({ ok: true });
    const listed = await call<DeviceValue<readonly TableMeta[]>>((done) => d.listTables(done));
    expect(listed.ok && listed.value.map((t) => t.id)).toEqual([7]);
    expect(listed.ok && listed.value[0]?.bloom.bits).toBeInstanceOf(Uint8Array);
    const block = await call<DeviceValue<Uint8Array>>((done) => d.readBlock(7, 1, done));
    expect(block.ok && [...block.value]).toEqual([5, 6]);
    await call<DeviceResult>((done) => d.deleteTables([7], done));
    const gone = await call<DeviceValue<Uint8Array>>((done) => d.readBlock(7, 0, done));
    expect(gone.ok).toBe(false);
    expect(!gone.ok && gone.message).toMatch(/missing/);
  });

  it('a restart reads every headers block with the table list, in its one transaction; a deleted table has none left', async () => {
    const name = freshName();
    const first = await open(name);
    const tableWithHeaders = (id: number): TableMeta => ({ ...meta(id, 2), headersBlock: 2 });
    const blocksOf = (id: number) => [new Uint8Array([id, 0]), new Uint8Array([id, 1]), new Uint8Array([id, 9, 9])];
    await call<DeviceResult>((done) => first.writeTable(tableWithHeaders(1), blocksOf(1), done));
    await call<DeviceResult>((done) => first.writeTable(tableWithHeaders(2), blocksOf(2), done));
    first.close();
    const d = await open(name);
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const listed = await call<DeviceValue<readonly TableMeta[]>>((done) => d.listTables(done));
    expect(listed.ok && listed.value.map((t) => t.id)).toEqual([1, 2]);
    const afterListing = transactions.mock.calls.length;
    const headers = await call<DeviceValue<Uint8Array>>((done) => d.readBlock(1, 2, done));
    expect(headers.ok && [...headers.value]).toEqual([1, 9, 9]);
    expect(transactions.mock.calls.length).toBe(afterListing);
    // A data block, and a headers block read a second time, come from IndexedDB as before.
    const data = await call<DeviceValue<Uint8Array>>((done) => d.readBlock(1, 0, done));
    expect(data.ok && [...data.value]).toEqual([1, 0]);
    const again = await call<DeviceValue<Uint8Array>>((done) => d.readBlock(1, 2, done));
    expect(again.ok && [...again.value]).toEqual([1, 9, 9]);
    expect(transactions.mock.calls.length).toBe(afterListing + 2);
    await call<DeviceResult>((done) => d.deleteTables([2], done));
    const gone = await call<DeviceValue<Uint8Array>>((done) => d.readBlock(2, 2, done));
    expect(!gone.ok && gone.message).toMatch(/missing/);
  });

  it('keeps what was stored across a reopen of the same database', async () => {
    const name = freshName();
    const first = await open(name);
    await call<DeviceResult>((done) => first.appendLog([rec(1)], done));
    first.close();
    expect(await logSeqs(await open(name))).toEqual([1]);
  });

  it('passes the durability option to every write transaction', async () => {
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const d = await open(freshName(), 'strict');
    await call<DeviceResult>((done) => d.appendLog([rec(1)], done));
    expect(spy.mock.calls.some((c) => c[1] === 'readwrite' && c[2]?.durability === 'strict')).toBe(true);
  });

  it('a quota error fails the append with a quota message and stores none of the batch', async () => {
    const d = await open();
    const put = realPut();
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    // Refused at its second row: the first, already requested, must not land either.
    const r = await call<DeviceResult>((done) => d.appendLog(Array.from({ length: rowRecordsMax + 1 }, (_, i) => rec(i + 1)), done));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/quota .* used up \(QuotaExceededError\)/);
    vi.restoreAllMocks();
    expect(await logSeqs(d)).toEqual([]);
  });

  it('an aborted transaction fails the table write and leaves no block of it behind', async () => {
    const d = await open();
    const put = realPut();
    // The transaction aborts after its requests were made, as when the browser gives up on it.
    const aborting = new Set<IDBTransaction>();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const tx = this.transaction;
      if (!aborting.has(tx)) queueMicrotask(() => tx.abort());
      aborting.add(tx);
      return put.apply(this, args);
    });
    const r = await call<DeviceResult>((done) => d.writeTable(meta(1, 3), [new Uint8Array([1]), new Uint8Array([2]), new Uint8Array([3])], done));
    expect(!r.ok && r.message).toMatch(/aborted \(AbortError\)/);
    vi.restoreAllMocks();
    const listed = await call<DeviceValue<readonly TableMeta[]>>((done) => d.listTables(done));
    expect(listed.ok && listed.value).toEqual([]);
    expect((await call<DeviceValue<Uint8Array>>((done) => d.readBlock(1, 0, done))).ok).toBe(false);
  });

  it('a wipe blocked by another open connection fails with a message naming it', async () => {
    const name = freshName();
    const held = await new Promise<IDBDatabase>((resolve) => {
      const req = indexedDB.open(name, 1);
      req.onsuccess = () => resolve(req.result);
    });
    const r = await deleteIdbDevice(name);
    expect(!r.ok && r.message).toMatch(/blocked by another open connection/);
    held.close();
  });

  it('a device steps aside for a wipe, and its later operations fail as closed', async () => {
    const name = freshName();
    const d = await open(name);
    expect(await deleteIdbDevice(name)).toEqual({ ok: true });
    const r = await call<DeviceResult>((done) => d.appendLog([rec(1)], done));
    expect(!r.ok && r.message).toMatch(/closed so that it could be wiped/);
  });
});
