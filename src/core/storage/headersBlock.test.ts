/**
 * Goal: a headers block gives back every key's versions without their values, exactly, in both
 * formats (binary, as tables are written now; JSON, as tables written before hold it), and a
 * damaged one is a failure, never a wrong index. Method: fast-check over entries with tombstones,
 * contexts and values of any JSON shape, drafted as a table; a few hand-made corrupt blocks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { Version } from '../versions/version';
import { headerOf } from '../versions/version';
import { buildBloomFilter } from './bloomFilter';
import { decodeHeaders } from './headersBlock';
import { compareKeys } from './memtable';
import type { TableEntry } from './sstableFormat';
import { blockFormat, draftTable } from './sstableFormat';
import type { TableMeta } from './storageDevice';

const versionArb: fc.Arbitrary<Version> = fc.record({
  value: fc.jsonValue() as fc.Arbitrary<Version['value']>,
  deleted: fc.boolean(),
  dot: fc.record({ node: fc.string({ maxLength: 4 }), counter: fc.nat() }),
  context: fc.dictionary(fc.string({ maxLength: 4 }), fc.nat()),
  timestampMs: fc.integer(),
});

const meta = (format: TableMeta['blockFormat']): TableMeta => ({ id: 1, maxSeq: 1, entryCount: 1, firstKey: 'a', lastKey: 'a', blockFirstKeys: ['a'], rawBytes: 1, storedBytes: 1, bloom: buildBloomFilter([], 10), compression: 'identity', blockFormat: format });
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('SSTable headers block', () => {
  it('decodes a binary table\'s headers to its entries with every value null', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ maxLength: 6 }), fc.array(versionArb, { maxLength: 3 })), { selector: (e) => e[0], minLength: 1 }), fc.integer({ min: 1, max: 500 }), (raw, blockBytes) => {
        const entries: TableEntry[] = raw.map(([k, vs]): TableEntry => [k, vs]).sort((a, b) => compareKeys(a[0], b[0]));
        const decoded = decodeHeaders(meta(blockFormat), draftTable(entries, blockBytes, 10).headers);
        expect(decoded).toEqual({ ok: true, value: entries.map(([k, vs]) => [k, vs.map(headerOf)]) });
      }),
      fcParams(200),
    );
  });

  it('decodes the JSON headers block of a table written before the binary format', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.array(versionArb, { maxLength: 3 }))), (raw) => {
        // As the JSON writer stored it: each header a short array.
        const stored = raw.map(([k, vs]) => [k, vs.map((x) => [x.deleted ? 1 : 0, x.dot.node, x.dot.counter, x.timestampMs, x.context])]);
        const decoded = decodeHeaders(meta(undefined), enc(JSON.stringify(stored)));
        expect(decoded).toEqual({ ok: true, value: raw.map(([k, vs]) => [k, vs.map(headerOf)]) });
      }),
      fcParams(200),
    );
  });

  it('reports a corrupt block as a failure', () => {
    const json = meta(undefined);
    expect(decodeHeaders(json, enc('[["k", [[1, "a", 1, 0')).ok).toBe(false);
    expect(decodeHeaders(json, enc('[["k", [[2, "a", 1, 0, {}]]]]')).ok).toBe(false);
    expect(decodeHeaders(json, enc('[["k", [[0, "a", 1, 0, null]]]]')).ok).toBe(false);
    expect(decodeHeaders(json, enc('{"k": 1}')).ok).toBe(false);
    expect(decodeHeaders(json, enc('[["k", [[0, "a", 1, 0, {"a": 1}]]]]')).ok).toBe(true);
    const headers = draftTable([['k', [{ value: 'x', deleted: false, dot: { node: 'a', counter: 1 }, context: {}, timestampMs: 0 }]]], 100, 10).headers;
    const binary = meta(blockFormat);
    expect(decodeHeaders(binary, headers).ok).toBe(true);
    expect(decodeHeaders(binary, headers.slice(0, headers.length - 1)).ok).toBe(false);
    expect(decodeHeaders(binary, headers.slice(1)).ok).toBe(false);
    expect(decodeHeaders(binary, new Uint8Array([5, 0, 0, 0])).ok).toBe(false);
  });

  it('refuses a format this build does not know instead of guessing', () => {
    const newer = { ...meta(blockFormat), blockFormat: 'binary-v9' } as unknown as TableMeta;
    const r = decodeHeaders(newer, new Uint8Array([0, 0, 0, 0]));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/format this version of Ringlab does not know \(binary-v9\)/);
  });
});
