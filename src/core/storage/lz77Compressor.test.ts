/**
 * Goal: the simulator's LZ77 gives back exactly what it was given, shrinks repetitive data, and
 * reports a damaged block instead of throwing or returning wrong bytes. Method: fast-check round
 * trips over random and repetitive bytes; hand-made corrupt inputs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import { lz77Compress, lz77Compressor, lz77Decompress } from './lz77Compressor';

const repetitive = fc
  .tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 300 }), fc.uint8Array({ maxLength: 50 }))
  .map(([unit, times, tail]) => {
    const out = new Uint8Array(unit.length * times + tail.length);
    for (let i = 0; i < times; i++) out.set(unit, i * unit.length);
    out.set(tail, unit.length * times);
    return out;
  });

describe('lz77 compressor', () => {
  it('gives the same bytes for the same input, whatever it compressed before (the simulator replays exactly)', () => {
    fc.assert(
      fc.property(repetitive, fc.array(fc.oneof(fc.uint8Array({ maxLength: 2000 }), repetitive), { maxLength: 4 }), (input, before) => {
        const first = lz77Compress(input);
        for (const other of before) lz77Compress(other);
        expect([...lz77Compress(input)]).toEqual([...first]);
      }),
      fcParams(200),
    );
  });

  it('decompresses to exactly the input, for random and repetitive bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), repetitive), (input) => {
        const back = lz77Decompress(lz77Compress(input));
        expect(back.ok).toBe(true);
        if (back.ok) expect([...back.value]).toEqual([...input]);
      }),
      fcParams(300),
    );
  });

  it('extends every match as far as it goes: the next byte differs, or the input or the longest token ends', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), repetitive), (input) => {
        const stored = lz77Compress(input);
        let o = 0;
        for (let s = 4; s < stored.length; ) {
          const token = stored[s] as number;
          if (token < 0x80) {
            s += token + 2;
            o += token + 1;
            continue;
          }
          const length = (token & 0x7f) + 4;
          const distance = (stored[s + 1] as number) | ((stored[s + 2] as number) << 8);
          s += 3;
          o += length;
          if (length < 0x7f + 4 && o < input.length) expect(input[o]).not.toBe(input[o - distance]);
        }
      }),
      fcParams(200),
    );
  });

  it('compresses a view into a larger buffer as it does the same bytes on their own', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20 }), repetitive, fc.uint8Array({ maxLength: 20 }), (before, input, after) => {
        const whole = new Uint8Array([...before, ...input, ...after]);
        const view = whole.subarray(before.length, before.length + input.length);
        expect([...lz77Compress(view)]).toEqual([...lz77Compress(input.slice())]);
      }),
      fcParams(100),
    );
  });

  it('shrinks repetitive JSON several-fold', () => {
    const json = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ key: `user:${i}`, value: 'the same value again' })));
    const raw = new TextEncoder().encode(json);
    const stored = lz77Compress(raw);
    expect(raw.length / stored.length).toBeGreaterThan(3);
  });

  it('never grows data by more than one byte in 128, plus a 4-byte header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (input) => {
        expect(lz77Compress(input).length).toBeLessThanOrEqual(4 + input.length + Math.ceil(input.length / 128));
      }),
      fcParams(100),
    );
  });

  it('reports a corrupt block as a failure', () => {
    expect(lz77Decompress(new Uint8Array([1, 2])).ok).toBe(false);
    expect(lz77Decompress(new Uint8Array([5, 0, 0, 0, 0x80, 9, 0])).ok).toBe(false);
    expect(lz77Decompress(new Uint8Array([9, 0, 0, 0, 1, 65, 66])).ok).toBe(false);
    const good = lz77Compress(new TextEncoder().encode('abcabcabcabcabc'));
    expect(lz77Decompress(good.slice(0, good.length - 1)).ok).toBe(false);
  });

  it('calls back synchronously, so simulated runs need no extra events', () => {
    let called = false;
    lz77Compressor.compress(new Uint8Array([1, 2, 3]), (r) => {
      called = r.ok;
    });
    expect(called).toBe(true);
  });
});
