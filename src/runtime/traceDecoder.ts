// Reads trace bytes back into events: the other half of traceCodec.ts, whose header gives the
// layout. Apart from the writer so each file stays small; both follow its Tag table.
import { Tag } from './traceCodec';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The events of a batch (or of batches joined), in order. Typed by the caller: the bytes hold whatever was written.
 * Throws on bytes that are not a whole batch.
 */
export function decodeEvents<T>(bytes: Uint8Array): T[] {
  return new TraceReader(bytes).all() as T[];
}

class TraceReader {
  private pos = 0;
  private readonly view: DataView;
  private readonly strings: string[] = [];
  private readonly shapes: string[][] = [];

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  all(): unknown[] {
    const out: unknown[] = [];
    while (this.pos < this.bytes.length) {
      if (this.bytes[this.pos] === Tag.Batch) {
        this.pos++;
        this.strings.length = 0;
        this.shapes.length = 0;
      } else out.push(this.value());
    }
    return out;
  }

  private value(): unknown {
    const tag = this.byte();
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Uint:
        return this.varint();
      case Tag.F64: {
        this.need(8);
        const v = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return v;
      }
      case Tag.Str:
      case Tag.NewStr:
      case Tag.NewStr16:
        return this.string(tag);
      case Tag.Array: {
        const n = this.varint();
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(this.value());
        return out;
      }
      case Tag.Obj:
        return this.object(this.known(this.shapes, this.varint()));
      case Tag.NewObj: {
        const n = this.varint();
        const keys: string[] = [];
        for (let i = 0; i < n; i++) keys.push(this.string(this.byte()));
        this.shapes.push(keys);
        return this.object(keys);
      }
      default:
        throw new Error(`trace bytes: unknown tag ${tag} at ${this.pos - 1}`);
    }
  }

  private object(keys: readonly string[]): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const k of keys) {
      // An own key named __proto__ (a node id inside a clock, say) stays an own key, as JSON.parse makes it.
      if (k === '__proto__') Object.defineProperty(o, k, { value: this.value(), enumerable: true, writable: true, configurable: true });
      else o[k] = this.value();
    }
    return o;
  }

  private string(tag: number): string {
    if (tag === Tag.Str) return this.known(this.strings, this.varint());
    if (tag === Tag.NewStr16) return this.string16();
    if (tag !== Tag.NewStr) throw new Error(`trace bytes: a key is not a string (tag ${tag})`);
    const n = this.varint();
    this.need(n);
    const end = this.pos + n;
    let s = '';
    let ascii = n <= 64;
    for (let i = this.pos; i < end && ascii; i++) ascii = (this.bytes[i] ?? 0x80) < 0x80;
    if (ascii) for (let i = this.pos; i < end; i++) s += String.fromCharCode(this.bytes[i] ?? 0);
    else s = decoder.decode(this.bytes.subarray(this.pos, end));
    this.pos = end;
    this.strings.push(s);
    return s;
  }

  private string16(): string {
    const n = this.varint();
    this.need(2 * n);
    let s = '';
    for (let i = 0; i < n; i++) {
      s += String.fromCharCode(this.view.getUint16(this.pos, true));
      this.pos += 2;
    }
    this.strings.push(s);
    return s;
  }

  private known<T>(table: readonly T[], i: number): T {
    const v = table[i];
    if (v === undefined) throw new Error(`trace bytes: reference ${i} to nothing at ${this.pos}`);
    return v;
  }

  private byte(): number {
    this.need(1);
    return this.bytes[this.pos++] ?? 0;
  }

  private varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
      if (scale > 2 ** 56) throw new Error('trace bytes: varint too long');
    }
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new Error('trace bytes: cut short');
  }
}
