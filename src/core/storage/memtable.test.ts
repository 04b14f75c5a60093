/**
 * Goal: the memtable's size estimate, summed from parts, is exactly the bytes the entry takes in a
 * block, its offset included (what decides when to flush). Method: fast-check over keys and
 * versions of any JSON shape and any unicode, lone surrogates included, against the entry as
 * the block writer encodes it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { JsonValue } from '../json';
import type { Version } from '../versions/version';
import { ByteWriter } from './byteCodec';
import { encodeEntry } from './entryCodec';
import { entryBytes } from './memtable';

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
