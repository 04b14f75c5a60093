/**
 * Goal: the key and value limits count UTF-8 bytes exactly (a value as its JSON text), though
 * short ones are not measured at all. Method: keys and values at the limits, in characters of 1
 * to 6 bytes, are refused exactly past them.
 */
import { describe, expect, it } from 'vitest';
import { invalidReason } from './validate';
import { defaultNodeSettings, maxKeyBytes, maxValueBytes } from './settings';
import type { ClientOp } from '../clientApi';

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
