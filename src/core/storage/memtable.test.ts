/**
 * Goal: the memtable's size estimate, summed from parts, is exactly the bytes the entry takes in a
 * block, its offset included (what decides when to flush). Method: fast-check over keys and
 * versions of any JSON shape and any unicode, lone surrogates included, against the entry as
 * the block writer encodes it; and a memtable's running total, updated by what each write adds
 * and removes, against every entry measured again.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { JsonValue } from '../json';
import type { Version } from '../versions/version';
import { ByteWriter } from './byteCodec';
import { encodeEntry } from './entryCodec';
import { entryBytes, Memtable } from './memtable';

const text = fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('\ud800', '\udc00x', '"\\', '\u0000'));
const versionArb: fc.Arbitrary<Version> = fc.record({
  value: fc.oneof(fc.jsonValue() as fc.Arbitrary<JsonValue>, text),
  deleted: fc.boolean(),
  dot: fc.record({ node: text, counter: fc.nat() }),
  context: fc.dictionary(text, fc.nat()),
  timestampMs: fc.integer(),
});

describe('memtable size estimate', () => {
  it('is the length of the entry as a block encodes it, and its offset, measured again or not', () => {
    fc.assert(
      fc.property(text, fc.array(versionArb, { maxLength: 4 }), (key, versions) => {
        const w = new ByteWriter(1);
        encodeEntry(w, key, versions);
        const expected = w.length + 4;
        expect(entryBytes(key, versions)).toBe(expected);
        expect(entryBytes(key, [...versions].reverse())).toBe(expected);
      }),
      fcParams(300),
    );
  });
});

describe('memtable byte total', () => {
  // Few actors and small counters, so that writes dominate, repeat and sit beside one another.
  const actor = fc.constantFrom('a', 'b', 'c');
  const writeArb = fc.record({
    key: fc.constantFrom('k1', 'k2', 'ключ'),
    versions: fc.array(
      fc.record({
        value: fc.oneof(fc.constant(null), fc.string({ maxLength: 8 }), fc.jsonValue() as fc.Arbitrary<JsonValue>),
        deleted: fc.boolean(),
        dot: fc.record({ node: actor, counter: fc.integer({ min: 1, max: 4 }) }),
        context: fc.dictionary(actor, fc.integer({ min: 0, max: 4 })),
        timestampMs: fc.integer({ min: 0, max: 5 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  });

  it('is the sum of its entries measured again, after any writes, in either conflict mode', () => {
    fc.assert(
      fc.property(fc.constantFrom('vclock' as const, 'lww' as const), fc.array(writeArb, { maxLength: 30 }), (mode, writes) => {
        const m = new Memtable();
        writes.forEach((w, seq) => m.apply(w.key, w.versions, seq + 1, mode));
        const measured = m.sortedEntries().reduce((n, [key, versions]) => n + entryBytes(key, versions), 0);
        expect(m.byteSize).toBe(measured);
      }),
      fcParams(300),
    );
  });
});
