/**
 * Goal: the engine's write path (group commit, bounded queue, flush, truncation), compaction and
 * recovery each do what the chapter says (the read path: storageEngine.read.test.ts). Method: a
 * memory device whose completions queue until the test runs them, so each case controls exactly
 * what is in flight (testEngine.ts); the LZ77 compressor.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../prng';
import { nextCounter } from '../versions/siblings';
import { displayClock } from '../versions/version';
import { lz77Compressor } from './lz77Compressor';
import { StorageEngine } from './storageEngine';
import type { StorageRead, StorageResult } from './storageOptions';
import { fill, flushNow, readNow, rig, small, values, version, write } from './testEngine';

describe('write path', () => {
  it('a write is visible at once but acknowledged only when its log record is durable', () => {
    const { queue, open } = rig();
    const e = open();
    const w = write(e, 'k', version('a', 1, 'v1'));
    expect(w.result).toBeUndefined();
    // Answered in the same turn: no table yet, so nothing to wait for but the memtable.
    let got: StorageRead | undefined;
    e.read('k', (r) => (got = r));
    expect(got?.ok && got.versions.map((v) => v.value)).toEqual(['v1']);
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

describe('compaction', () => {
  it('a flush that fills a size tier compacts it by itself, changing no answer', () => {
    const { queue, open } = rig();
    const e = open();
    const keys = Array.from({ length: 20 }, (_, i) => `user:${String(i).padStart(4, '0')}`);
    const answers: string[][][] = [];
    for (let t = 0; t < 4; t++) {
      fill(e, queue, t * 5, 5, `n${t}`);
      answers.push(keys.map((k) => values(readNow(e, queue, k))));
      flushNow(e, queue);
    }
    // Three flushes leave three tables; the fourth fills the tier (compactionTablesMin 4).
    expect(e.stats()).toMatchObject({ flushes: 4, compactions: 1, tableCount: 1 });
    expect(keys.map((k) => values(readNow(e, queue, k)))).toEqual(answers[3]);
    let report: unknown;
    e.compact(0, (r) => (report = r));
    queue.runAll();
    expect(report).toMatchObject({ ok: true, tablesIn: 0, tablesOut: 0 });
  });

  it("a compaction merges a key's siblings newest table first, as a read does, not smallest first", () => {
    // No hot-key cache: every read below goes to the tables.
    const { queue, open } = rig({ ...small, cacheBytesMax: 0 });
    const e = open();
    const dots = (): string[] => readNow(e, queue, 'k').map((v) => v.dot.node);
    // Four flushes fill one size tier; their sizes are out of their age order (4, 6, 5 and 7
    // fillers), and each holds one of k's concurrent siblings.
    [4, 6, 5, 7].forEach((fillers, t) => {
      write(e, 'k', version(`n${t}`, 1, `sibling ${t}`));
      fill(e, queue, 100 * t, fillers, `n${t}`);
      if (t < 3) {
        flushNow(e, queue);
      }
    });
    const sizes = e.stats().tables.map((t) => t.storedBytes);
    expect([...sizes].sort((a, b) => a - b)).not.toEqual(sizes);
    const before = dots();
    expect(before).toEqual(['n3', 'n2', 'n1', 'n0']);
    flushNow(e, queue);
    expect(e.stats()).toMatchObject({ compactions: 1, tableCount: 1 });
    expect(dots()).toEqual(before);
  });

  it('a tombstone outlives its grace period only until a compaction can prove no older copy remains', () => {
    const { queue, open } = rig({ ...small, tombstoneGraceMs: 1_000 });
    const e = open();
    const live = version('a', 1, 'alive');
    write(e, 'k', live);
    flushNow(e, queue);
    write(e, 'k', version('a', 2, '', displayClock(live), { deleted: true, value: null, timestampMs: 5_000 }));
    flushNow(e, queue);
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
    flushNow(e, queue);
    // Nothing is due yet; this only tells the engine the time, past the tombstone's grace.
    e.compact(6_000, () => undefined);
    queue.runAll();
    expect(e.stats().compactions).toBe(0);
    // A second table of about the first one's size fills the tier.
    write(e, 'j', version('b', 1, 'x'));
    flushNow(e, queue);
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
    flushNow(e, queue);
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
