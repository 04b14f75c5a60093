/**
 * One SSTable entry (a key and its siblings) in the binary block format (sstableFormat.ts), in
 * the bytes of byteCodec.ts. Pure.
 *
 *   entry    = key:text, headersLength:varint, headers, values
 *   headers  = count:varint, flags:byte (bit 0: some version is a tombstone), count × header
 *   header   = deleted:byte (0|1), dot node:text, dot counter:number, timestampMs:number,
 *              context size:varint, size × (actor:text, counter:number)
 *   values   = count × value: a tag byte, 0 null, 1 a string (a text follows), 2 any other JSON
 *              value (its JSON follows as a text)
 *
 * Why this shape: a version's header comes before every value, so an entry's first bytes, up to
 * its values, are exactly its entry in the table's headers block (headersBlock.ts), and a
 * compaction copies both without decoding them; the count and flags say, without decoding the
 * versions, how many there are and whether a purge could touch them. A string value, what
 * clients mostly store, is its own text: no JSON.stringify to write it, no JSON.parse to read it.
 */
import type { JsonValue } from '../json';
import type { Clock } from '../versions/vectorClock';
import type { Version } from '../versions/version';
import type { ByteWriter } from './byteCodec';
import { ByteReader, CorruptBytes, numberBytes, textBytes, varintBytes } from './byteCodec';
import type { DeviceValue } from './storageDevice';

const tombstoneFlag = 1;

const valueNull = 0;
const valueString = 1;
const valueJson = 2;

/** A version's header as encodeEntry writes it. */
export function versionHeaderBytes(v: Version): number {
  let header = 1 + textBytes(v.dot.node) + numberBytes(v.dot.counter) + numberBytes(v.timestampMs);
  let actors = 0;
  for (const actor in v.context) {
    header += textBytes(actor) + numberBytes(v.context[actor] ?? 0);
    actors++;
  }
  return header + varintBytes(actors);
}

/** A version's value as encodeEntry writes it. */
export function versionValueBytes(v: Version): number {
  return v.value === null ? 1 : 1 + textBytes(typeof v.value === 'string' ? v.value : JSON.stringify(v.value));
}

/**
 * The bytes `encodeEntry` writes for an entry of `count` versions whose headers and values take
 * `headerBytes` and `valueBytes` (sums of versionHeaderBytes and versionValueBytes): a memtable
 * keeps the sums per key and updates them by the versions a write adds and removes.
 */
export function entryBytesFromParts(key: string, count: number, headerBytes: number, valueBytes: number): number {
  const headers = varintBytes(count) + 1 + headerBytes;
  return textBytes(key) + varintBytes(headers) + headers + valueBytes;
}

/** The bytes `encodeEntry` writes for this entry. */
export function encodedEntryBytes(key: string, versions: readonly Version[]): number {
  let headers = 0;
  let values = 0;
  for (const v of versions) {
    headers += versionHeaderBytes(v);
    values += versionValueBytes(v);
  }
  return entryBytesFromParts(key, versions.length, headers, values);
}

/**
 * Writes one entry; returns where its headers end (its headers-block entry is the bytes before).
 * A version whose value `stored` read as bytes has that value copied, not encoded.
 */
export function encodeEntry(w: ByteWriter, key: string, versions: readonly Version[], stored?: StoredValues): number {
  w.text(key);
  // The headers' length goes in front of them: one byte is kept for it, and the rare section of
  // 128 bytes or more is moved along to make room for a longer varint.
  const lengthAt = w.length;
  w.byte(0);
  const start = w.length;
  w.varint(versions.length);
  let flags = 0;
  for (const v of versions) if (v.deleted) flags |= tombstoneFlag;
  w.byte(flags);
  for (const v of versions) {
    w.byte(v.deleted ? 1 : 0);
    w.text(v.dot.node);
    w.number(v.dot.counter);
    w.number(v.timestampMs);
    w.varint(Object.keys(v.context).length);
    for (const actor in v.context) {
      w.text(actor);
      w.number(v.context[actor] ?? 0);
    }
  }
  const length = w.length - start;
  if (length < 0x80) w.bytes[lengthAt] = length;
  else {
    const extra = varintBytes(length) - 1;
    w.reserve(extra);
    w.bytes.copyWithin(start + extra, start, w.length);
    const end = w.length + extra;
    w.length = lengthAt;
    w.varint(length);
    w.length = end;
  }
  const headersEnd = w.length;
  for (const v of versions) {
    if (stored?.write(v, w) === true) continue;
    const value = v.value;
    if (value === null) w.byte(valueNull);
    else if (typeof value === 'string') {
      w.byte(valueString);
      w.text(value);
    } else {
      w.byte(valueJson);
      w.text(JSON.stringify(value));
    }
  }
  return headersEnd;
}

/** What an entry says about itself before its versions: read without decoding them. */
export interface EntryOutline {
  /** Where its headers end and its values start. */
  headersEnd: number;
  versionCount: number;
  hasTombstone: boolean;
}

/** Reads the outline of the entry at the reader's position (its key, then its headers up to the versions). */
export function readOutline(r: ByteReader, out: EntryOutline): EntryOutline {
  r.skipText();
  return readHeadersStart(r, out);
}

/**
 * Reads the headers' length, count and flags (what the flags claim: the versions must agree),
 * rejecting a count or flags no writer makes.
 */
function readHeadersStart(r: ByteReader, out: EntryOutline): EntryOutline {
  const length = r.varint();
  const headersEnd = r.pos + length;
  if (headersEnd > r.end) throw new CorruptBytes('headers past the end');
  const count = r.varint();
  const flags = r.byte();
  // Each header takes at least 5 bytes: a count no block could hold is damage, not an allocation.
  if (count > length || flags > tombstoneFlag) throw new CorruptBytes('a bad header count or flags');
  out.headersEnd = headersEnd;
  out.versionCount = count;
  out.hasTombstone = flags === tombstoneFlag;
  return out;
}

/** readVersions' outline: filled and read within one call. */
const started: EntryOutline = { headersEnd: 0, versionCount: 0, hasTombstone: false };

/**
 * Decodes the versions of the entry whose key the reader has just read; `withValues` false reads
 * only the headers (values null), for a headers block. The headers must end where their length
 * says; the caller checks where the values end.
 */
export function readVersions(r: ByteReader, withValues: boolean): Version[] {
  const { headersEnd, versionCount: count, hasTombstone } = readHeadersStart(r, started);
  // Made once with a null value, which the values below fill in: no one sees them before.
  const versions = new Array<{ -readonly [K in keyof Version]: Version[K] }>(count);
  let tombstones = false;
  for (let i = 0; i < count; i++) {
    const deleted = r.byte();
    if (deleted > 1) throw new CorruptBytes('a bad tombstone flag');
    const node = r.name();
    const counter = r.number();
    const timestampMs = r.number();
    const context = readContext(r);
    tombstones ||= deleted === 1;
    versions[i] = { value: null, deleted: deleted === 1, dot: { node, counter }, context, timestampMs };
  }
  if (r.pos !== headersEnd || tombstones !== hasTombstone) throw new CorruptBytes('headers do not match their length or flags');
  if (!withValues) return versions;
  for (let i = 0; i < count; i++) {
    const value = readValue(r);
    const v = versions[i];
    if (value !== null && v !== undefined) v.value = value;
  }
  return versions;
}

/**
 * readVersions(r, false) without making the versions, rejecting what it rejects: fills `out` with
 * where the headers end, the count and whether one is a tombstone. A compaction checks an entry
 * it copies as stored (BinaryBlock.copyableVersions), and decoding its headers only to check
 * them made an object per version, its dot and its context, for every entry copied.
 */
export function checkHeaders(r: ByteReader, out: EntryOutline): EntryOutline {
  const { headersEnd, versionCount: count, hasTombstone } = readHeadersStart(r, out);
  let tombstones = false;
  for (let i = 0; i < count; i++) {
    const deleted = r.byte();
    if (deleted > 1) throw new CorruptBytes('a bad tombstone flag');
    tombstones ||= deleted === 1;
    r.checkText();
    r.number();
    r.number();
    const size = r.varint();
    if (size > r.end - r.pos) throw new CorruptBytes('a bad context size');
    for (let k = 0; k < size; k++) {
      r.checkText();
      r.number();
    }
  }
  if (r.pos !== headersEnd || tombstones !== hasTombstone) throw new CorruptBytes('headers do not match their length or flags');
  return out;
}

function readContext(r: ByteReader): Clock {
  const size = r.varint();
  if (size > r.end - r.pos) throw new CorruptBytes('a bad context size');
  const context: Record<string, number> = {};
  for (let i = 0; i < size; i++) {
    const actor = r.name();
    const counter = r.number();
    // An own key named __proto__ (actors are node ids, which a user names) must not set the prototype.
    if (actor === '__proto__') Object.defineProperty(context, actor, { value: counter, enumerable: true, writable: true, configurable: true });
    else context[actor] = counter;
  }
  return context;
}

/**
 * Reads past `count` values, rejecting what readVersions would, without keeping them: a
 * compaction checks an entry it copies as stored (BinaryBlock.copyableVersions). A string is
 * not made when it is ASCII; a JSON value is parsed, as only JSON.parse says what it rejects.
 */
export function checkValues(r: ByteReader, count: number): void {
  for (let i = 0; i < count; i++) {
    const tag = r.byte();
    if (tag === valueString) r.checkText();
    else if (tag !== valueNull) readJson(r, tag);
  }
}

/**
 * The versions of entries a merge read with their values left as stored bytes: each version's
 * header decoded (value null: merging never looks at values), its value's bytes noted and
 * checked as a decode would check them, then copied into the merged entry unchanged (encodeEntry).
 * The same bytes as decoding and encoding the value again, which for a string is its text both
 * ways (JSON: the JSON.stringify of what JSON.parse made of a JSON.stringify), without a string
 * made and encoded per value: values are most of an entry's bytes, and decoding them was most
 * of decoding the entries a compaction merges.
 */
export class StoredValues {
  private readonly versions: Version[] = [];
  private readonly blocks: Uint8Array[] = [];
  /** Each version's value as [start, end) of its block. */
  private readonly bounds: number[] = [];
  /**
   * How many versions the arrays above hold for the entry being merged. Counted, not truncated:
   * emptied arrays give up their storage, and growing them again for every key merged was
   * about a hundredth of what the simulator allocated.
   */
  private count = 0;
  private readonly reader = new ByteReader();

  /** Forgets the versions read so far: the next merged entry starts. */
  clear(): void {
    this.count = 0;
  }

  /** Reads the entry stored at [start, end) of `bytes` (its key is checked, not kept); damage is a failure. */
  read(bytes: Uint8Array, start: number, end: number): DeviceValue<readonly Version[]> {
    const r = this.reader.at(bytes, start, end);
    try {
      r.checkText();
      const versions = readVersions(r, false);
      for (const v of versions) {
        const from = r.pos;
        checkValues(r, 1);
        const k = this.count++;
        this.versions[k] = v;
        this.blocks[k] = bytes;
        this.bounds[2 * k] = from;
        this.bounds[2 * k + 1] = r.pos;
      }
      if (r.pos !== end) throw new CorruptBytes('an entry does not end where the next starts');
      return { ok: true, value: versions };
    } catch (e) {
      if (e instanceof CorruptBytes) return { ok: false, message: `an SSTable block is corrupt: ${e.message}` };
      throw e;
    }
  }

  /** Copies v's value as stored if this read it; false when v was not read here (its value is at hand). */
  write(v: Version, w: ByteWriter): boolean {
    for (let k = 0; k < this.count; k++) {
      if (this.versions[k] !== v) continue;
      w.copy(this.blocks[k] as Uint8Array, this.bounds[2 * k] as number, this.bounds[2 * k + 1] as number);
      return true;
    }
    return false;
  }
}

function readValue(r: ByteReader): JsonValue {
  const tag = r.byte();
  if (tag === valueNull) return null;
  if (tag === valueString) return r.text();
  return readJson(r, tag);
}

function readJson(r: ByteReader, tag: number): JsonValue {
  if (tag !== valueJson) throw new CorruptBytes('a bad value tag');
  const json = r.text();
  try {
    return JSON.parse(json) as JsonValue;
  } catch {
    throw new CorruptBytes('a value is not JSON');
  }
}
