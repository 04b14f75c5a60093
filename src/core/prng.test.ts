// Goal: the seeded generator is sfc32 seeded through splitmix32, as its file says, exactly on
// every platform: a replay and a share link depend on it. Method: a second implementation in
// BigInt arithmetic (no 32-bit tricks) must give the same numbers; plus range, uniformity and
// independent derived streams.
import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed, randomInt } from './prng';

const mask = (1n << 32n) - 1n;
const u32 = (x: bigint) => x & mask;
const rotl = (x: bigint, k: bigint) => u32((x << k) | (x >> (32n - k)));

/** splitmix32 and sfc32 written from their definitions, in BigInt. */
function referenceRandom(seed: number): () => number {
  let s = BigInt(seed >>> 0);
  const mix = () => {
    s = u32(s + 0x9e3779b9n);
    let z = s;
    z = u32((z ^ (z >> 16n)) * 0x85ebca6bn);
    z = u32((z ^ (z >> 13n)) * 0xc2b2ae35n);
    return u32(z ^ (z >> 16n));
  };
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = () => {
    const t = u32(a + b + d);
    d = u32(d + 1n);
    a = b ^ (b >> 9n);
    b = u32(c + (c << 3n));
    c = u32(rotl(c, 21n) + t);
    return Number(t) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

describe('createRandom', () => {
  it('matches sfc32 seeded by splitmix32, computed independently, for several seeds', () => {
    for (const seed of [0, 1, 42, 0xdeadbeef, 4294967295]) {
      const ours = createRandom(seed);
      const reference = referenceRandom(seed);
      for (let i = 0; i < 1000; i++) expect(ours()).toBe(reference());
    }
  });

  it('gives numbers in [0, 1), about uniform; the same seed the same stream, derived streams differ', () => {
    const r = createRandom(7);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
      buckets[Math.floor(x * 10)]! += 1;
    }
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    const a = createRandom(deriveSeed(7, 'network'));
    const b = createRandom(deriveSeed(7, 'clients'));
    const again = createRandom(deriveSeed(7, 'network'));
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => again())).toEqual(first);
    expect(Array.from({ length: 5 }, () => b())).not.toEqual(first);
    const ints = createRandom(3);
    for (let i = 0; i < 1000; i++) expect([0, 1, 2]).toContain(randomInt(ints, 3));
  });
});
