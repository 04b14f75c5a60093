/**
 * Goal: the engine's write path (group commit, bounded queue, flush, truncation), read path
 * (memtable, cache, bloom filters, tables newest to oldest), compaction and recovery each do
 * what the chapter says. Method: a memory device whose completions queue until the test runs
 * them, so each case controls exactly what is in flight; the LZ77 compressor.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../prng';
import { nextCounter } from '../versions/siblings';
import type { Clock } from '../versions/vectorClock';
import type { Version } from '../versions/version';
import { displayClock } from '../versions/version';
import { lz77Compressor } from './lz77Compressor';
import { MemoryDevice } from './memoryDevice';
import type { DeviceOpKind } from './storageDevice';
import { StorageEngine } from './storageEngine';
import type { StorageOptions, StorageRead, StorageResult } from './storageOptions';
import { defaultStorageOptions } from './storageOptions';

class Queue {
  tasks: { kind: DeviceOpKind; run: () => void }[] = [];
  readonly counts = new Map<DeviceOpKind, number>();
  schedule = (op: { kind: DeviceOpKind }, run: () => void): void => {
    this.tasks.push({ kind: op.kind, run });
    this.counts.set(op.kind, (this.counts.get(op.kind) ?? 0) + 1);
  };
  runAll(): void {
    for (let n = 0; this.tasks.length > 0 && n < 100_000; n++) this.tasks.shift()?.run();
  }
  runKind(kind: DeviceOpKind): void {
    const i = this.tasks.findIndex((t) => t.kind === kind);
    if (i < 0) throw new Error(`nothing of kind ${kind} in flight`);
    this.tasks.splice(i, 1)[0]?.run();
  }
}

const small: StorageOptions = { ...defaultStorageOptions, memtableBytesMax: 2_000, blockBytesTarget: 256, cacheEntriesMax: 16, compactionTablesMin: 4 };

function rig(options: StorageOptions = small) {
  const queue = new Queue();
  const device = new MemoryDevice(queue.schedule);
  const open = (): StorageEngine => {
    let out: StorageEngine | undefined;
    StorageEngine.open(device, lz77Compressor, options, (r) => {
      if (!r.ok) throw new Error(r.message);
      out = r.engine;
    });
    queue.runAll();
    if (out === undefined) throw new Error('open did not complete');
    return out;
  };
  return { queue, device, open };
}

function version(actor: string, counter: number, value: string, context: Clock = {}, over: Partial<Version> = {}): Version {
  return { value, deleted: false, dot: { node: actor, counter }, context, timestampMs: 0, ...over };
}

function write(e: StorageEngine, key: string, v: Version): { result: StorageResult | undefined } {
  const box: { result: StorageResult | undefined } = { result: undefined };
  e.merge(key, [v], (r) => (box.result = r));
  return box;
}

function readNow(e: StorageEngine, q: Queue, key: string): readonly Version[] {
  let out: StorageRead | undefined;
  e.read(key, (r) => (out = r));
  q.runAll();
  if (out === undefined || !out.ok) throw new Error(`read failed: ${out === undefined ? 'pending' : out.message}`);
  return out.versions;
}

const values = (vs: readonly Version[]): string[] => vs.map((v) => (typeof v.value === 'string' ? v.value : JSON.stringify(v.value))).sort();

function fill(e: StorageEngine, q: Queue, from: number, count: number, actor = 'a'): void {
  for (let i = from; i < from + count; i++) write(e, `user:${String(i).padStart(4, '0')}`, version(actor, 1, `profile of user ${i}: the same text again and again`));
  q.runAll();
}

describe('write path', () => {
  it('a write is visible at once but acknowledged only when its log record is durable', () => {
    const { queue, open } = rig();
    const e = open();
    const w = write(e, 'k', version('a', 1, 'v1'));
    expect(w.result).toBeUndefined();
    expect(e.readCached('k')?.map((v) => v.value)).toEqual(['v1']);
    queue.runAll();
    expect(w.result).toEqual({ ok: true });
  });

  it('writes that arrive while a batch is in flight are committed together in the next batch', () => {
    const { queue, open } = rig();
    const e = open();
    write(e, 'k0', version('a', 1, 'first'));
    for (let i = 1; i <= 5; i++) write(e, `k${i}`, version('a', 1, 'later'));
    queue.runAll();
    expect(queue.counts.get('appendLog')).toBe(2);
    expect(e.stats().logBatches).toBe(2);
    expect(e.stats().logRecordsAppended).toBe(6);
    expect(e.stats().logRecords).toBe(6);
  });

  it('a write past the queue bound fails with a definite storage error and is never visible', () => {
    const { queue, open } = rig({ ...small, logQueueRecordsMax: 3 });
    const e = open();
    for (let i = 1; i <= 4; i++) write(e, `k${i}`, version('a', 1, 'v'));
    const refused = write(e, 'k5', version('a', 1, 'v'));
    expect(refused.result).toMatchObject({ ok: false, error: 'storage', definite: true });
    queue.runAll();
    expect(readNow(e, queue, 'k5')).toEqual([]);
    expect(e.stats().writesRefused).toBe(1);
  });

  it('a full memtable is flushed to a compressed SSTable and the log is truncated', () => {
    const { queue, device, open } = rig();
    const e = open();
    fill(e, queue, 0, 40);
    const s = e.stats();
    expect(s.flushes).toBeGreaterThan(0);
    expect(s.tableCount).toBe(s.flushes);
    expect(s.tables.every((t) => t.blocks > 1)).toBe(true);
    expect(s.compressionRatio).toBeGreaterThan(1.5);
    expect(s.logRecords).toBe(device.logLength);
    expect(device.logLength).toBeLessThan(40);
    expect(s.memtableEntries + s.tables.reduce((n, t) => n + t.entries, 0)).toBe(40);
  });
});

describe('read path', () => {
  it('a read merges siblings spread across the memtable and several tables', () => {
    const { queue, open } = rig();
    const e = open();
    const flush = (): void => (e.flush(() => undefined), queue.runAll());
    write(e, 'k', version('a', 1, 'from a'));
    flush();
    write(e, 'k', version('b', 1, 'from b'));
    flush();
    write(e, 'k', version('c', 1, 'from c'));
    queue.runAll();
    expect(e.stats().tableCount).toBe(2);
    expect(values(readNow(e, queue, 'k'))).toEqual(['from a', 'from b', 'from c']);
  });

  it('bloom filters skip tables that cannot hold the key, and a maybe that finds nothing counts as a false positive', () => {
    const { queue, open } = rig();
    const e = open();
    fill(e, queue, 0, 120);
    e.flush(() => undefined);
    queue.runAll();
    const tables = e.stats().tableCount;
    for (let i = 0; i < 50; i++) readNow(e, queue, `absent:${i}`);
    const s = e.stats();
    expect(s.bloomChecks).toBe(50 * tables);
    expect(s.bloomNegatives + s.bloomFalsePositives).toBe(50 * tables);
    expect(s.bloomNegatives).toBeGreaterThan(0.9 * 50 * tables);
  });

  it('a second read of a key is a cache hit, and a flush keeps the cached answer current', () => {
    const { queue, open } = rig();
    const e = open();
    write(e, 'k', version('a', 1, 'old'));
    e.flush(() => undefined);
    queue.runAll();
    readNow(e, queue, 'k');
    readNow(e, queue, 'k');
    expect(e.stats()).toMatchObject({ cacheMisses: 1, cacheHits: 1 });
    write(e, 'k', version('b', 1, 'concurrent'));
    e.flush(() => undefined);
    queue.runAll();
    expect(values(readNow(e, queue, 'k'))).toEqual(['concurrent', 'old']);
    expect(e.stats().cacheHits).toBe(2);
  });

  it('reads of keys in one block at once share a single block read, and all get their answer', () => {
    const { queue, open } = rig({ ...small, blockBytesTarget: 4_000 });
    const writer = open();
    fill(writer, queue, 0, 3);
    writer.flush(() => undefined);
    queue.runAll();
    // Reopened: the flush put the new table's blocks in the writer's block cache.
    const e = open();
    const before = queue.counts.get('readBlock') ?? 0;
    const got: string[][] = [];
    for (const key of ['user:0000', 'user:0001', 'user:0002']) e.read(key, (r) => got.push(r.ok ? values(r.versions) : [r.message]));
    queue.runAll();
    expect((queue.counts.get('readBlock') ?? 0) - before).toBe(1);
    expect(got.flat().sort()).toEqual([0, 1, 2].map((i) => `profile of user ${i}: the same text again and again`));
  });

  it('a read racing a flush still sees the write that the flush moved out of memory', () => {
    // No block cache: the read waits on the device, so the flush lands while it is in flight.
    const { queue, open } = rig({ ...small, cacheEntriesMax: 0, blockCacheBlocksMax: 0 });
    const e = open();
    write(e, 'k', version('a', 1, 'flushed first'));
    e.flush(() => undefined);
    queue.runAll();
    write(e, 'k', version('b', 1, 'in memory'));
    queue.runAll();
    let got: StorageRead | undefined;
    e.read('k', (r) => (got = r));
    e.flush(() => undefined);
    queue.runKind('writeTable');
    queue.runAll();
    expect(got?.ok && values(got.versions)).toEqual(['flushed first', 'in memory']);
  });

  it('a table a read is using is deleted only after the read lets go of it', () => {
    // No block cache: the read waits on the device while the compaction runs.
    const { queue, device, open } = rig({ ...small, cacheEntriesMax: 0, blockCacheBlocksMax: 0, compactionTablesMin: 2 });
    const e = open();
    for (const actor of ['a', 'b']) {
      write(e, 'k', version(actor, 1, actor));
      e.flush(() => undefined);
      queue.runAll();
    }
    const before = device.tableIds;
    let got: StorageRead | undefined;
    e.read('k', (r) => (got = r));
    const readsHeld = queue.tasks.splice(0);
    e.compact(0, () => undefined);
    queue.runAll();
    expect(e.stats().tableCount).toBe(1);
    expect(device.tableIds).toEqual(expect.arrayContaining(before));
    readsHeld.forEach((t) => t.run());
    queue.runAll();
    expect(got?.ok && values(got.versions)).toEqual(['a', 'b']);
    expect(device.tableIds).toHaveLength(1);
  });

  it('a read whose blocks are all cached answers at once, as a read through the device would', () => {
    const { queue, open } = rig({ ...small, cacheEntriesMax: 0 });
    const e = open();
    // Siblings of each key spread over several tables, in different orders.
    for (const [round, actor] of ['a', 'b', 'c'].entries()) {
      for (let i = 0; i < 30; i++) if ((i + round) % 3 !== 0) write(e, `k${i}`, version(actor, 1, `${actor}${i}`));
      e.flush(() => undefined);
      queue.runAll();
    }
    expect(e.stats().tableCount).toBeGreaterThan(1);
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    // The same disk reopened: an empty block cache, so each read goes through the device.
    const cold = open();
    const fromDevice = keys.map((k) => readNow(cold, queue, k).map((v) => v.value));
    const readsBefore = queue.counts.get('readBlock') ?? 0;
    const fromCache = keys.map((k) => {
      let got: StorageRead | undefined;
      e.read(k, (r) => (got = r));
      if (got === undefined || !got.ok) throw new Error(`read of ${k} did not answer at once`);
      return got.versions.map((v) => v.value);
    });
    expect(queue.counts.get('readBlock') ?? 0).toBe(readsBefore);
    expect(fromCache).toEqual(fromDevice);
    const counts = ({ bloomChecks, bloomNegatives, bloomFalsePositives }: ReturnType<StorageEngine['stats']>) => ({ bloomChecks, bloomNegatives, bloomFalsePositives });
    expect(counts(e.stats())).toEqual(counts(cold.stats()));
  });

  it('readCached answers from memory when every bloom filter rules the key out', () => {
    const { queue, open } = rig();
    const e = open();
    fill(e, queue, 0, 60);
    e.flush(() => undefined);
    queue.runAll();
    expect(e.readCached('never-written')).toEqual([]);
    expect(e.readCached('user:0001')).toBeUndefined();
  });

  it('keeps in the hot-key cache only answers a table was searched for, not those the bloom filters gave alone', () => {
    const { queue, open } = rig();
    const e = open();
    write(e, 'only-in-memory', version('a', 1, 'v'));
    queue.runAll();
    expect(values(readNow(e, queue, 'only-in-memory'))).toEqual(['v']);
    expect(e.stats().cacheEntries).toBe(0);
    fill(e, queue, 0, 60);
    e.flush(() => undefined);
    queue.runAll();
    const before = e.stats().bloomNegatives;
    expect(readNow(e, queue, 'never-written')).toEqual([]);
    expect(e.stats().bloomNegatives).toBe(before + e.stats().tableCount);
    expect(e.stats().cacheEntries).toBe(0);
    expect(values(readNow(e, queue, 'user:0001'))).toHaveLength(1);
    expect(e.stats().cacheEntries).toBe(1);
  });

  it('an answer from the memtable alone is what a write merged, unchanged by later writes', () => {
    const { queue, open } = rig();
    const e = open();
    write(e, 'k', version('a', 1, 'first'));
    queue.runAll();
    const first = readNow(e, queue, 'k');
    write(e, 'k', version('b', 1, 'concurrent'));
    queue.runAll();
    expect(values(first)).toEqual(['first']);
    expect(values(readNow(e, queue, 'k'))).toEqual(['concurrent', 'first']);
  });
});

describe('compaction', () => {
  it('a flush that fills a size tier compacts it by itself, changing no answer', () => {
    const { queue, open } = rig();
    const e = open();
    const keys = Array.from({ length: 20 }, (_, i) => `user:${String(i).padStart(4, '0')}`);
    const answers: string[][][] = [];
    for (let t = 0; t < 4; t++) {
      fill(e, queue, t * 5, 5, `n${t}`);
      answers.push(keys.map((k) => values(readNow(e, queue, k))));
      e.flush(() => undefined);
      queue.runAll();
    }
    // Three flushes leave three tables; the fourth fills the tier (compactionTablesMin 4).
    expect(e.stats()).toMatchObject({ flushes: 4, compactions: 1, tableCount: 1 });
    expect(keys.map((k) => values(readNow(e, queue, k)))).toEqual(answers[3]);
    let report: unknown;
    e.compact(0, (r) => (report = r));
    queue.runAll();
    expect(report).toMatchObject({ ok: true, tablesIn: 0, tablesOut: 0 });
  });

  it('a tombstone outlives its grace period only until a compaction can prove no older copy remains', () => {
    const { queue, open } = rig({ ...small, tombstoneGraceMs: 1_000 });
    const e = open();
    const live = version('a', 1, 'alive');
    write(e, 'k', live);
    e.flush(() => undefined);
    queue.runAll();
    write(e, 'k', version('a', 2, '', displayClock(live), { deleted: true, value: null, timestampMs: 5_000 }));
    e.flush(() => undefined);
    queue.runAll();
    e.compact(5_500, () => undefined, 'major');
    queue.runAll();
    expect(readNow(e, queue, 'k').map((v) => v.deleted)).toEqual([true]);
    let report: unknown;
    e.compact(6_000, (r) => (report = r), 'major');
    queue.runAll();
    expect(report).toMatchObject({ tombstonesDropped: 1, tablesOut: 0 });
    expect(readNow(e, queue, 'k')).toEqual([]);
  });

  it('a compaction a flush queues purges by the latest time the node gave, and says which keys it purged', () => {
    const { queue, open } = rig({ ...small, tombstoneGraceMs: 1_000, compactionTablesMin: 2 });
    const e = open();
    const purged: string[] = [];
    e.onPurged = (keys) => purged.push(...keys);
    const live = version('a', 1, 'alive');
    write(e, 'k', live);
    write(e, 'k', version('a', 2, '', displayClock(live), { deleted: true, value: null, timestampMs: 5_000 }));
    e.flush(() => undefined);
    queue.runAll();
    // Nothing is due yet; this only tells the engine the time, past the tombstone's grace.
    e.compact(6_000, () => undefined);
    queue.runAll();
    expect(e.stats().compactions).toBe(0);
    // A second table of about the first one's size fills the tier.
    write(e, 'j', version('b', 1, 'x'));
    e.flush(() => undefined);
    queue.runAll();
    expect(e.stats()).toMatchObject({ compactions: 1, tombstonesDropped: 1 });
    expect(purged).toEqual(['k']);
    expect(readNow(e, queue, 'k')).toEqual([]);
  });
});

describe('recovery', () => {
  it('replays acknowledged writes that were never flushed', () => {
    const { queue, device, open } = rig();
    const e = open();
    const w = write(e, 'k', version('a', 1, 'durable'));
    queue.runAll();
    expect(w.result?.ok).toBe(true);
    device.crash(createRandom(1));
    const again = open();
    expect(values(readNow(again, queue, 'k'))).toEqual(['durable']);
  });

  it('a crash between a flush and its log truncation loses nothing and duplicates nothing', () => {
    const { queue, device, open } = rig();
    const e = open();
    write(e, 'k', version('a', 1, 'v'));
    queue.runAll();
    e.flush(() => undefined);
    queue.runKind('writeTable');
    expect(queue.tasks.map((t) => t.kind)).toEqual(['truncateLog']);
    device.crash(() => 0.99);
    const again = open();
    expect(again.stats()).toMatchObject({ tableCount: 1, logRecords: 1 });
    expect(values(readNow(again, queue, 'k'))).toEqual(['v']);
  });

  it('a failed flush keeps its writes readable and in the log, and the next flush retries it', () => {
    const { queue, device, open } = rig();
    const e = open();
    write(e, 'k', version('a', 1, 'v'));
    queue.runAll();
    device.failNext('writeTable', 'QuotaExceededError');
    let first: StorageResult | undefined;
    e.flush((r) => (first = r));
    queue.runAll();
    expect(first).toMatchObject({ ok: false, error: 'storage' });
    expect(values(readNow(e, queue, 'k'))).toEqual(['v']);
    expect(device.logLength).toBe(1);
    let second: StorageResult | undefined;
    e.flush((r) => (second = r));
    queue.runAll();
    expect(second).toEqual({ ok: true });
    expect(device.logLength).toBe(0);
  });

  it('a failed append fails its whole batch as indefinite, and recovery shows none of it', () => {
    const { queue, device, open } = rig();
    const e = open();
    device.failNext('appendLog', 'AbortError');
    const w = write(e, 'k', version('a', 1, 'v'));
    queue.runAll();
    expect(w.result).toMatchObject({ ok: false, error: 'storage', definite: false });
    device.crash(createRandom(3));
    expect(readNow(open(), queue, 'k')).toEqual([]);
  });

  it('refuses options that cannot work, before touching the device', () => {
    const { device } = rig();
    let message = '';
    StorageEngine.open(device, lz77Compressor, { ...small, memtableBytesMax: 0 }, (r) => (message = r.ok ? '' : r.message));
    expect(message).toMatch(/memtableBytesMax must be positive/);
  });
});

describe('read-modify-write', () => {
  it('concurrent updates of one key decide from each other and mint distinct dots', () => {
    const { queue, open } = rig();
    const e = open();
    write(e, 'k', version('S', 1, 'base'));
    e.flush(() => undefined);
    queue.runAll();
    const results: StorageRead[] = [];
    for (const value of ['A', 'B']) {
      e.update('k', (current) => [version('S', nextCounter('S', current, {}), value)], (r) => results.push(r));
    }
    queue.runAll();
    const final = readNow(e, queue, 'k');
    expect(values(final)).toEqual(['A', 'B', 'base']);
    expect(new Set(final.map((v) => v.dot.counter)).size).toBe(3);
    expect(results.map((r) => r.ok && r.versions.length)).toEqual([2, 3]);
  });
});
