/**
 * Goal: a bloom filter never says "absent" for a key it holds, and its false-positive rate
 * matches theory, (1 − e^(−k/b))^k. Method: fast-check for no false negatives; 5 000 keys in,
 * 50 000 other keys probed, the count held to the theoretical mean within 4 standard deviations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import { murmur3x86_32 } from '../ring/hash';
import { bloomMightContain, buildBloomFilter, optimalHashCount, theoreticalFalsePositiveRate } from './bloomFilter';

describe('bloom filter', () => {
  it('holds every key it was built from (no false negatives)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (keys, bitsPerKey) => {
        const filter = buildBloomFilter(keys, bitsPerKey);
        for (const k of keys) expect(bloomMightContain(filter, k)).toBe(true);
      }),
      fcParams(200),
    );
  });

  it('sets and checks bits (h1 + i·h2) mod m, the layout of filters stored in tables already', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), fc.array(fc.string(), { maxLength: 30 }), (keys, bitsPerKey, probes) => {
        const filter = buildBloomFilter(keys, bitsPerKey);
        const bitsOf = (key: string): number[] => {
          const h1 = murmur3x86_32(key, 0x9747b28c);
          const h2 = murmur3x86_32(key, 0x5bd1e995);
          return Array.from({ length: filter.hashCount }, (_, i) => (h1 + i * h2) % filter.bitCount);
        };
        const expected = new Uint8Array(filter.bits.length);
        for (const k of keys) for (const bit of bitsOf(k)) expected[bit >>> 3] = (expected[bit >>> 3] ?? 0) | (1 << (bit & 7));
        expect([...filter.bits]).toEqual([...expected]);
        for (const k of probes) expect(bloomMightContain(filter, k)).toBe(bitsOf(k).every((bit) => ((expected[bit >>> 3] ?? 0) & (1 << (bit & 7))) !== 0));
      }),
      fcParams(200),
    );
  });

  it('uses k = round(b · ln 2) hash functions', () => {
    expect(optimalHashCount(10)).toBe(7);
    expect(optimalHashCount(1)).toBe(1);
    expect(optimalHashCount(16)).toBe(11);
  });

  it.each([4, 8, 10, 16])('has the theoretical false-positive rate with %i bits per key', (bitsPerKey) => {
    const inserted = Array.from({ length: 5_000 }, (_, i) => `user:${i}`);
    const probes = Array.from({ length: 50_000 }, (_, i) => `absent:${i}`);
    const filter = buildBloomFilter(inserted, bitsPerKey);
    const falsePositives = probes.filter((k) => bloomMightContain(filter, k)).length;
    const p = theoreticalFalsePositiveRate(bitsPerKey, filter.hashCount);
    const mean = probes.length * p;
    const sd = Math.sqrt(probes.length * p * (1 - p));
    expect(Math.abs(falsePositives - mean)).toBeLessThanOrEqual(4 * sd + 0.1 * mean);
  });

  it('keeps about 1% false positives at 10 bits per key, against 0.82% in theory', () => {
    expect(theoreticalFalsePositiveRate(10, 7)).toBeCloseTo(0.0082, 4);
  });
});
