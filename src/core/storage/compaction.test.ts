/**
 * Goal: size-tiered planning picks tables of similar size, and merging drops what is dominated
 * while keeping tombstones for their grace period and whenever the key may live elsewhere.
 * A merge read block by block (a compaction's) answers what a plain merge of the whole tables
 * does, and copies as stored exactly the entries only one input holds with no tombstone in them
 * (binary blocks), decoding every other: a damaged one fails the merge, and under lww an entry
 * of siblings is merged. Method: hand-built table metadata and versions;
 * fast-check over overlapping tables, cut into blocks at random (entries at hand, or drafted as
 * binary blocks), against a reference merge kept here.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { Version } from '../versions/version';
import { displayClock } from '../versions/version';
import { buildBloomFilter } from './bloomFilter';
import type { InputBlocks, MergeSink, PurgeRule } from './compaction';
import { mergeStreams, mergeTables, planSizeTiered } from './compaction';
import type { DataBlock } from './dataBlock';
import { EntriesBlock } from './dataBlock';
import { compareKeys } from './memtable';
import { mergeIntoSiblings, mergeSiblings } from '../versions/siblings';
import type { TableEntry } from './sstableFormat';
import { draftTable, TableDraftBuilder } from './sstableFormat';
import { anyVersion } from './testVersions';
import type { ConflictMode } from '../versions/siblings';
import { BinaryBlock } from './binaryBlock';
import { ByteReader, ByteWriter } from './byteCodec';
import type { StoredValues } from './entryCodec';
import { encodeEntry, readVersions } from './entryCodec';
import type { TableMeta } from './storageDevice';

function table(id: number, storedBytes: number): TableMeta {
  return { id, maxSeq: id, entryCount: 1, firstKey: 'a', lastKey: 'z', blockFirstKeys: ['a'], rawBytes: storedBytes, storedBytes, bloom: buildBloomFilter([], 10), compression: 'identity' };
}

const v = (node: string, counter: number, over: Partial<Version> = {}): Version => ({
  value: `${node}${counter}`,
  deleted: false,
  dot: { node, counter },
  context: {},
  timestampMs: 0,
  ...over,
});

const rule = { mode: 'vclock' as const, nowMs: 1000, tombstoneGraceMs: 100, mayExistElsewhere: () => false };

describe('size-tiered planning', () => {
  it('compacts a bucket of similar sizes once it reaches the minimum', () => {
    const plan = planSizeTiered([table(1, 100), table(2, 110), table(3, 5000), table(4, 90), table(5, 105)], { tablesMin: 4, tablesMax: 32 });
    expect(plan.map((t) => t.id).sort()).toEqual([1, 2, 4, 5]);
  });

  it('leaves tables alone while no bucket is full enough', () => {
    expect(planSizeTiered([table(1, 100), table(2, 1000), table(3, 10_000), table(4, 100_000)], { tablesMin: 2, tablesMax: 32 })).toEqual([]);
  });

  it('takes at most tablesMax tables at once', () => {
    const many = Array.from({ length: 10 }, (_, i) => table(i + 1, 100));
    expect(planSizeTiered(many, { tablesMin: 4, tablesMax: 6 })).toHaveLength(6);
  });
});

describe('merging tables', () => {
  it('drops versions another table dominates and keeps concurrent ones as siblings', () => {
    const old = v('a', 1);
    const newer = v('a', 2, { context: displayClock(old) });
    const concurrent = v('b', 1);
    const merged = mergeTables([[['k', [newer]]], [['k', [old, concurrent]]]], rule);
    expect(merged.entries).toEqual([['k', [newer, concurrent]]]);
    expect(merged.versionsDropped).toBe(1);
  });

  it('keeps a tombstone within its grace period, so a late older version cannot come back', () => {
    const tomb = v('a', 2, { deleted: true, value: null, timestampMs: 950 });
    expect(mergeTables([[['k', [tomb]]]], rule).entries).toEqual([['k', [tomb]]]);
  });

  it('purges a tombstone past its grace period along with what it hid', () => {
    const old = v('a', 1);
    const tomb = v('a', 2, { deleted: true, value: null, context: displayClock(old), timestampMs: 800 });
    const merged = mergeTables([[['k', [tomb]]], [['k', [old]], ['m', [v('c', 1)]]]], rule);
    expect(merged.entries.map((e) => e[0])).toEqual(['m']);
    expect(merged.tombstonesDropped).toBe(1);
  });

  it('keeps an expired tombstone while the key may live in a table or memtable outside the compaction', () => {
    const tomb = v('a', 2, { deleted: true, value: null, timestampMs: 0 });
    const merged = mergeTables([[['k', [tomb]]]], { ...rule, mayExistElsewhere: (key) => key === 'k' });
    expect(merged.entries).toEqual([['k', [tomb]]]);
  });

  it('writes keys in sorted order', () => {
    const a: TableEntry[] = [['b', [v('a', 1)]], ['d', [v('a', 2)]]];
    const b: TableEntry[] = [['a', [v('b', 1)]], ['c', [v('b', 2)]]];
    expect(mergeTables([a, b], rule).entries.map((e) => e[0])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('answers the same read block by block as a plain merge of the whole tables', () => {
    const versionArb = fc.tuple(fc.constantFrom('x', 'y', 'z'), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.integer({ min: 0, max: 1000 }), fc.constantFrom<Record<string, number>>({}, { x: 2 }, { y: 3, z: 1 }));
    const entryArb = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.array(versionArb, { minLength: 1, maxLength: 3 }));
    const tableArb = fc.tuple(fc.uniqueArray(entryArb, { selector: (e) => e[0], maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 6, maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(tableArb, { minLength: 1, maxLength: 4 }), fc.constantFrom('c', 'none'), fc.boolean(), (raw, elsewhere, binary) => {
        const tables = raw.map(([entries, cuts]) => ({
          entries: [...entries]
            .sort((p, q) => compareKeys(p[0], q[0]))
            .map(([key, vs]): TableEntry => [key, mergeSiblings([], vs.map(([node, counter, deleted, ts, context]) => v(node, counter, { deleted, timestampMs: ts, context })), 'vclock')]),
          cuts,
        }));
        const purge: PurgeRule = { ...rule, mayExistElsewhere: (key) => key === elsewhere };
        const streams = tables.map(({ entries, cuts }): InputBlocks => {
          let at = 0;
          let block = 0;
          return () => {
            if (at >= entries.length) return undefined;
            const end = at + (cuts[block++ % cuts.length] ?? 1);
            const part = entries.slice(at, end);
            at = end;
            return { ok: true, value: binary ? storedBlock(part) : new EntriesBlock(part) };
          };
        });
        const out: [string, readonly Version[], boolean][] = [];
        const sink: MergeSink = {
          add: (key, versions, stored) => out.push([key, asWritten(key, versions, stored), false]),
          copy: (key, from, i) => out.push([key, versionsOf(from, i), true]),
        };
        const counts = mergeStreams(streams, purge, sink);
        const expected = referenceMerge(
          tables.map((t) => t.entries),
          purge,
          binary,
        );
        expect(counts).toEqual({ ok: true, value: expected.counts });
        expect(out).toEqual(expected.entries);
      }),
      fcParams(300),
    );
  });

  it('drafts byte for byte the table that encoding the merged entries would, values of every kind copied as stored', () => {
    const entryArb = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.array(anyVersion, { minLength: 1, maxLength: 3 }));
    const tableArb = fc.uniqueArray(entryArb, { selector: (e) => e[0], minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(tableArb, { minLength: 1, maxLength: 3 }), fc.constantFrom<ConflictMode>('vclock', 'lww'), fc.integer({ min: 1, max: 400 }), (raw, mode, blockBytes) => {
        // Each input as stored, and as its entries decode (a JSON value comes back through its JSON).
        const stored = raw.map((entries) =>
          draftTable(
            [...entries].sort((p, q) => compareKeys(p[0], q[0])).map(([key, vs]): TableEntry => [key, mergeSiblings([], vs, 'vclock')]),
            blockBytes,
            10,
          ).rawBlocks.map(decodedBlock),
        );
        const decoded = stored.map((blocks) => blocks.flatMap((b) => entriesOf(b)));
        const purge: PurgeRule = { mode, nowMs: 0, tombstoneGraceMs: 0, mayExistElsewhere: (key) => key === 'b' };
        const merged = new TableDraftBuilder(blockBytes, 10, false);
        const counts = mergeStreams(stored.map(blocksOf), purge, merged);
        const plain = mergeTables(decoded, purge);
        expect(counts.ok && counts.value.versionsDropped).toBe(plain.versionsDropped);
        if (plain.entries.length === 0) {
          expect(merged.entryCount).toBe(0);
          return;
        }
        const encoded = new TableDraftBuilder(blockBytes, 10, false);
        for (const [key, versions] of plain.entries) encoded.add(key, versions);
        const [a, b] = [merged.finish(), encoded.finish()];
        expect(a.rawBlocks).toEqual(b.rawBlocks);
        expect(a.headers).toEqual(b.headers);
      }),
      fcParams(300),
    );
  });

  it('fails, copying nothing, when an entry only one input holds does not decode', () => {
    const raw = draftTable([['a', [v('a', 1, { value: 'héllo' })]]], 1 << 20, 10).rawBlocks[0]?.slice() ?? new Uint8Array();
    raw[raw.indexOf(0xc3)] = 0xff;
    const damaged = BinaryBlock.decode(raw);
    if (!damaged.ok) throw new Error(damaged.message);
    const streams = [damaged.value, storedBlock([['b', [v('b', 1)]]])].map((block): InputBlocks => {
      let given = false;
      return () => (given ? undefined : ((given = true), { ok: true, value: block }));
    });
    const written: string[] = [];
    const sink: MergeSink = { add: (key) => written.push(key), copy: (key) => written.push(key) };
    expect(mergeStreams(streams, rule, sink).ok).toBe(false);
    expect(written).toEqual([]);
  });

  it('merges under lww the siblings an entry was stored with under vclock, as a plain merge does', () => {
    const siblings = mergeSiblings([], [v('a', 1, { timestampMs: 5 }), v('b', 1, { timestampMs: 9 })], 'vclock');
    const lww: PurgeRule = { ...rule, mode: 'lww' };
    let given = false;
    const stream: InputBlocks = () => (given ? undefined : ((given = true), { ok: true, value: storedBlock([['k', siblings]]) }));
    const out: [string, readonly Version[], boolean][] = [];
    const counts = mergeStreams([stream], lww, {
      add: (key, versions, stored) => out.push([key, asWritten(key, versions, stored), false]),
      copy: (key, from, i) => out.push([key, versionsOf(from, i), true]),
    });
    const plain = mergeTables([[['k', siblings]]], lww);
    expect(plain.entries).toEqual([['k', [siblings[1]]]]);
    expect(out).toEqual(plain.entries.map(([key, versions]) => [key, versions, false]));
    expect(counts).toEqual({ ok: true, value: { versionsDropped: plain.versionsDropped, tombstonesDropped: 0, purgedKeys: [] } });
  });

  it('ends with the failure of a block it cannot load', () => {
    let calls = 0;
    const failing: InputBlocks = () => (calls++ === 0 ? { ok: true, value: new EntriesBlock([['a', [v('a', 1)]]]) } : { ok: false, message: 'damaged' });
    const other: InputBlocks = () => undefined;
    const sink: MergeSink = { add: () => undefined, copy: () => undefined };
    expect(mergeStreams([other, failing], rule, sink)).toEqual({ ok: false, message: 'damaged' });
  });
});

/** Entries as one stored binary block. */
function storedBlock(entries: readonly TableEntry[]): BinaryBlock {
  return decodedBlock(draftTable(entries, 1 << 20, 10).rawBlocks[0] ?? new Uint8Array());
}

function decodedBlock(raw: Uint8Array): BinaryBlock {
  const b = BinaryBlock.decode(raw);
  if (!b.ok) throw new Error(b.message);
  return b.value;
}

function entriesOf(block: DataBlock): TableEntry[] {
  const r = block.entries();
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** Blocks as a merge's input, one at a time. */
function blocksOf(blocks: readonly DataBlock[]): InputBlocks {
  let i = 0;
  return () => {
    const block = blocks[i++];
    return block === undefined ? undefined : { ok: true, value: block };
  };
}

function versionsOf(block: DataBlock, i: number): readonly Version[] {
  const r = block.versionsAt(i);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/**
 * A merged entry's versions as a table stores them: encoded, the values the merge read as stored
 * bytes copied (their versions carry none), and decoded again.
 */
function asWritten(key: string, versions: readonly Version[], stored: StoredValues): readonly Version[] {
  const w = new ByteWriter(64);
  encodeEntry(w, key, versions, stored);
  const r = new ByteReader().at(w.bytes, 0, w.length);
  expect(r.text()).toBe(key);
  const back = readVersions(r, true);
  expect(r.pos).toBe(w.length);
  return back;
}

/**
 * The merge as first written: every input whole in a map by key, then the keys sorted. An entry
 * is copied (from binary blocks) when only one input holds it and it has no tombstone.
 */
function referenceMerge(inputs: readonly (readonly TableEntry[])[], rule: PurgeRule, binary: boolean) {
  const byKey = new Map<string, { merged: readonly Version[]; holders: number; tombstone: boolean }>();
  let versionsIn = 0;
  inputs.forEach((entries) =>
    entries.forEach(([key, versions]) => {
      versionsIn += versions.length;
      const had = byKey.get(key);
      const tombstone = versions.some((x) => x.deleted);
      if (had === undefined) byKey.set(key, { merged: mergeSiblings([], versions, rule.mode), holders: 1, tombstone });
      else byKey.set(key, { merged: mergeIntoSiblings(had.merged, versions, rule.mode), holders: had.holders + 1, tombstone: had.tombstone || tombstone });
    }),
  );
  const entries: [string, readonly Version[], boolean][] = [];
  let versionsKept = 0;
  let tombstonesDropped = 0;
  const purgedKeys: string[] = [];
  for (const key of [...byKey.keys()].sort(compareKeys)) {
    const { merged, holders, tombstone } = byKey.get(key) ?? { merged: [], holders: 0, tombstone: false };
    const expired = (x: Version): boolean => x.deleted && x.timestampMs + rule.tombstoneGraceMs <= rule.nowMs;
    const kept = merged.some(expired) && !rule.mayExistElsewhere(key) ? merged.filter((x) => !expired(x)) : merged;
    tombstonesDropped += merged.length - kept.length;
    if (kept.length < merged.length) purgedKeys.push(key);
    versionsKept += kept.length;
    if (kept.length === 0) continue;
    entries.push([key, kept, binary && holders === 1 && !tombstone]);
  }
  return { entries, counts: { versionsDropped: versionsIn - versionsKept - tombstonesDropped, tombstonesDropped, purgedKeys } };
}
