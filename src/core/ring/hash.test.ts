// Goal: the ring hash is MurmurHash3 x86_32 over UTF-8 and can never silently change.
// Method: published test vectors, pinned non-ASCII values, and a fast-check comparison with a
// plain reference implementation written here from the algorithm's description.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParams } from '../../../tests/fcSeed';
import { murmur3x86_32, murmur3x86_32Bytes, ringPosition } from './hash';

/** MurmurHash3_x86_32 straight from Austin Appleby's description: blocks, tail, fmix32. */
function referenceMurmur3(bytes: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;
  const mul = (a: number, b: number): number => Math.imul(a, b) >>> 0;
  let h = seed >>> 0;
  const blockCount = Math.floor(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let b = 0; b < blockCount; b++) {
    let k = view.getUint32(b * 4, true);
    k = mul(rotl(mul(k, c1), 15), c2);
    h = rotl(h ^ k, 13);
    h = (mul(h, 5) + 0xe6546b64) >>> 0;
  }
  let k = 0;
  const tailStart = blockCount * 4;
  for (let i = bytes.length - 1; i >= tailStart; i--) k = ((k << 8) | (bytes[i] ?? 0)) >>> 0;
  if (bytes.length > tailStart) h = (h ^ mul(rotl(mul(k, c1), 15), c2)) >>> 0;
  h = (h ^ bytes.length) >>> 0;
  h = mul(h ^ (h >>> 16), 0x85ebca6b);
  h = mul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const hashBytes = (bytes: number[], seed: number): number =>
  murmur3x86_32Bytes(Uint8Array.from(bytes), bytes.length, seed);

describe('murmur3x86_32', () => {
  it('matches the published string test vectors', () => {
    expect(ringPosition('')).toBe(0);
    expect(ringPosition('hello')).toBe(0x248bfa47);
    expect(ringPosition('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723);
    expect(murmur3x86_32('Hello, world!', 1234)).toBe(0xfaf6cdb3);
    expect(murmur3x86_32('The quick brown fox jumps over the lazy dog', 0x9747b28c)).toBe(0x2fa826cd);
    expect(murmur3x86_32('a', 0x9747b28c)).toBe(0x7fa09ea6);
    expect(murmur3x86_32('abc', 0x9747b28c)).toBe(0xc84a62dd);
    expect(murmur3x86_32('abcd', 0x9747b28c)).toBe(0xf0478627);
    expect(murmur3x86_32('aaaa', 0x9747b28c)).toBe(0x5a97808a);
    expect(murmur3x86_32('Hello, world!', 0x9747b28c)).toBe(0x24884cba);
  });

  it('matches the published byte and seed test vectors', () => {
    expect(hashBytes([], 1)).toBe(0x514e28b7);
    expect(hashBytes([], 0xffffffff)).toBe(0x81f16f39);
    expect(hashBytes([0xff, 0xff, 0xff, 0xff], 0)).toBe(0x76293b50);
    expect(hashBytes([0x21, 0x43, 0x65, 0x87], 0)).toBe(0xf55b516b);
    expect(hashBytes([0x21, 0x43, 0x65, 0x87], 0x5082edee)).toBe(0x2362f9de);
    expect(hashBytes([0x21, 0x43, 0x65], 0)).toBe(0x7e4a8634);
    expect(hashBytes([0x21, 0x43], 0)).toBe(0xa0f7b07a);
    expect(hashBytes([0x21], 0)).toBe(0x72661cf4);
    expect(hashBytes([0, 0, 0, 0], 0)).toBe(0x2362f9de);
    expect(hashBytes([0, 0, 0], 0)).toBe(0x85f0b427);
    expect(hashBytes([0, 0], 0)).toBe(0x30f4c306);
    expect(hashBytes([0], 0)).toBe(0x514e28b7);
  });

  // Values cross-checked against the independent imurmurhash package fed the same UTF-8 bytes.
  it('hashes non-ASCII keys by their UTF-8 bytes, with lone surrogates as U+FFFD', () => {
    expect(ringPosition('héllo')).toBe(0xbc9fa068);
    expect(ringPosition('日本語')).toBe(0xa5a47297);
    expect(ringPosition('😀x')).toBe(0x721ce13e);
    expect(ringPosition('\ud800')).toBe(0xb69ca6c1);
    expect(ringPosition('a\udc00b')).toBe(0xcb694923);
    expect(ringPosition('ünïcödé keys 🔑 long string')).toBe(0x6c6cf2df);
    expect(ringPosition('\ud800')).toBe(ringPosition('\ufffd'));
  });

  it('agrees with the reference implementation on any string and seed', () => {
    // Built from plain integers (fast-check's 'binary' unit costs seconds of warm-up): whole
    // code points, and single UTF-16 code units, which include lone surrogates.
    const codePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    const text = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 40 }),
      fc.string({ unit: codePoint, maxLength: 40 }),
      fc.string({ unit: codeUnit, maxLength: 40 }),
    );
    fc.assert(
      fc.property(text, fc.nat({ max: 0xffffffff }), (s, seed) => murmur3x86_32(s, seed) === referenceMurmur3(utf8(s), seed)),
      fcParams(500),
    );
  });

  it('returns unsigned 32-bit integers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const position = ringPosition(s);
        expect(Number.isInteger(position) && position >= 0 && position <= 0xffffffff).toBe(true);
      }),
      fcParams(200),
    );
  });

  it('hashes long non-ASCII keys after short ones without stale scratch bytes', () => {
    const long = 'ü'.repeat(300);
    expect(ringPosition(long)).toBe(referenceMurmur3(utf8(long), 0));
    expect(ringPosition('ü')).toBe(referenceMurmur3(utf8('ü'), 0));
  });
});
