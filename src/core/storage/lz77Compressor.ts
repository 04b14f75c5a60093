/**
 * A tiny deterministic LZ77 for the simulator: synchronous, pure, the same bytes on every
 * platform, so simulated runs stay exact while SSTables still show a real compression ratio.
 *
 * Format: a 4-byte little-endian raw length, then tokens. A token byte t < 0x80 is followed by
 * t + 1 literal bytes; t ≥ 0x80 is a match of (t & 0x7f) + 4 bytes at a 2-byte little-endian
 * distance back (1…65535), which may overlap what it copies (runs). Greedy, one candidate per
 * hash of 4 bytes: it trades ratio for brevity, and repetitive values still shrink well.
 */
import type { Compressor } from './compressor';
import type { DeviceValue } from './storageDevice';

const matchMin = 4;
const matchMax = 0x7f + matchMin;
const distanceMax = 0xffff;
const literalRunMax = 0x80;
const hashBits = 14;

/** The simulator's compressor; named so a table written by it is never read through another. */
export const lz77Compressor: Compressor = {
  name: 'lz77-v1',
  compress: (raw, done) => done({ ok: true, value: lz77Compress(raw) }),
  decompress: (stored, done) => done(lz77Decompress(stored)),
};

const lastAtShared = new Int32Array(1 << hashBits).fill(-1);
let tableBase = 0;

/** Where a block is compressed before its exact-size copy: one allocation per block, not two. */
let scratch = new Uint8Array(0);

export function lz77Compress(input: Uint8Array): Uint8Array {
  const n = input.length;
  // Worst case: all literals, one token byte per 128 of them, plus the header.
  const bound = 4 + n + Math.ceil(n / literalRunMax);
  if (scratch.length < bound) scratch = new Uint8Array(Math.max(bound, 2 * scratch.length));
  const out = scratch;
  out[0] = n & 0xff;
  out[1] = (n >>> 8) & 0xff;
  out[2] = (n >>> 16) & 0xff;
  out[3] = (n >>> 24) & 0xff;
  let o = 4;
  // The hash table is shared between calls: a fresh 64 KB table per 4 KB block cost more than
  // compressing it. Positions are stored offset by this call's base, so a slot last written by
  // an earlier call reads as negative, exactly as an empty slot of a fresh table would.
  if (tableBase + n + 1 >= 0x7fffffff) {
    lastAtShared.fill(-1);
    tableBase = 0;
  }
  const base = tableBase;
  tableBase += n + 1;
  const lastAt = lastAtShared;
  const view = new DataView(input.buffer, input.byteOffset, n);
  // Plain loops and locals, no helper closures: a closure that writes `o` puts it in a heap
  // context, and every byte written then went through it (the compressor ran about twice as
  // slow). Every index below is in bounds (i + 3 < n, candidate < i), hence the casts.
  let literalStart = 0;
  let i = 0;
  // The 4 bytes at i, little-endian: rolled one byte on after a literal, loaded again after a match.
  let word = n < matchMin ? 0 : wordAt(input, 0);
  while (i + matchMin <= n) {
    const h = Math.imul(word, 0x9e3779b1) >>> (32 - hashBits);
    const candidate = (lastAt[h] as number) - base;
    lastAt[h] = base + i;
    let length = 0;
    // A candidate whose first 4 bytes differ is no match (shorter than matchMin): one compare
    // rules it out. A match is then extended four bytes a compare while four remain, and ends
    // at the first byte that differs in the four that do, or byte by byte past the last four:
    // the same length as a byte loop, in about a quarter of the steps (the simulator's values
    // are mostly runs of ~90 bytes).
    if (candidate >= 0 && i - candidate <= distanceMax && view.getInt32(candidate, true) === word) {
      const limit = Math.min(matchMax, n - i);
      length = matchMin;
      let differ = 0;
      while (length + 4 <= limit) {
        differ = view.getInt32(candidate + length, true) ^ view.getInt32(i + length, true);
        if (differ !== 0) break;
        length += 4;
      }
      // The first byte that differs is the lowest nonzero byte of the xor (words are little-endian).
      if (differ !== 0) length += (31 - Math.clz32(differ & -differ)) >>> 3;
      else while (length < limit && input[candidate + length] === input[i + length]) length++;
    }
    if (length < matchMin) {
      i++;
      if (i + matchMin <= n) word = (word >>> 8) | ((input[i + 3] as number) << 24);
      continue;
    }
    o = emitLiterals(input, literalStart, i, out, o);
    const distance = i - candidate;
    out[o++] = 0x80 | (length - matchMin);
    out[o++] = distance & 0xff;
    out[o++] = distance >>> 8;
    i += length;
    literalStart = i;
    if (i + matchMin <= n) word = wordAt(input, i);
  }
  o = emitLiterals(input, literalStart, n, out, o);
  return out.slice(0, o);
}

/** The 4 bytes at i as a little-endian int32 (the caller checked i + 3 < length). */
function wordAt(input: Uint8Array, i: number): number {
  return (input[i] as number) | ((input[i + 1] as number) << 8) | ((input[i + 2] as number) << 16) | ((input[i + 3] as number) << 24);
}

/** Writes input[from, to) as literal runs at out[o]; returns the new end of out. */
function emitLiterals(input: Uint8Array, from: number, to: number, out: Uint8Array, o: number): number {
  for (let start = from; start < to; start += literalRunMax) {
    const count = Math.min(literalRunMax, to - start);
    out[o++] = count - 1;
    // A loop, not set(subarray()): runs are short, and a view object per run was a tenth of
    // everything the simulator allocated.
    for (let k = start; k < start + count; k++) out[o++] = input[k] as number;
  }
  return o;
}

const corrupt: DeviceValue<never> = { ok: false, message: 'a compressed block is corrupt (lz77-v1)' };

/**
 * Matches at least this long are copied with the native copyWithin rather than a byte loop: they
 * average about 40 bytes in the simulator's blocks, and decompressing a 4 KB block took about
 * 40% less time so (9 against 5.5 µs, Node 20); below it, the call costs more than the loop.
 */
const nativeCopyMin = 16;

export function lz77Decompress(stored: Uint8Array): DeviceValue<Uint8Array> {
  const size = stored.length;
  if (size < 4) return corrupt;
  const n = ((stored[0] as number) | ((stored[1] as number) << 8) | ((stored[2] as number) << 16) | ((stored[3] as number) << 24)) >>> 0;
  // Each stored byte expands to at most 131 / 3 < 44 bytes: a larger claim is a corrupt header.
  if (n > size * 44) return corrupt;
  const out = new Uint8Array(n);
  let o = 0;
  let s = 4;
  // Every index read below was checked against `size`, `n` or `o` first, hence the casts.
  while (s < size) {
    const token = stored[s++] as number;
    if (token < 0x80) {
      const count = token + 1;
      if (s + count > size || o + count > n) return corrupt;
      // A loop, not set(subarray()): literal runs average 8 bytes, and a view object per run
      // was a fortieth of everything the simulator allocated.
      for (const end = s + count; s < end; s++, o++) out[o] = stored[s] as number;
      continue;
    }
    if (s + 2 > size) return corrupt;
    const length = (token & 0x7f) + matchMin;
    const distance = (stored[s] as number) | ((stored[s + 1] as number) << 8);
    s += 2;
    if (distance === 0 || distance > o || o + length > n) return corrupt;
    // A match that does not overlap what it copies is a memmove; a run (distance < length)
    // must copy byte by byte, each byte reading one just written.
    if (distance >= length && length >= nativeCopyMin) {
      out.copyWithin(o, o - distance, o - distance + length);
      o += length;
    } else for (const end = o + length; o < end; o++) out[o] = out[o - distance] as number;
  }
  return o === n ? { ok: true, value: out } : corrupt;
}
