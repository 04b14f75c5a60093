/**
 * Goal: the engine's read path answers every write merged before it: memtable, hot-key cache,
 * bloom filters, tables newest to oldest, blocks from the block cache or the device, reads racing
 * flushes and compactions. Method: the queued memory device of testEngine.ts.
 */
import { describe, expect, it } from 'vitest';
import type { StorageEngine } from './storageEngine';
import type { StorageRead } from './storageOptions';
import { fill, flushNow, readNow, rig, small, values, version, write } from './testEngine';

describe('read path', () => {
  it('a read merges siblings spread across the memtable and several tables', () => {
    const { queue, open } = rig();
    const e = open();
    write(e, 'k', version('a', 1, 'from a'));
    flushNow(e, queue);
    write(e, 'k', version('b', 1, 'from b'));
    flushNow(e, queue);
    write(e, 'k', version('c', 1, 'from c'));
    queue.runAll();
    expect(e.stats().tableCount).toBe(2);
    expect(values(readNow(e, queue, 'k'))).toEqual(['from a', 'from b', 'from c']);
  });

  it('bloom filters skip tables that cannot hold the key, and a maybe that finds nothing counts as a false positive', () => {
    const { queue, open } = rig();
    const e = open();
    fill(e, queue, 0, 120);
    flushNow(e, queue);
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
    flushNow(e, queue);
    readNow(e, queue, 'k');
    readNow(e, queue, 'k');
    expect(e.stats()).toMatchObject({ cacheMisses: 1, cacheHits: 1 });
    write(e, 'k', version('b', 1, 'concurrent'));
    flushNow(e, queue);
    expect(values(readNow(e, queue, 'k'))).toEqual(['concurrent', 'old']);
    expect(e.stats().cacheHits).toBe(2);
  });

  it('a cached answer a flush updated lists the siblings as a read of the tables does, newest table first', () => {
    const answers = [2_000, 0].map((cacheBytesMax) => {
      const { queue, open } = rig({ ...small, cacheBytesMax });
      const e = open();
      write(e, 'k', version('a', 1, 'older'));
      flushNow(e, queue);
      readNow(e, queue, 'k');
      write(e, 'k', version('b', 1, 'newer, concurrent'));
      flushNow(e, queue);
      const dots = readNow(e, queue, 'k').map((v) => v.dot.node);
      return { dots, hits: e.stats().cacheHits };
    });
    expect(answers.map((a) => a.hits)).toEqual([1, 0]);
    expect(answers[0]?.dots).toEqual(['b', 'a']);
    expect(answers[1]?.dots).toEqual(['b', 'a']);
  });

  it('the hot-key cache holds answers up to its bytes, and none larger than all of them', () => {
    const { queue, open } = rig({ ...small, cacheBytesMax: 600 });
    const e = open();
    fill(e, queue, 0, 40);
    write(e, 'big', version('a', 1, 'x'.repeat(700)));
    queue.runAll();
    flushNow(e, queue);
    for (let i = 0; i < 40; i++) readNow(e, queue, `user:${String(i).padStart(4, '0')}`);
    const s = e.stats();
    expect(s.cacheBytes).toBeLessThanOrEqual(600);
    expect(s.cacheBytes).toBeGreaterThan(400);
    expect(s.cacheEntries).toBeGreaterThan(1);
    expect(s.cacheEntries).toBeLessThan(40);
    // An answer larger than the whole cache is not kept: both reads of it miss.
    const misses = s.cacheMisses;
    readNow(e, queue, 'big');
    readNow(e, queue, 'big');
    expect(e.stats().cacheMisses).toBe(misses + 2);
    expect(e.stats().cacheBytes).toBe(s.cacheBytes);
  });

  it('reads of keys in one block at once share a single block read, and all get their answer', () => {
    const { queue, open } = rig({ ...small, blockBytesTarget: 4_000 });
    const writer = open();
    fill(writer, queue, 0, 3);
    flushNow(writer, queue);
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
    const { queue, open } = rig({ ...small, cacheBytesMax: 0, blockCacheBlocksMax: 0 });
    const e = open();
    write(e, 'k', version('a', 1, 'flushed first'));
    flushNow(e, queue);
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
    const { queue, device, open } = rig({ ...small, cacheBytesMax: 0, blockCacheBlocksMax: 0, compactionTablesMin: 2 });
    const e = open();
    for (const actor of ['a', 'b']) {
      write(e, 'k', version(actor, 1, actor));
      flushNow(e, queue);
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
    const { queue, open } = rig({ ...small, cacheBytesMax: 0 });
    const e = open();
    // Siblings of each key spread over several tables, in different orders.
    for (const [round, actor] of ['a', 'b', 'c'].entries()) {
      for (let i = 0; i < 30; i++) if ((i + round) % 3 !== 0) write(e, `k${i}`, version(actor, 1, `${actor}${i}`));
      flushNow(e, queue);
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

  it('keeps in the hot-key cache only answers a table was searched for, not those the bloom filters gave alone', () => {
    const { queue, open } = rig();
    const e = open();
    write(e, 'only-in-memory', version('a', 1, 'v'));
    queue.runAll();
    expect(values(readNow(e, queue, 'only-in-memory'))).toEqual(['v']);
    expect(e.stats().cacheEntries).toBe(0);
    fill(e, queue, 0, 60);
    flushNow(e, queue);
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
