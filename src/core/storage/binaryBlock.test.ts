/**
 * Goal: a binary block finds each of its keys and gives back each entry exactly as written (any
 * key, any JSON value, tombstones, contexts with any actor names, numbers of any kind), finds no
 * other key, copies an entry's bytes unchanged (only an entry that decodes), and reads a damaged
 * block as a failure or an answer, never an exception, and never as "absent" for a key its
 * search cannot reach past the damage. Method: fast-check over sorted entry sets drafted as a table,
 * probes, and random damage to the stored bytes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { JsonValue } from '../json';
import type { Version } from '../versions/version';
import { BinaryBlock } from './binaryBlock';
import { compareKeys } from './memtable';
import type { TableEntry } from './sstableFormat';
import { draftTable, TableDraftBuilder } from './sstableFormat';
import { anyText as text, anyVersion as versionArb } from './testVersions';

const entriesArb: fc.Arbitrary<TableEntry[]> = fc
  .uniqueArray(text, { minLength: 1, maxLength: 20 })
  .chain((keys) => fc.tuple(...[...keys].sort(compareKeys).map((k) => fc.array(versionArb, { maxLength: 3 }).map((vs): TableEntry => [k, vs]))));

/** A version as a block gives it back: a JSON value through its JSON, which has no -0 (strings and null are stored as they are). */
const stored = (v: Version): Version => (typeof v.value !== 'string' && v.value !== null ? { ...v, value: JSON.parse(JSON.stringify(v.value)) as JsonValue } : v);
const storedEntries = (entries: readonly TableEntry[]): TableEntry[] => entries.map(([k, vs]) => [k, vs.map(stored)]);

/** Each stored block of the entries' table, decoded. */
function storedBlocks(entries: readonly TableEntry[], blockBytes: number): BinaryBlock[] {
  return draftTable(entries, blockBytes, 10).rawBlocks.map((raw) => {
    const b = BinaryBlock.decode(raw);
    if (!b.ok) throw new Error(b.message);
    return b.value;
  });
}

describe('binary block', () => {
  it('finds each key and gives back its versions exactly; no other key is found', () => {
    fc.assert(
      fc.property(entriesArb, fc.array(text, { maxLength: 5 }), fc.integer({ min: 1, max: 600 }), (entries, probes, blockBytes) => {
        const blocks = storedBlocks(entries, blockBytes);
        expect(blocks.reduce((n, b) => n + b.entryCount, 0)).toBe(entries.length);
        let next = 0;
        for (const block of blocks) {
          for (let i = 0; i < block.entryCount; i++, next++) {
            const [key, versions] = entries[next] as TableEntry;
            expect(block.keyAt(i)).toBe(key);
            expect(block.indexOf(key)).toBe(i);
            const got = block.versionsAt(i);
            expect(got).toEqual({ ok: true, value: versions.map(stored) });
            // An own key named __proto__ stays an own key, as JSON.parse made it.
            if (got.ok) got.value.forEach((v, j) => expect(Object.keys(v.context)).toEqual(Object.keys(versions[j]?.context ?? {})));
            const tombstone = versions.some((v) => v.deleted);
            expect(block.copyableVersions(i)).toBe(tombstone ? -1 : versions.length);
          }
          for (const p of probes) if (!entries.some(([k]) => k === p)) expect(block.indexOf(p)).toBe(-1);
        }
        expect(blocks.map((b) => b.entries())).toEqual(blocks.map((_, i) => ({ ok: true, value: storedEntries(entries).slice(blocks.slice(0, i).reduce((n, b) => n + b.entryCount, 0)).slice(0, blocks[i]?.entryCount) })));
      }),
      fcParams(300),
    );
  });

  it('a table of copied entries is byte for byte the table of the entries encoded', () => {
    fc.assert(
      fc.property(entriesArb, fc.integer({ min: 1, max: 600 }), (entries, blockBytes) => {
        const withoutTombstones = entries.map(([k, vs]): TableEntry => [k, vs.filter((v) => !v.deleted)]);
        const encoded = draftTable(withoutTombstones, blockBytes, 10);
        const copied = new TableDraftBuilder(blockBytes, 10, false);
        for (const block of storedBlocks(withoutTombstones, 100_000)) {
          for (let i = 0; i < block.entryCount; i++) copied.copy(block.keyAt(i) ?? '', block, i);
        }
        const draft = copied.finish();
        expect(draft.rawBlocks).toEqual(encoded.rawBlocks);
        expect(draft.headers).toEqual(encoded.headers);
        expect(draft.blockFirstKeys).toEqual(encoded.blockFirstKeys);
        expect(draft.bloom).toEqual(encoded.bloom);
      }),
      fcParams(100),
    );
  });

  it('reads a damaged block as a failure or an answer, never an exception', () => {
    fc.assert(
      fc.property(entriesArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(), (entries, flips, cut) => {
        const raw = draftTable(entries, 100_000, 10).rawBlocks[0] ?? new Uint8Array();
        const damaged = raw.slice(0, raw.length - (cut % 3 === 0 ? cut % 7 : 0));
        for (const [at, b] of flips) damaged[at % damaged.length] = b;
        const block = BinaryBlock.decode(damaged);
        if (!block.ok) return;
        for (let i = 0; i < block.value.entryCount; i++) {
          block.value.keyAt(i);
          block.value.versionsAt(i);
          block.value.copyableVersions(i);
        }
        block.value.entries();
        for (const [k] of entries) block.value.indexOf(k);
      }),
      fcParams(300),
    );
    expect(BinaryBlock.decode(new Uint8Array([1, 0, 0, 0])).ok).toBe(false);
    expect(BinaryBlock.decode(new Uint8Array([0, 0])).ok).toBe(false);
  });

  it('lets a compaction copy only entries that decode, with the versions they decode to', () => {
    fc.assert(
      fc.property(entriesArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (entries, flips) => {
        const damaged = (draftTable(entries, 100_000, 10).rawBlocks[0] ?? new Uint8Array()).slice();
        for (const [at, b] of flips) damaged[at % damaged.length] = b;
        const block = BinaryBlock.decode(damaged);
        if (!block.ok) return;
        for (let i = 0; i < block.value.entryCount; i++) {
          const count = block.value.copyableVersions(i);
          const versions = block.value.versionsAt(i);
          if (count > 0) expect(versions.ok && versions.value.length === count).toBe(true);
        }
      }),
      fcParams(300),
    );
    // Damage only a full check finds: a value's text that is not UTF-8, a dot counter's form.
    const value = draftTable([['a', [v('n1', 5, 'héllo')]]], 100_000, 10).rawBlocks[0]?.slice() ?? new Uint8Array();
    value[value.indexOf(0xc3)] = 0xff;
    const counter = draftTable([['a', [v('n1', 5, 'hello')]]], 100_000, 10).rawBlocks[0]?.slice() ?? new Uint8Array();
    counter[counter.indexOf(10, 2)] = 3;
    for (const raw of [value, counter]) {
      const block = BinaryBlock.decode(raw);
      expect(block.ok && block.value.copyableVersions(0)).toBe(-1);
      expect(block.ok && block.value.versionsAt(0).ok).toBe(false);
    }
  });

  it('never answers absent for a key of a block whose search meets a key that does not decode', () => {
    const entries = Array.from({ length: 7 }, (_, i): TableEntry => [`k${i}`, [v('n', i + 1, `val${i}`)]]);
    const raw = draftTable(entries, 100_000, 10).rawBlocks[0]?.slice() ?? new Uint8Array();
    // The middle entry, where every search starts: its key's length now runs past its end.
    const offsets = raw.length - 4 - 4 * entries.length;
    raw[(raw[offsets + 12] ?? 0) | ((raw[offsets + 13] ?? 0) << 8)] = 0x7e;
    const block = BinaryBlock.decode(raw);
    if (!block.ok) throw new Error(block.message);
    entries.forEach(([key], j) => {
      const i = block.value.indexOf(key);
      expect(i, key).not.toBe(-1);
      // Its own entry, or the damaged one, whose read fails.
      if (i !== j) expect(block.value.versionsAt(i).ok, key).toBe(false);
    });
  });
});

function v(node: string, counter: number, value: JsonValue): Version {
  return { value, deleted: false, dot: { node, counter }, context: {}, timestampMs: counter };
}
