// Trace events as bytes (the writer; traceDecoder.ts reads them back): how a node worker hands its batch to the page (transferred, so neither
// side structured-clones ~17 objects per get) and how the kept trace stores a part. Schema-free:
// any event of the trace union round-trips as the same plain object, with its keys in the same
// order (so the decoded events of a type share one shape in the engine), `undefined` fields
// included. Strings and key lists are written once per batch, then referred to by index: a
// batch names the same few nodes, types and keys many times.
//
// Layout: values back to back, one per event. A value is a tag byte, then:
//   uint: an unsigned varint (integers up to 2^53); f64: 8 bytes, little endian;
//   str: varint index of a string met before in this batch; newStr: varint byte length, UTF-8;
//   newStr16: varint length, UTF-16 code units of 2 bytes (a string UTF-8 cannot hold: a lone surrogate);
//   array: varint length, values; obj: varint index of a key list met before, one value per key;
//   newObj: varint key count, each key as a str/newStr value, then one value per key.
// Between two events, a batch tag begins a new batch (joinBatches): nothing before it is referred to.

export const Tag = { Undefined: 0, Null: 1, False: 2, True: 3, Uint: 4, F64: 5, Str: 6, NewStr: 7, Array: 8, Obj: 9, NewObj: 10, Batch: 11, NewStr16: 12 } as const;
export type Tag = (typeof Tag)[keyof typeof Tag];

/** A key list reached by walking an object's keys from the root: shared by every batch. */
interface Shape {
  readonly keys: readonly string[];
  readonly next: Map<string, Shape>;
  /** Its index in the batch `batch`; stale in any other batch. */
  id: number;
  batch: number;
}

const newShape = (keys: readonly string[]): Shape => ({ keys, next: new Map(), id: -1, batch: -1 });

/** Event types whose last shape a writer remembers: the trace has about 25; more clears them. */
const typesRemembered = 64;

/** True when `o`'s own keys, in order (then `at` and `node` when `stamped`), are `keys`. */
function hasKeys(o: object, keys: readonly string[], stamped: boolean): boolean {
  let i = 0;
  for (const k in o) if (keys[i++] !== k) return false;
  return stamped ? keys[i] === 'at' && keys[i + 1] === 'node' && keys.length === i + 2 : keys.length === i;
}

/**
 * Past this many shapes a writer forgets its tree between batches: each new key order of a nested
 * object (a clock's actors, say) adds one, for the worker's whole life.
 */
const shapesKeptMax = 4_096;

/** True when `s` holds a surrogate without its pair, which UTF-8 cannot carry (TextEncoder makes it U+FFFD). */
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(i + 1);
    if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
    i++;
  }
  return false;
}

/** Past this a writer's buffer is let go after a batch, so one burst does not hold it for good. */
const keptBufferBytesMax = 1 << 20;

/** Writes events into one growing buffer; `take` hands the batch over and starts the next. */
export class TraceWriter {
  private bytes: Uint8Array<ArrayBuffer> = new Uint8Array(1 << 14);
  private view = new DataView(this.bytes.buffer);
  private pos = 0;
  private readonly strings = new Map<string, number>();
  private root = newShape([]);
  /** Shapes in the tree from `root`: bounded by shapesKeptMax. */
  private shapesInTree = 0;
  /** Shapes given an id in this batch, in order: a failed write takes its own back. */
  private readonly batchShapes: Shape[] = [];
  /** The last shape of each event type, by whether `at` and `node` were added. */
  private readonly stampedByType = new Map<string, Shape>();
  private readonly plainByType = new Map<string, Shape>();
  private shapes = 0;
  private batch = 0;
  /** Events written in this batch. */
  count = 0;

  /**
   * Appends one event. `at` and `node`, when given, are written as its last two fields (the
   * worker stamps events this way, without a copy of each), as `{ ...e, at, node }` would hold them.
   */
  write(e: object, at?: number, node?: string): void {
    const pos = this.pos;
    const strings = this.strings.size;
    const shapes = this.shapes;
    try {
      if (at === undefined || node === undefined) this.writeObject(e, null, undefined);
      else this.writeObject(e, at, node);
    } catch (err) {
      // An event the codec cannot carry leaves the batch as it was: the events before it and after it still decode.
      this.pos = pos;
      let i = 0;
      for (const k of this.strings.keys()) if (i++ >= strings) this.strings.delete(k);
      for (const shape of this.batchShapes.splice(shapes)) shape.batch = -1;
      this.shapes = shapes;
      throw err;
    }
    this.count++;
  }

  /** The batch so far, as a buffer of its own; the writer starts an empty batch. */
  take(): Uint8Array<ArrayBuffer> {
    const out = this.bytes.slice(0, this.pos);
    this.pos = 0;
    this.count = 0;
    this.strings.clear();
    this.shapes = 0;
    this.batchShapes.length = 0;
    this.batch++;
    if (this.shapesInTree > shapesKeptMax) {
      this.root = newShape([]);
      this.shapesInTree = 0;
      this.stampedByType.clear();
      this.plainByType.clear();
    }
    if (this.bytes.length > keptBufferBytesMax) this.grow(0, 1 << 14);
    return out;
  }

  private writeObject(o: object, at: number | null, node: string | undefined): void {
    const shape = this.shapeOf(o, at !== null);
    if (shape.batch === this.batch) {
      this.tag(Tag.Obj);
      this.varint(shape.id);
    } else {
      shape.batch = this.batch;
      shape.id = this.shapes++;
      this.batchShapes.push(shape);
      this.tag(Tag.NewObj);
      this.varint(shape.keys.length);
      for (const k of shape.keys) this.writeString(k);
    }
    const values = o as Record<string, unknown>;
    for (const k in o) this.writeValue(values[k]);
    if (at !== null) {
      this.writeValue(at);
      this.writeValue(node);
    }
  }

  /**
   * The key list of `o` (then `at` and `node` when `stamped`). Events of one type nearly always
   * have the same keys: the last shape of the type is checked key by key first, cheaper than
   * walking the tree a lookup per key.
   */
  private shapeOf(o: object, stamped: boolean): Shape {
    const type = (o as { readonly type?: unknown }).type;
    const byType = typeof type === 'string' ? (stamped ? this.stampedByType : this.plainByType) : null;
    const last = byType?.get(type as string);
    if (last !== undefined && hasKeys(o, last.keys, stamped)) return last;
    let shape = this.root;
    for (const k in o) shape = this.child(shape, k);
    if (stamped) shape = this.child(this.child(shape, 'at'), 'node');
    if (byType !== null) {
      if (byType.size >= typesRemembered) byType.clear();
      byType.set(type as string, shape);
    }
    return shape;
  }

  private child(shape: Shape, key: string): Shape {
    let next = shape.next.get(key);
    if (next === undefined) {
      shape.next.set(key, (next = newShape([...shape.keys, key])));
      this.shapesInTree++;
    }
    return next;
  }

  private writeValue(v: unknown): void {
    switch (typeof v) {
      case 'number':
        if (Number.isSafeInteger(v) && v >= 0 && !Object.is(v, -0)) {
          this.tag(Tag.Uint);
          this.varint(v);
        } else {
          this.room(9);
          this.bytes[this.pos++] = Tag.F64;
          this.view.setFloat64(this.pos, v, true);
          this.pos += 8;
        }
        return;
      case 'string':
        this.writeString(v);
        return;
      case 'boolean':
        this.tag(v ? Tag.True : Tag.False);
        return;
      case 'undefined':
        this.tag(Tag.Undefined);
        return;
      case 'object':
        if (v === null) this.tag(Tag.Null);
        else if (Array.isArray(v)) {
          this.tag(Tag.Array);
          this.varint(v.length);
          for (const item of v as unknown[]) this.writeValue(item);
        } else this.writeObject(v, null, undefined);
        return;
      case 'bigint':
      case 'function':
      case 'symbol':
        throw new Error(`a trace event holds a ${typeof v}, which the trace codec does not carry`);
    }
  }

  private writeString(s: string): void {
    const known = this.strings.get(s);
    if (known !== undefined) {
      this.tag(Tag.Str);
      this.varint(known);
      return;
    }
    this.strings.set(s, this.strings.size);
    // ASCII (ids, types, most keys) is copied byte by byte; anything else through TextEncoder.
    let ascii = true;
    for (let i = 0; i < s.length && ascii; i++) ascii = s.charCodeAt(i) < 0x80;
    if (!ascii && hasLoneSurrogate(s)) {
      // A key is user input: a pasted lone surrogate must reach the timeline as it was stored.
      this.tag(Tag.NewStr16);
      this.varint(s.length);
      this.room(2 * s.length);
      for (let i = 0; i < s.length; i++) {
        this.view.setUint16(this.pos, s.charCodeAt(i), true);
        this.pos += 2;
      }
      return;
    }
    this.tag(Tag.NewStr);
    if (ascii) {
      this.varint(s.length);
      this.room(s.length);
      for (let i = 0; i < s.length; i++) this.bytes[this.pos++] = s.charCodeAt(i);
    } else {
      const utf8 = encoder.encode(s);
      this.varint(utf8.length);
      this.room(utf8.length);
      this.bytes.set(utf8, this.pos);
      this.pos += utf8.length;
    }
  }

  private tag(t: Tag): void {
    this.room(1);
    this.bytes[this.pos++] = t;
  }

  /** A non-negative safe integer, 7 bits a byte. */
  private varint(v: number): void {
    this.room(8);
    while (v > 0xffffffff) {
      this.bytes[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    while (v >= 0x80) {
      this.bytes[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.pos++] = v;
  }

  private room(n: number): void {
    if (this.pos + n > this.bytes.length) this.grow(this.pos, Math.max(this.bytes.length * 2, this.pos + n));
  }

  private grow(keep: number, size: number): void {
    const bytes = new Uint8Array(size);
    bytes.set(this.bytes.subarray(0, keep));
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer);
  }
}

const encoder = new TextEncoder();

/** `events` as one batch of bytes. */
export function encodeEvents(events: readonly object[]): Uint8Array<ArrayBuffer> {
  const w = new TraceWriter();
  for (const e of events) w.write(e);
  return w.take();
}

/** Batches as one run of bytes that decodes to their events, in order: a batch tag before each but the first. */
export function joinBatches(batches: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (const b of batches) size += b.length + 1;
  const out = new Uint8Array(Math.max(0, size - 1));
  let pos = 0;
  for (const b of batches) {
    if (pos > 0) out[pos++] = Tag.Batch;
    out.set(b, pos);
    pos += b.length;
  }
  return out;
}
