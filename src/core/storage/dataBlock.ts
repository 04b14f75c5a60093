/**
 * What reads and merges see of an SSTable data block, whatever its format (sstableFormat.ts): a
 * binary block (binaryBlock.ts), a JSON block of a table written before it (jsonBlock.ts), or
 * entries at hand (a merge of tables held in memory). Pure.
 */
import type { Version } from '../versions/version';
import type { ByteWriter } from './byteCodec';
import type { TableEntry } from './sstableFormat';
import type { DeviceValue } from './storageDevice';

export interface DataBlock {
  readonly entryCount: number;
  /** Entry i's key; undefined when it does not decode (a damaged block). */
  keyAt(i: number): string | undefined;
  /**
   * The index of `key`, or -1. In a damaged block, possibly the index of an entry that does not
   * decode (versionsAt fails): damage is never answered as absent.
   */
  indexOf(key: string): number;
  /** Entry i's versions; an entry that does not decode is a damaged block, a failure. */
  versionsAt(i: number): DeviceValue<readonly Version[]>;
  /** Every entry, decoded: for readers of whole tables. */
  entries(): DeviceValue<TableEntry[]>;
  /**
   * Entry i's version count when a new table may copy its stored bytes as they are (copyTo), and
   * it holds no tombstone, which a merge might purge; -1 when it must be decoded and encoded again.
   */
  copyableVersions(i: number): number;
  /** Copies entry i's stored bytes to `data` and its headers' bytes to `headers`; only for an entry copyableVersions allows. */
  copyTo(i: number, data: ByteWriter, headers: ByteWriter): void;
  /**
   * Where entry i is stored, in `out`, for a merge that writes parts of it again as they are
   * (StoredValues); false when the block has no stored binary entries (entries at hand, JSON).
   */
  storedEntry(i: number, out: StoredEntry): boolean;
}

/** Where an entry's bytes are: [start, end) of `bytes`, in the binary entry format (entryCodec.ts). */
export interface StoredEntry {
  bytes: Uint8Array;
  start: number;
  end: number;
}

/** Entries at hand as a block: nothing to decode, nothing stored to copy. */
export class EntriesBlock implements DataBlock {
  constructor(private readonly list: readonly TableEntry[]) {}

  get entryCount(): number {
    return this.list.length;
  }

  keyAt(i: number): string | undefined {
    return this.list[i]?.[0];
  }

  indexOf(key: string): number {
    return this.list.findIndex((e) => e[0] === key);
  }

  versionsAt(i: number): DeviceValue<readonly Version[]> {
    return { ok: true, value: this.list[i]?.[1] ?? [] };
  }

  entries(): DeviceValue<TableEntry[]> {
    return { ok: true, value: [...this.list] };
  }

  copyableVersions(): number {
    return -1;
  }

  copyTo(): void {
    throw new Error('entries at hand have no stored bytes to copy');
  }

  storedEntry(): boolean {
    return false;
  }
}
