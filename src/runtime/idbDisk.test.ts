// Goal: the IndexedDB disk keeps what it acknowledged, folded per log slot, and reports
// failures as {ok:false}. Method: run it over fake-indexeddb in Node; a second IdbDisk on the
// same database stands for a restarted node; a value that cannot be cloned makes a
// transaction fail; a connection held open without closing on a version change stands for
// another tab blocking an upgrade or a delete.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { DiskResult, LogRecord, ReplayResult } from '../core/disk';
import { foldLogRecord } from '../core/disk';
import { nodeId } from '../core/ids';
import type { JsonValue } from '../core/json';
import type { Clock } from '../core/versions/vectorClock';
import type { Version } from '../core/versions/version';
import { deleteNodeDatabase, IdbDisk, nodeDatabaseNames } from './idbDisk';

function version(value: JsonValue, counter: number, context: Clock = {}): Version {
  return { value, deleted: false, dot: { node: 'A', counter }, context, timestampMs: counter };
}

const fold = (prev: LogRecord | undefined, rec: LogRecord) => foldLogRecord(prev, rec, 'vclock');
const disk = (cluster: string) => new IdbDisk(nodeDatabaseNames(cluster, 'A').hints, fold);
const append = (d: IdbDisk, records: LogRecord[]) => new Promise<DiskResult>((resolve) => d.append(records, resolve));
const replay = (d: IdbDisk) => new Promise<ReplayResult>((resolve) => d.replay(resolve));
const values = (r: ReplayResult) => (r.ok ? r.records.map((rec) => [rec.key, rec.versions.map((v) => v.value)]) : []);

describe('IdbDisk', () => {
  it('names the databases of a node by cluster and node', () => {
    expect(nodeDatabaseNames('main', 'A')).toEqual({ engine: 'ringlab:main:A:engine', hints: 'ringlab:main:A:hints', legacy: 'ringlab:main:A' });
  });

  it('keeps acknowledged records for a new disk on the same database, folded per key, in append order', async () => {
    const first = disk('t1');
    expect(await append(first, [{ key: 'x', versions: [version('1', 1)] }, { key: 'y', versions: [version('2', 2)] }])).toEqual({ ok: true });
    // Written from a context that saw x's first version: it supersedes it.
    expect(await append(first, [{ key: 'x', versions: [version('3', 3, { A: 1 })] }])).toEqual({ ok: true });
    await first.close();

    const second = disk('t1');
    expect(values(await replay(second))).toEqual([['y', ['2']], ['x', ['3']]]);
    // Appends after a restart continue the sequence rather than reusing it.
    expect(await append(second, [{ key: 'y', versions: [version('4', 4, { A: 2 })] }])).toEqual({ ok: true });
    expect(values(await replay(second))).toEqual([['x', ['3']], ['y', ['4']]]);
    await second.close();
  });

  it('keeps concurrent versions as siblings, and hints apart from the key data', async () => {
    const d = disk('t2');
    const owner = nodeId('B');
    await append(d, [{ key: 'x', versions: [version('a', 1)] }, { key: 'x', versions: [version('b', 2)] }]);
    await append(d, [{ key: 'x', versions: [version('h', 3)], hintFor: owner }]);
    const r = await replay(d);
    expect(r.ok && r.records.map((rec) => [rec.hintFor ?? null, rec.versions.length])).toEqual([[null, 2], [owner, 1]]);
    await append(d, [{ key: 'x', versions: [version('h', 3)], hintFor: owner, handedOff: true }]);
    const after = await replay(d);
    expect(after.ok && after.records.find((rec) => rec.hintFor === owner)?.versions).toEqual([]);
    await d.close();
  });

  it('reports ok:false when a transaction fails, and keeps none of its records', async () => {
    const d = disk('t3');
    const unclonable = (() => 1) as unknown as JsonValue;
    const r = await append(d, [{ key: 'good', versions: [version('ok', 1)] }, { key: 'bad', versions: [version(unclonable, 2)] }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/IndexedDB/);
    expect(await replay(d)).toEqual({ ok: true, records: [] });
    await d.close();
  });

  it('forgets everything once its database is deleted (a wipe)', async () => {
    const d = disk('t4');
    await append(d, [{ key: 'x', versions: [version('1', 1)] }]);
    await d.close();
    expect(await deleteNodeDatabase('t4', 'A')).toEqual({ ok: true });
    expect(await replay(disk('t4'))).toEqual({ ok: true, records: [] });
  });

  it('an open of the hint log blocked by another tab answers with a message, asks no second time, and works once that tab lets go', async () => {
    const held = await holdOpen(nodeDatabaseNames('t5', 'A').hints, 1);
    const d = disk('t5');
    const r = await replay(d);
    expect(!r.ok && r.message).toMatch(/opening the hint log failed: .* blocked by another open connection/);
    const opensBefore = opens;
    expect((await append(d, [{ key: 'x', versions: [version('1', 1)] }])).ok).toBe(false);
    expect(opens).toBe(opensBefore);
    held.close();
    await vi.waitFor(async () => expect(await append(d, [{ key: 'x', versions: [version('1', 1)] }])).toEqual({ ok: true }));
    await d.close();
  });

  it('a wipe blocked by a connection that never closes answers with a message instead of waiting', async () => {
    const held = await holdOpen(nodeDatabaseNames('t6', 'A').engine, 1);
    const r = await deleteNodeDatabase('t6', 'A');
    expect(!r.ok && r.message).toMatch(/wiping the node database failed: .* blocked/);
    held.close();
  });
});

/** IndexedDB opens asked for so far (the blocked test checks no second one is asked while the first waits). */
let opens = 0;
const realOpen = indexedDB.open.bind(indexedDB);
indexedDB.open = (name: string, version?: number) => {
  opens++;
  return realOpen(name, version);
};

/** A connection at `version` held as another tab would: told of a version change, it does not close. */
function holdOpen(name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onsuccess = () => {
      req.result.onversionchange = () => undefined;
      resolve(req.result);
    };
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
}
