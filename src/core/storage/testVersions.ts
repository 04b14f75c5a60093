/**
 * Arbitrary versions for the stored formats' property tests: texts of every kind a key or an
 * actor may be (lone surrogates, `__proto__`, empty), any JSON value, numbers of every form the
 * codec writes. Test support only.
 */
import fc from 'fast-check';
import type { JsonValue } from '../json';
import type { Version } from '../versions/version';

export const anyText = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('\ud800', '__proto__', 'é', ''));

export const anyVersion: fc.Arbitrary<Version> = fc.record({
  value: fc.oneof(fc.jsonValue() as fc.Arbitrary<JsonValue>, anyText),
  deleted: fc.boolean(),
  dot: fc.record({ node: anyText, counter: fc.oneof(fc.nat(), fc.maxSafeNat()) }),
  context: fc.dictionary(anyText, fc.nat()),
  timestampMs: fc.oneof(fc.integer(), fc.double({ noNaN: true })),
});
