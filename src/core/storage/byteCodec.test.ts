/**
 * Goal: every number and every JavaScript string (lone surrogates included) comes back from
 * the bytes exactly as written, the sizes computed ahead are the sizes written, and stored texts
 * compare byte by byte as their strings do (compareKeys), which a point read's search relies on.
 * Method: fast-check over strings of every kind of code unit and over doubles of every kind.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import { ByteReader, ByteWriter, CorruptBytes, numberBytes, textBytes, varintBytes } from './byteCodec';
import { compareStoredText, KeyBody } from './keyBody';
import { compareKeys } from './memtable';

// Long texts too (the writer encodes those natively), ASCII up to a last few code units of any kind.
const longText = fc.tuple(fc.string({ minLength: 32, maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('', '\ud800', '\udc00')).map(([a, b, c]) => a + b + c);
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 }), longText, fc.string({ unit: 'binary', minLength: 32, maxLength: 50 }), fc.constantFrom('\ud800', '\udc00x', '\uffff', '\u0080', '\u07ff', '\u0800', 'a'.repeat(300), 'é'.repeat(70)));
const anyNumber = fc.oneof(fc.double(), fc.maxSafeNat(), fc.integer(), fc.constantFrom(-0, 0, 2 ** 52, 2 ** 52 - 1, 2 ** 53, Number.MAX_SAFE_INTEGER, 63, 64, 127, 128));

describe('byte codec', () => {
  it('gives back every text and number exactly, in the bytes it said they would take', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyText, anyNumber, fc.maxSafeNat())), (items) => {
        const w = new ByteWriter(1);
        let expected = 0;
        for (const [s, n, v] of items) {
          w.text(s);
          w.number(n);
          w.varint(v);
          expected += textBytes(s) + numberBytes(n) + varintBytes(v);
        }
        expect(w.length).toBe(expected);
        const bytes = w.take();
        const r = new ByteReader().at(bytes, 0, bytes.length);
        for (const [s, n, v] of items) {
          expect(r.text()).toBe(s);
          expect(Object.is(r.number(), n)).toBe(true);
          expect(r.varint()).toBe(v);
        }
        expect(r.pos).toBe(bytes.length);
      }),
      fcParams(300),
    );
  });

  it('reads a name as a text, short ones (given back from memory) and any other, and stops where text() stops', () => {
    const shortName = fc.string({ minLength: 1, maxLength: 5, unit: fc.constantFrom('S', '1', '\u0000', '\u007f', 'é', '~') });
    fc.assert(
      fc.property(fc.array(fc.oneof(shortName, anyText), { maxLength: 20 }), (texts) => {
        const w = new ByteWriter(1);
        for (const s of [...texts, ...texts]) w.text(s);
        const bytes = w.take();
        const r = new ByteReader().at(bytes, 0, bytes.length);
        for (const s of [...texts, ...texts]) expect(r.name()).toBe(s);
        expect(r.pos).toBe(bytes.length);
      }),
      fcParams(300),
    );
    // An ASCII length over bytes that are not: read as text() reads them, not from memory.
    const odd = new Uint8Array([4, 0x41, 0xc3]);
    expect(new ByteReader().at(odd, 0, 3).name()).toBe(new ByteReader().at(odd, 0, 3).text());
    // Nor kept as a name: 'AC', whose bytes pack as those do, still reads back as itself.
    const w = new ByteWriter(8);
    w.text('AC');
    const ac = w.take();
    expect(new ByteReader().at(ac, 0, ac.length).name()).toBe('AC');
    expect(() => new ByteReader().at(new Uint8Array([6, 0x41, 0x42]), 0, 3).name()).toThrow(CorruptBytes);
  });

  it('compares a stored text with a key as compareKeys compares the strings', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const w = new ByteWriter(1);
        w.text(a);
        const key = new KeyBody();
        key.set(b);
        expect(Math.sign(compareStoredText(w.bytes, 0, w.length, key))).toBe(compareKeys(a, b));
      }),
      fcParams(500),
    );
  });

  it('reads past the end, or bytes no writer makes, as CorruptBytes, never as an answer from outside the range', () => {
    const w = new ByteWriter(1);
    w.text('hello world, a text of more than sixteen bytes');
    const bytes = w.take();
    expect(() => new ByteReader().at(bytes, 0, bytes.length - 1).text()).toThrow(CorruptBytes);
    expect(() => new ByteReader().at(new Uint8Array([0x81]), 0, 1).varint()).toThrow(CorruptBytes);
    expect(() => new ByteReader().at(new Uint8Array([3]), 0, 1).number()).toThrow(CorruptBytes);
    // A non-ASCII text whose bytes are not UTF-8 of code units.
    expect(() => new ByteReader().at(new Uint8Array([3, 0xff]), 0, 2).text()).toThrow(CorruptBytes);
    expect(() => new ByteReader().at(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 0, 9).varint()).toThrow(CorruptBytes);
  });
});
