/**
 * Goal: the value limit counts a string value exactly as the size of its JSON text, though it
 * no longer builds that text. Method: fast-check compares jsonBytes with the UTF-8 size of
 * JSON.stringify over strings of any UTF-16 code units (escapes, controls, lone surrogates).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import { utf8Bytes } from '../json';
import { jsonBytes } from './validate';

describe('jsonBytes', () => {
  it('is the UTF-8 size of JSON.stringify for any string', () => {
    const tricky = fc.constantFrom('"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', '€', '😀', '\ud800', '\udc00', 'a');
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: tricky }), fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 1 })) }));
    fc.assert(
      fc.property(text, (s) => {
        expect(jsonBytes(s)).toBe(utf8Bytes(JSON.stringify(s)));
      }),
      fcParams(500),
    );
  });

  it('counts other values through their JSON text', () => {
    const value = { list: [1, 'é', null, true], text: '"\n' };
    expect(jsonBytes(value)).toBe(utf8Bytes(JSON.stringify(value)));
  });
});
