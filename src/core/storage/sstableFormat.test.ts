/**
 * Goal: a table's blocks, sparse index and bloom filter find every key it holds and no other.
 * Method: fast-check over sorted entry sets and block sizes; each key located through the index
 * and found in its decoded block, and absent keys located nowhere.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { Version } from '../versions/version';
import { BinaryBlock } from './binaryBlock';
import { bloomMightContain } from './bloomFilter';
import { compareKeys } from './memtable';
import type { TableEntry } from './sstableFormat';
import { blockIndexFor, draftTable } from './sstableFormat';
import type { TableMeta } from './storageDevice';

const version = (value: string): Version => ({ value, deleted: false, dot: { node: 'a', counter: 1 }, context: {}, timestampMs: 0 });

function metaOf(entries: readonly TableEntry[], blockBytes: number): { meta: TableMeta; blocks: readonly Uint8Array[] } {
  const d = draftTable(entries, blockBytes, 10);
  const meta: TableMeta = { id: 1, maxSeq: 1, entryCount: d.entryCount, firstKey: d.firstKey, lastKey: d.lastKey, blockFirstKeys: d.blockFirstKeys, rawBytes: d.rawBytes, storedBytes: d.rawBytes, bloom: d.bloom, compression: 'identity' };
  return { meta, blocks: d.rawBlocks };
}

/** The key's versions in a stored block, as a point read finds them; undefined when absent. */
function findInBlock(bytes: Uint8Array, key: string): readonly Version[] | undefined {
  const block = BinaryBlock.decode(bytes);
  if (!block.ok) throw new Error(block.message);
  const i = block.value.indexOf(key);
  const versions = i < 0 ? undefined : block.value.versionsAt(i);
  return versions?.ok === true ? versions.value : undefined;
}

describe('SSTable format', () => {
  it('finds every key through the sparse index, and no absent one', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 400 }),
        (keys, probes, blockBytes) => {
          const entries = [...keys].sort(compareKeys).map((k): TableEntry => [k, [version(`v-${k}`)]]);
          const { meta, blocks } = metaOf(entries, blockBytes);
          expect(meta.blockFirstKeys.length).toBe(blocks.length);
          for (const k of keys) {
            const i = blockIndexFor(meta, k);
            expect(i).toBeDefined();
            expect(findInBlock(blocks[i ?? 0] ?? new Uint8Array(), k)?.[0]?.value).toBe(`v-${k}`);
            expect(bloomMightContain(meta.bloom, k)).toBe(true);
          }
          for (const p of probes.filter((x) => !keys.includes(x))) {
            const i = blockIndexFor(meta, p);
            if (i === undefined) continue;
            expect(findInBlock(blocks[i] ?? new Uint8Array(), p)).toBe(undefined);
          }
        },
      ),
      fcParams(200),
    );
  });

  it('stores each block as exactly the entries of the reader the writer hands the block cache', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 300 }), (keys, blockBytes) => {
        const entries = [...keys].sort(compareKeys).map((k): TableEntry => [k, [version(`v-${k}`)]]);
        const d = draftTable(entries, blockBytes, 10);
        const entriesOf = (r: ReturnType<BinaryBlock['entries']>): TableEntry[] => {
          if (!r.ok) throw new Error(r.message);
          return r.value;
        };
        expect(d.blocks.flatMap((b) => entriesOf(b.entries()))).toEqual(entries);
        d.rawBlocks.forEach((raw, i) => {
          const stored = BinaryBlock.decode(raw);
          if (!stored.ok) throw new Error(stored.message);
          expect(entriesOf(stored.value.entries())).toEqual(entriesOf(d.blocks[i]?.entries() ?? { ok: true, value: [] }));
        });
      }),
      fcParams(100),
    );
  });

  it('cuts blocks near the target size, keeping each block sorted', () => {
    const entries = Array.from({ length: 100 }, (_, i): TableEntry => [`k${String(i).padStart(3, '0')}`, [version('x'.repeat(20))]]);
    const { meta, blocks } = metaOf(entries, 512);
    expect(blocks.length).toBeGreaterThan(5);
    expect(meta.blockFirstKeys).toEqual([...meta.blockFirstKeys].sort(compareKeys));
    for (const b of blocks) expect(b.length).toBeLessThan(512 + 200);
  });

});
