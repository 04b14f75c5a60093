/**
 * A key compared with the keys stored in a binary block (binaryBlock.ts) without decoding them:
 * the key is encoded once as a text's body (byteCodec.ts), then compared byte by byte at each
 * step of a binary search (stored texts sort byte by byte as compareKeys sorts keys). Pure.
 */
import { ByteReader, ByteWriter, CorruptBytes } from './byteCodec';

/**
 * A key encoded as a text's body, to be compared with stored texts (compareStoredText). One is
 * reused for every lookup: a point read encodes its key once, then compares it at each step of
 * its search.
 */
export class KeyBody {
  bytes = new Uint8Array(64);
  length = 0;
  private readonly writer = new ByteWriter(64);

  set(key: string): void {
    if (key.length > this.bytes.length) this.bytes = new Uint8Array(key.length);
    const out = this.bytes;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c >= 0x80) {
        this.setNonAscii(key);
        return;
      }
      out[i] = c;
    }
    this.length = key.length;
  }

  private setNonAscii(key: string): void {
    const w = this.writer;
    w.length = 0;
    w.text(key);
    const r = new ByteReader().at(w.bytes, 0, w.length);
    const start = r.skipText();
    this.length = w.length - start;
    if (this.bytes.length < this.length) this.bytes = new Uint8Array(this.length);
    this.bytes.set(w.bytes.subarray(start, w.length));
  }
}

/**
 * Compares the text stored at `pos` in `bytes` (ending by `end`) with `key`: negative, 0 or
 * positive as the stored text sorts before, equal to or after it, in compareKeys order. A text
 * running past `end` throws CorruptBytes.
 */
export function compareStoredText(bytes: Uint8Array, pos: number, end: number, key: KeyBody): number {
  let length: number;
  let start: number;
  const head = bytes[pos] as number;
  if (pos < end && head < 0x80) {
    length = head >>> 1;
    start = pos + 1;
  } else {
    const reader = compareReader.at(bytes, pos, end);
    start = reader.skipText();
    length = reader.pos - start;
  }
  if (start + length > end) throw new CorruptBytes('past the end');
  const keyBytes = key.bytes;
  const keyLength = key.length;
  const common = Math.min(length, keyLength);
  for (let i = 0; i < common; i++) {
    const d = (bytes[start + i] as number) - (keyBytes[i] as number);
    if (d !== 0) return d;
  }
  return length - keyLength;
}

const compareReader = new ByteReader();
