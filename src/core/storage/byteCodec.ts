/**
 * The bytes SSTable blocks are made of (sstableFormat.ts): varints, numbers and texts. Pure: the
 * module's scratch buffers are filled and used up within one call.
 *
 * - varint: an unsigned integer below 2^53, seven bits a byte, low bits first, the high bit set
 *   on every byte but the last.
 * - number: any double. An integer n in [0, 2^52) is the varint 2n (one byte below 64); anything
 *   else (negative, fractional, -0, huge) is the varint 1 and the 8 bytes of the double, little
 *   endian.
 * - text: any JavaScript string, lone surrogates included: the varint 2b + (1 if any byte is
 *   0x80 or above), then b bytes, each UTF-16 code unit written as UTF-8 writes a code point below
 *   0x10000 (a surrogate pair is two 3-byte sequences, as in CESU-8).
 *
 * Why code units and not code points: the bytes of two texts then compare as the strings do
 * (compareKeys, UTF-16 order), so a point read compares a key with a block's keys without making
 * strings of them; and a key is user input, which may hold a lone surrogate that UTF-8 (and so
 * TextEncoder) cannot carry. The ASCII bit lets a reader skip the check: most texts are ASCII.
 */

/** Thrown by a reader that meets bytes no writer makes; the block's reader turns it into a failure. */
export class CorruptBytes extends Error {}

const float = new DataView(new ArrayBuffer(8));
/** Below this, an ASCII text is decoded by a loop: a TextDecoder call costs more for short ones. */
const shortText = 16;
const asciiDecoder = new TextDecoder();
/** From this length, an ASCII text is written by the native encoder: a loop costs more for long ones. */
const nativeTextMin = 32;
const utf8 = new TextEncoder();

/** Every code unit below 0x80. */
const asciiOnly = /^[^\u0080-\uffff]*$/;

/** Bytes of `s` as a text's body (without its length). */
function textBodyBytes(s: string): number {
  // A long text is most often ASCII (a value: a memtable measures each one written), which the
  // regular expression engine confirms in about half the time of a loop over its code units.
  if (s.length >= nativeTextMin && asciiOnly.test(s)) return s.length;
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) bytes += c < 0x800 ? 1 : 2;
  }
  return bytes;
}

export function varintBytes(n: number): number {
  // The common sizes by comparison, not division: a memtable measures entries on every write.
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  let bytes = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    bytes++;
  }
  return bytes;
}

function isSmallInteger(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < 2 ** 52 && !Object.is(n, -0);
}

export function numberBytes(n: number): number {
  return isSmallInteger(n) ? varintBytes(2 * n) : 9;
}

/** Bytes of `s` as a text, its length included. */
export function textBytes(s: string): number {
  const body = textBodyBytes(s);
  return varintBytes(2 * body + 1) + body;
}

/** A growing byte buffer written from the front. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, 2 * this.bytes.length));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  varint(n: number): void {
    this.reserve(8);
    const out = this.bytes;
    let o = this.length;
    while (n >= 0x80) {
      out[o++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    out[o++] = n;
    this.length = o;
  }

  number(n: number): void {
    if (isSmallInteger(n)) {
      this.varint(2 * n);
      return;
    }
    this.reserve(9);
    float.setFloat64(0, n, true);
    this.bytes[this.length++] = 1;
    for (let k = 0; k < 8; k++) this.bytes[this.length++] = float.getUint8(k);
  }

  text(s: string): void {
    // One pass for ASCII, what texts mostly are: the length in front is the ASCII one, the bytes
    // are written as they are checked, and a text that turns out not to be ASCII is written again.
    const start = this.length;
    this.varint(2 * s.length);
    this.reserve(s.length);
    const out = this.bytes;
    let o = this.length;
    if (s.length >= nativeTextMin) {
      // Given exactly s.length bytes, UTF-8 fits the whole text only if every code unit is ASCII
      // (any other takes 2 bytes or more), and then its bytes are the text's.
      const r = utf8.encodeInto(s, out.subarray(o, o + s.length));
      if (r.read === s.length && r.written === s.length) {
        this.length = o + s.length;
        return;
      }
      this.length = start;
      this.nonAscii(s);
      return;
    }
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.length = start;
        this.nonAscii(s);
        return;
      }
      out[o++] = c;
    }
    this.length = o;
  }

  private nonAscii(s: string): void {
    const body = textBodyBytes(s);
    this.varint(2 * body + 1);
    this.reserve(body);
    const out = this.bytes;
    let o = this.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) out[o++] = c;
      else if (c < 0x800) {
        out[o++] = 0xc0 | (c >> 6);
        out[o++] = 0x80 | (c & 0x3f);
      } else {
        out[o++] = 0xe0 | (c >> 12);
        out[o++] = 0x80 | ((c >> 6) & 0x3f);
        out[o++] = 0x80 | (c & 0x3f);
      }
    }
    this.length = o;
  }

  /** A 32-bit unsigned integer, little endian (a block's trailer). */
  u32(n: number): void {
    this.reserve(4);
    const out = this.bytes;
    out[this.length++] = n & 0xff;
    out[this.length++] = (n >>> 8) & 0xff;
    out[this.length++] = (n >>> 16) & 0xff;
    out[this.length++] = n >>> 24;
  }

  /** Copies bytes [from, to) of `source`. */
  copy(source: Uint8Array, from: number, to: number): void {
    this.reserve(to - from);
    // The native copy but for a few bytes: its view is garbage, but a byte loop was slower from
    // about 30 bytes, and a compaction copies whole entries (about 330 bytes in the simulator)
    // and their headers (about 40): its merge took 8% less time than with a loop up to 256.
    if (to - from > 32) this.bytes.set(source.subarray(from, to), this.length);
    else {
      const out = this.bytes;
      let o = this.length;
      for (let i = from; i < to; i++) out[o++] = source[i] as number;
    }
    this.length += to - from;
  }

  /** What was written, as a new array of its own; the writer starts again empty. */
  take(): Uint8Array {
    const out = this.bytes.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/** Reads bytes [pos, end) of a buffer; every read past `end` throws CorruptBytes. */
export class ByteReader {
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;

  at(bytes: Uint8Array, pos: number, end: number): this {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
    return this;
  }

  byte(): number {
    if (this.pos >= this.end) throw new CorruptBytes('past the end');
    return this.bytes[this.pos++] as number;
  }

  varint(): number {
    const first = this.byte();
    if (first < 0x80) return first;
    let n = first & 0x7f;
    let scale = 0x80;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
      if (scale > 2 ** 49) throw new CorruptBytes('a varint is too long');
    }
  }

  number(): number {
    const v = this.varint();
    if (v !== 1) {
      if (v % 2 !== 0) throw new CorruptBytes('a number has an unknown form');
      return v / 2;
    }
    if (this.pos + 8 > this.end) throw new CorruptBytes('past the end');
    for (let k = 0; k < 8; k++) float.setUint8(k, this.bytes[this.pos++] as number);
    return float.getFloat64(0, true);
  }

  text(): string {
    const head = this.varint();
    const body = Math.floor(head / 2);
    const start = this.pos;
    const end = start + body;
    if (end > this.end) throw new CorruptBytes('past the end');
    this.pos = end;
    const bytes = this.bytes;
    if (head % 2 === 0) {
      if (body > shortText) return asciiDecoder.decode(bytes.subarray(start, end));
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i] as number);
      return s;
    }
    return decodeCodeUnits(bytes, start, end);
  }

  /**
   * text() for an actor's name, which a block repeats in every dot and context: a name of 1 to 4
   * ASCII bytes read before is given back as the same string. Why: a context is an object keyed
   * by actors, and a key made afresh must be looked up in the engine's string table on every
   * property store (about a tenth of decoding an entry); a string given back is looked up once.
   */
  name(): string {
    const bytes = this.bytes;
    const pos = this.pos;
    const head = bytes[pos] as number;
    // The length's byte: an even value is an ASCII text of head / 2 bytes.
    if (pos < this.end && head >= 2 && head <= 2 * nameBytesMax && head % 2 === 0 && pos + 1 + head / 2 <= this.end) {
      const length = head / 2;
      // The bytes, seven bits each, and the length: below 2^30, a small integer to V8.
      let code = length - 1;
      for (let i = pos + 1; i <= pos + length; i++) {
        const b = bytes[i] as number;
        if (b >= 0x80) return this.text();
        code = (code << 7) | b;
      }
      const known = names.get(code);
      if (known !== undefined) {
        this.pos = pos + 1 + length;
        return known;
      }
      const s = this.text();
      if (names.size >= namesMax) names.clear();
      names.set(code, s);
      return s;
    }
    return this.text();
  }

  /**
   * Reads past a text, rejecting what text() rejects, without making a string of it when it is
   * ASCII (the low bit of its length's first byte is the low bit of the length).
   */
  checkText(): void {
    const nonAscii = ((this.bytes[this.pos] ?? 0) & 1) === 1;
    const start = this.skipText();
    if (nonAscii) decodeCodeUnits(this.bytes, start, this.pos);
  }

  /** Skips a text, returning where its body starts (its length is up to `pos`). */
  skipText(): number {
    const body = Math.floor(this.varint() / 2);
    const start = this.pos;
    if (start + body > this.end) throw new CorruptBytes('past the end');
    this.pos = start + body;
    return start;
  }
}

/** Names ByteReader.name gives back, by their bytes and length; cleared when full. */
const names = new Map<number, string>();
const nameBytesMax = 4;
const namesMax = 4096;

let units = new Uint16Array(256);

/** A text's body with non-ASCII bytes: UTF-8 sequences of one, two or three bytes, one code unit each. */
function decodeCodeUnits(bytes: Uint8Array, start: number, end: number): string {
  if (units.length < end - start) units = new Uint16Array(end - start);
  let n = 0;
  for (let i = start; i < end; ) {
    const b = bytes[i++] as number;
    if (b < 0x80) units[n++] = b;
    else if (b >= 0xc0 && b < 0xe0 && i < end) units[n++] = ((b & 0x1f) << 6) | ((bytes[i++] as number) & 0x3f);
    else if (b >= 0xe0 && b < 0xf0 && i + 1 < end) {
      units[n++] = ((b & 0x0f) << 12) | (((bytes[i] as number) & 0x3f) << 6) | ((bytes[i + 1] as number) & 0x3f);
      i += 2;
    } else throw new CorruptBytes('a text is not in UTF-8 of code units');
  }
  // In slices: fromCharCode takes its code units as arguments, and engines limit their number.
  let s = '';
  for (let from = 0; from < n; from += 4096) s += String.fromCharCode(...units.subarray(from, Math.min(n, from + 4096)));
  return s;
}
