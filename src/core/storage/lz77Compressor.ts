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

export function lz77Compress(input: Uint8Array): Uint8Array {
  const n = input.length;
  // Worst case: all literals, one token byte per 128 of them, plus the header.
  const out = new Uint8Array(4 + n + Math.ceil(n / literalRunMax));
  let o = 0;
  out[o++] = n & 0xff;
  out[o++] = (n >>> 8) & 0xff;
  out[o++] = (n >>> 16) & 0xff;
  out[o++] = (n >>> 24) & 0xff;
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
  const byteAt = (i: number): number => input[i] ?? 0;
  const emitLiterals = (from: number, to: number): void => {
    for (let start = from; start < to; start += literalRunMax) {
      const count = Math.min(literalRunMax, to - start);
      out[o++] = count - 1;
      // A loop, not set(subarray()): runs are short, and a view object per run was a tenth of
      // everything the simulator allocated.
      for (let k = start; k < start + count; k++) out[o++] = input[k] ?? 0;
    }
  };
  let literalStart = 0;
  let i = 0;
  while (i + matchMin <= n) {
    const word = byteAt(i) | (byteAt(i + 1) << 8) | (byteAt(i + 2) << 16) | (byteAt(i + 3) << 24);
    const h = Math.imul(word, 0x9e3779b1) >>> (32 - hashBits);
    const candidate = (lastAt[h] ?? -1) - base;
    lastAt[h] = base + i;
    let length = 0;
    if (candidate >= 0 && i - candidate <= distanceMax) {
      while (length < matchMax && i + length < n && byteAt(candidate + length) === byteAt(i + length)) length++;
    }
    if (length < matchMin) {
      i++;
      continue;
    }
    emitLiterals(literalStart, i);
    const distance = i - candidate;
    out[o++] = 0x80 | (length - matchMin);
    out[o++] = distance & 0xff;
    out[o++] = distance >>> 8;
    i += length;
    literalStart = i;
  }
  emitLiterals(literalStart, n);
  return out.slice(0, o);
}

export function lz77Decompress(stored: Uint8Array): DeviceValue<Uint8Array> {
  const corrupt = { ok: false, message: 'a compressed block is corrupt (lz77-v1)' } as const;
  if (stored.length < 4) return corrupt;
  const n = ((stored[0] ?? 0) | ((stored[1] ?? 0) << 8) | ((stored[2] ?? 0) << 16) | ((stored[3] ?? 0) << 24)) >>> 0;
  // Each stored byte expands to at most 131 / 3 < 44 bytes: a larger claim is a corrupt header.
  if (n > stored.length * 44) return corrupt;
  const out = new Uint8Array(n);
  let o = 0;
  let s = 4;
  while (s < stored.length) {
    const token = stored[s++] ?? 0;
    if (token < 0x80) {
      const count = token + 1;
      if (s + count > stored.length || o + count > n) return corrupt;
      for (const end = s + count; s < end; s++, o++) out[o] = stored[s] ?? 0;
      continue;
    }
    if (s + 2 > stored.length) return corrupt;
    const length = (token & 0x7f) + matchMin;
    const distance = (stored[s] ?? 0) | ((stored[s + 1] ?? 0) << 8);
    s += 2;
    if (distance === 0 || distance > o || o + length > n) return corrupt;
    for (let k = 0; k < length; k++, o++) out[o] = out[o - distance] ?? 0;
  }
  return o === n ? { ok: true, value: out } : corrupt;
}
