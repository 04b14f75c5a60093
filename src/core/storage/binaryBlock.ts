/**
 * A binary SSTable data block (sstableFormat.ts): its entries (entryCodec.ts) one after another,
 * then each entry's start as a 32-bit little-endian offset, then their count, also 32 bits.
 * Pure.
 *
 * Why: a point read finds its key by binary search over the offsets, comparing bytes (byteCodec's
 * texts sort as keys do), and decodes that one entry; nothing else of the block becomes an
 * object. A compaction copies an entry's bytes into its output unchanged. The JSON blocks before
 * it were scanned for their keys and parsed, each one, on every read and every compaction.
 */
import type { Version } from '../versions/version';
import type { ByteWriter } from './byteCodec';
import { ByteReader, CorruptBytes } from './byteCodec';
import { compareStoredText, KeyBody } from './keyBody';
import type { DataBlock, StoredEntry } from './dataBlock';
import type { EntryOutline } from './entryCodec';
import { checkHeaders, checkValues, readOutline, readVersions } from './entryCodec';
import type { TableEntry } from './sstableFormat';
import type { DeviceValue } from './storageDevice';

const corruptTrailer: DeviceValue<never> = { ok: false, message: 'an SSTable block is corrupt: its entry offsets do not fit it' };

const reader = new ByteReader();
const probe = new KeyBody();
const outline: EntryOutline = { headersEnd: 0, versionCount: 0, hasTombstone: false };

function u32At(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)) >>> 0;
}

export class BinaryBlock implements DataBlock {
  private constructor(
    private readonly bytes: Uint8Array,
    readonly entryCount: number,
    /** Where the offsets start: the end of the last entry. */
    private readonly offsetsAt: number,
    /**
     * Each entry's versions as a writer had them (a flush's memtable objects) or once a read
     * decoded them: a cached block is read again and again (in the simulator bench a table's
     * entry about three times), and decoding each time cost more than keeping them.
     */
    private parsed: (readonly Version[] | undefined)[] | undefined,
  ) {}

  /** A block as its writer just made it; `parsed`, when given, answers reads without decoding. */
  static written(bytes: Uint8Array, parsed?: (readonly Version[] | undefined)[]): BinaryBlock {
    const count = u32At(bytes, bytes.length - 4);
    return new BinaryBlock(bytes, count, bytes.length - 4 - 4 * count, parsed);
  }

  /**
   * A stored block, its offsets checked (increasing, within the entries); an entry is checked as it
   * is decoded. A damaged block is a failure, never an exception.
   */
  static decode(bytes: Uint8Array): DeviceValue<BinaryBlock> {
    const n = bytes.length;
    if (n < 4) return corruptTrailer;
    const count = u32At(bytes, n - 4);
    const offsetsAt = n - 4 - 4 * count;
    if (offsetsAt < 0) return corruptTrailer;
    let previous = -1;
    for (let i = 0; i < count; i++) {
      const start = u32At(bytes, offsetsAt + 4 * i);
      if (start <= previous || start >= offsetsAt || (i === 0 && start !== 0)) return corruptTrailer;
      previous = start;
    }
    if (count === 0 && offsetsAt !== 0) return corruptTrailer;
    return { ok: true, value: new BinaryBlock(bytes, count, offsetsAt, undefined) };
  }

  private start(i: number): number {
    return u32At(this.bytes, this.offsetsAt + 4 * i);
  }

  private end(i: number): number {
    return i + 1 < this.entryCount ? this.start(i + 1) : this.offsetsAt;
  }

  keyAt(i: number): string | undefined {
    try {
      return reader.at(this.bytes, this.start(i), this.end(i)).text();
    } catch (e) {
      if (e instanceof CorruptBytes) return undefined;
      throw e;
    }
  }

  indexOf(key: string): number {
    probe.set(key);
    let lo = 0;
    let hi = this.entryCount - 1;
    let damagedAt = -1;
    try {
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        damagedAt = mid;
        const c = compareStoredText(this.bytes, this.start(mid), this.end(mid), probe);
        if (c === 0) return mid;
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
      }
    } catch (e) {
      // A key on the search's path does not decode: the search cannot say the key is absent (its
      // own entry may lie past the damage), so it answers the damaged entry, whose versionsAt
      // fails. "Absent" would be a wrong answer: an R=1 get would miss an acknowledged write.
      if (e instanceof CorruptBytes) return damagedAt;
      throw e;
    }
    return -1;
  }

  versionsAt(i: number): DeviceValue<readonly Version[]> {
    const known = this.parsed?.[i];
    if (known !== undefined) return { ok: true, value: known };
    const decoded = this.decodeEntry(i, (_key, versions) => versions);
    if (decoded.ok) (this.parsed ??= new Array<readonly Version[] | undefined>(this.entryCount))[i] = decoded.value;
    return decoded;
  }

  entries(): DeviceValue<TableEntry[]> {
    const out: TableEntry[] = [];
    for (let i = 0; i < this.entryCount; i++) {
      const known = this.parsed?.[i];
      const entry = this.decodeEntry(i, (key, versions): TableEntry => [key, known ?? versions]);
      if (!entry.ok) return entry;
      out.push(entry.value);
    }
    return { ok: true, value: out };
  }

  /**
   * The entry is checked whole, every byte a decode would reject rejected: a copy goes into the
   * new table and its headers block unread, and once the inputs are deleted a damaged copy would
   * be a table the node cannot open. A check, not a decode: no value is kept, and an ASCII text
   * (most values) is not made a string.
   */
  copyableVersions(i: number): number {
    const known = this.parsed?.[i];
    if (known !== undefined) return known.some((v) => v.deleted) ? -1 : known.length;
    const end = this.end(i);
    try {
      const r = reader.at(this.bytes, this.start(i), end);
      r.checkText();
      const headers = checkHeaders(r, outline);
      if (headers.hasTombstone) return -1;
      checkValues(r, headers.versionCount);
      return r.pos === end ? headers.versionCount : -1;
    } catch (e) {
      // Damage: the merge decodes the entry instead, and fails there as a read does.
      if (e instanceof CorruptBytes) return -1;
      throw e;
    }
  }

  copyTo(i: number, data: ByteWriter, headers: ByteWriter): void {
    const start = this.start(i);
    const end = this.end(i);
    const o = readOutline(reader.at(this.bytes, start, end), outline);
    data.copy(this.bytes, start, end);
    headers.copy(this.bytes, start, o.headersEnd);
  }

  storedEntry(i: number, out: StoredEntry): boolean {
    out.bytes = this.bytes;
    out.start = this.start(i);
    out.end = this.end(i);
    return true;
  }

  private decodeEntry<T>(i: number, make: (key: string, versions: Version[]) => T): DeviceValue<T> {
    const end = this.end(i);
    try {
      const r = reader.at(this.bytes, this.start(i), end);
      const key = r.text();
      const versions = readVersions(r, true);
      if (r.pos !== end) throw new CorruptBytes('an entry does not end where the next starts');
      return { ok: true, value: make(key, versions) };
    } catch (e) {
      if (e instanceof CorruptBytes) return { ok: false, message: `an SSTable block is corrupt: ${e.message}` };
      throw e;
    }
  }
}
