// Pure and allocation-free on the hot path. MurmurHash3 x86_32 of a string's UTF-8 bytes: the
// one hash that places both keys and tokens on the ring. Its output is part of the data layout.

/** Number of distinct positions on the ring: positions are integers in [0, ringPositionCount). */
export const ringPositionCount = 0x1_0000_0000;

/** Largest ring position; the arc after it wraps to position 0. */
export const ringPositionMax = 0xffff_ffff;

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * Where a key (or a token name such as `n1#7`) sits on the ring, as an unsigned 32-bit integer.
 *
 * Dynamo §4.2 places keys by hashing them onto a fixed circular space. We use MurmurHash3
 * x86_32 with seed 0 over the key's UTF-8 bytes because it is well mixed, cheap in 32-bit
 * JavaScript arithmetic, and has published test vectors, so a browser and Node agree bit for
 * bit and the tests can pin it: a silent change would re-home every key in a saved scenario.
 */
export function ringPosition(key: string): number {
  return murmur3x86_32(key, 0);
}

/**
 * MurmurHash3 x86_32 of `text` encoded as UTF-8 (lone surrogates become U+FFFD, as
 * TextEncoder does). Keys are usually ASCII, so ASCII is hashed straight from the UTF-16 code
 * units with no encoding step; other strings fall back to an encoder into a reused buffer.
 */
export function murmur3x86_32(text: string, seed: number): number {
  const length = text.length;
  const blockEnd = length & ~3;
  let h = seed | 0;
  let i = 0;
  for (; i < blockEnd; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) >= 0x80) return murmur3x86_32Utf8(text, seed);
    h = mixBlock(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  let tail = 0;
  for (let shift = 0; i < length; i++, shift += 8) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return murmur3x86_32Utf8(text, seed);
    tail |= c << shift;
  }
  return finish(h, tail, length & 3, length);
}

/**
 * MurmurHash3 x86_32 of the first `byteLength` bytes of `bytes`. Exported so tests can check
 * the byte-level test vectors that the reference implementation publishes.
 */
export function murmur3x86_32Bytes(bytes: Uint8Array, byteLength: number, seed: number): number {
  const blockEnd = byteLength & ~3;
  let h = seed | 0;
  let i = 0;
  for (; i < blockEnd; i += 4) {
    h = mixBlock(
      h,
      (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24),
    );
  }
  let tail = 0;
  for (let shift = 0; i < byteLength; i++, shift += 8) tail |= (bytes[i] ?? 0) << shift;
  return finish(h, tail, byteLength & 3, byteLength);
}

function scramble(k: number): number {
  const k1 = Math.imul(k, C1);
  return Math.imul((k1 << 15) | (k1 >>> 17), C2);
}

function mixBlock(h: number, block: number): number {
  const h1 = h ^ scramble(block);
  return (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0;
}

function finish(h: number, tail: number, tailLength: number, byteLength: number): number {
  const h1 = tailLength > 0 ? h ^ scramble(tail) : h;
  return fmix32(h1 ^ byteLength);
}

/** MurmurHash3's finaliser, as an unsigned 32-bit integer: a bijection in which every input bit moves every output bit. */
export function fmix32(h: number): number {
  let h1 = h ^ (h >>> 16);
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 >>> 0;
}

// Module-level scratch for the non-ASCII path. Sharing it keeps the function observably pure:
// it is filled and fully consumed within one synchronous call, and nothing else reads it.
let utf8Scratch = new Uint8Array(256);

function murmur3x86_32Utf8(text: string, seed: number): number {
  // Encode first: encoding may replace the scratch buffer with a larger one.
  const byteLength = encodeUtf8(text);
  return murmur3x86_32Bytes(utf8Scratch, byteLength, seed);
}

/** Encodes `text` into `utf8Scratch` exactly as TextEncoder would; returns the byte length. */
function encodeUtf8(text: string): number {
  const length = text.length;
  // Three bytes per UTF-16 code unit is the worst case (a surrogate pair is 2 units → 4 bytes).
  if (utf8Scratch.length < length * 3) utf8Scratch = new Uint8Array(length * 3);
  const out = utf8Scratch;
  let j = 0;
  for (let i = 0; i < length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[j++] = c;
    } else if (c < 0x800) {
      out[j++] = 0xc0 | (c >>> 6);
      out[j++] = 0x80 | (c & 0x3f);
    } else {
      if ((c & 0xfc00) === 0xd800 && i + 1 < length) {
        const next = text.charCodeAt(i + 1);
        if ((next & 0xfc00) === 0xdc00) {
          const codePoint = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          out[j++] = 0xf0 | (codePoint >>> 18);
          out[j++] = 0x80 | ((codePoint >>> 12) & 0x3f);
          out[j++] = 0x80 | ((codePoint >>> 6) & 0x3f);
          out[j++] = 0x80 | (codePoint & 0x3f);
          i++;
          continue;
        }
      }
      if ((c & 0xf800) === 0xd800) c = 0xfffd;
      out[j++] = 0xe0 | (c >>> 12);
      out[j++] = 0x80 | ((c >>> 6) & 0x3f);
      out[j++] = 0x80 | (c & 0x3f);
    }
  }
  return j;
}
