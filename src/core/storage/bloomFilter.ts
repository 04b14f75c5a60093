/**
 * Bloom filters for SSTables: "is this key possibly in the table?" with no false negatives. Pure.
 * k bit positions per key come from double hashing of MurmurHash3 (Kirsch and Mitzenmacher 2006).
 */
import { murmur3x86_32 } from '../ring/hash';

/** A built filter: plain data, so it is stored in a table's metadata and cloned by IndexedDB. */
export interface BloomFilterData {
  readonly bitCount: number;
  readonly hashCount: number;
  readonly bits: Uint8Array;
}

/**
 * Seeds of the two base hashes. Not 0: seed 0 is the ring position, and a node holds only keys
 * from its own arcs of the ring, so hashing them again with seed 0 would tie bit positions to
 * placement. Any two other seeds give independent-looking hashes.
 */
const seedFirst = 0x9747b28c;
const seedSecond = 0x5bd1e995;

/** Fewest bits a filter gets, so an almost empty table still has a usable filter. */
const bitCountMin = 64;

/** The number of hash functions that minimises false positives for `bitsPerKey`: k = b·ln 2. */
export function optimalHashCount(bitsPerKey: number): number {
  return Math.max(1, Math.round(bitsPerKey * Math.LN2));
}

/**
 * The false-positive rate theory predicts for b bits per key and k hashes, (1 − e^(−k/b))^k,
 * so tests and the stats view can hold the measured rate against it.
 */
export function theoreticalFalsePositiveRate(bitsPerKey: number, hashCount: number): number {
  return Math.pow(1 - Math.exp(-hashCount / bitsPerKey), hashCount);
}

/** Builds the filter of a set of keys with `bitsPerKey` bits per key (10 gives about 1% false positives). */
export function buildBloomFilter(keys: readonly string[], bitsPerKey: number): BloomFilterData {
  const bitCount = Math.max(bitCountMin, Math.ceil(keys.length * bitsPerKey));
  const hashCount = optimalHashCount(bitsPerKey);
  const bits = new Uint8Array(Math.ceil(bitCount / 8));
  for (const key of keys) {
    // Bit i is (h1 + i·h2) mod m, stepped to by adding h2 mod m and wrapping: the same bits
    // without a floating-point remainder per bit (h1 + i·h2 passes 2^32, so % is not an
    // integer instruction), which was most of building a compaction's filter.
    const step = murmur3x86_32(key, seedSecond) % bitCount;
    let bit = murmur3x86_32(key, seedFirst) % bitCount;
    for (let i = 0; i < hashCount; i++) {
      bits[bit >>> 3] = (bits[bit >>> 3] ?? 0) | (1 << (bit & 7));
      bit += step;
      if (bit >= bitCount) bit -= bitCount;
    }
  }
  return { bitCount, hashCount, bits };
}

/** False means the key is certainly absent; true means it may be present. */
export function bloomMightContain(filter: BloomFilterData, key: string): boolean {
  return bloomMightContainHashed(filter, bloomKeyHashes(key));
}

/** A key's two hashes, the same for every filter: a read checking many tables hashes the key once. */
export interface BloomKeyHashes {
  readonly h1: number;
  readonly h2: number;
}

export function bloomKeyHashes(key: string): BloomKeyHashes {
  return { h1: murmur3x86_32(key, seedFirst), h2: murmur3x86_32(key, seedSecond) };
}

/** bloomMightContain with the key's hashes computed already. */
export function bloomMightContainHashed(filter: BloomFilterData, { h1, h2 }: BloomKeyHashes): boolean {
  for (let i = 0; i < filter.hashCount; i++) {
    // h1 + i·h2 < 2^32 · (k + 1) stays an exact integer in a double, so no 32-bit wrap is needed.
    const bit = (h1 + i * h2) % filter.bitCount;
    if (((filter.bits[bit >>> 3] ?? 0) & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}
