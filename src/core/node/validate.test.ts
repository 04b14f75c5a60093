/**
 * Goal: the value limit counts a string value exactly as the size of its JSON text, though it
 * no longer builds that text. Method: fast-check compares jsonBytes with the UTF-8 size of
 * JSON.stringify over strings of any UTF-16 code units (escapes, controls, lone surrogates);
 * keys and values at the limits, in characters of 1 to 6 bytes, are refused exactly past them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import { utf8Bytes } from '../json';
import { invalidReason, jsonBytes } from './validate';
import { defaultNodeSettings, maxKeyBytes, maxValueBytes } from './settings';
import type { ClientOp } from '../clientApi';

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

describe('the size limits', () => {
  const put = (key: string, value: string): ClientOp => ({ kind: 'put', key, value, context: {} });
  const check = (op: ClientOp) => invalidReason(op, defaultNodeSettings, 3);

  it('a key is refused exactly past maxKeyBytes of UTF-8, whatever its characters', () => {
    for (const [char, bytes] of [['a', 1], ['é', 2], ['€', 3]] as const) {
      const fits = Math.floor(maxKeyBytes / bytes);
      expect(check(put(char.repeat(fits), 'v'))).toBeUndefined();
      expect(check(put(char.repeat(fits + 1), 'v'))).toBe(`the key is ${(fits + 1) * bytes} bytes; the limit is ${maxKeyBytes}`);
    }
  });

  it('a string value is refused exactly past maxValueBytes of JSON, escapes counted', () => {
    for (const [char, bytes] of [['a', 1], ['"', 2], ['€', 3], ['\u0001', 6]] as const) {
      const fits = Math.floor((maxValueBytes - 2) / bytes);
      expect(check(put('k', char.repeat(fits)))).toBeUndefined();
      expect(check(put('k', char.repeat(fits + 1)))).toBe(`the value is ${2 + (fits + 1) * bytes} bytes; the limit is ${maxValueBytes}`);
    }
  });
});
