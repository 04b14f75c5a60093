/**
 * Goal: a headers block gives back every key's versions without their values, exactly, and a
 * damaged one is a failure, never a wrong index. Method: fast-check over entries with tombstones,
 * contexts and values of any JSON shape; a few hand-made corrupt blocks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { Version } from '../versions/version';
import { decodeHeaders, encodeHeaders, headersBlockOf, headersPart } from './headersBlock';
import type { TableEntry } from './sstableFormat';
import { withoutValue } from './sstableFormat';

const versionArb: fc.Arbitrary<Version> = fc.record({
  value: fc.jsonValue() as fc.Arbitrary<Version['value']>,
  deleted: fc.boolean(),
  dot: fc.record({ node: fc.string({ maxLength: 4 }), counter: fc.nat() }),
  context: fc.dictionary(fc.string({ maxLength: 4 }), fc.nat()),
  timestampMs: fc.integer(),
});

describe('SSTable headers block', () => {
  it('decodes to the entries with every value null', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.array(versionArb, { maxLength: 3 }))), (raw) => {
        const entries: TableEntry[] = raw.map(([k, vs]) => [k, vs]);
        const decoded = decodeHeaders(encodeHeaders(entries));
        expect(decoded).toEqual({ ok: true, value: entries.map(([k, vs]) => [k, vs.map(withoutValue)]) });
      }),
      fcParams(200),
    );
  });

  it('reports a corrupt block as a failure', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(decodeHeaders(enc('[["k", [[1, "a", 1, 0')).ok).toBe(false);
    expect(decodeHeaders(enc('[["k", [[2, "a", 1, 0, {}]]]]')).ok).toBe(false);
    expect(decodeHeaders(enc('[["k", [[0, "a", 1, 0, null]]]]')).ok).toBe(false);
    expect(decodeHeaders(enc('{"k": 1}')).ok).toBe(false);
    expect(decodeHeaders(enc('[["k", [[0, "a", 1, 0, {"a": 1}]]]]')).ok).toBe(true);
  });

  it('is byte for byte the JSON of the whole list of compact headers, as tables already stored hold it, however it is cut into parts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.array(versionArb, { maxLength: 3 }))), fc.array(fc.nat(), { maxLength: 4 }), (raw, cuts) => {
        const stored = raw.map(([k, vs]) => [k, vs.map((x) => [x.deleted ? 1 : 0, x.dot.node, x.dot.counter, x.timestampMs, x.context])]);
        const expected = new TextEncoder().encode(JSON.stringify(stored));
        expect(encodeHeaders(raw)).toEqual(expected);
        const bounds = [0, ...cuts.map((c) => c % (raw.length + 1)).sort((a, b) => a - b), raw.length];
        const parts = bounds.slice(1).map((end, i) => headersPart(raw.slice(bounds[i], end)));
        expect(headersBlockOf(parts)).toEqual(expected);
      }),
      fcParams(200),
    );
  });
});
