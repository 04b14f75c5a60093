/**
 * The memtable: each key's merged sibling set of the writes since the last flush, with a byte
 * estimate that decides when to flush. Pure; mutated only by `apply`, frozen once flushing.
 */
import { encodedEntryBytes } from './entryCodec';
import type { ConflictMode } from '../versions/siblings';
import { mergeIntoSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
import type { TableEntry } from './sstableFormat';

/**
 * The bytes an entry takes once encoded in a block: the entry (entryCodec.ts) and its offset.
 * Summed from its parts, each version's size computed once per version object: a key's
 * siblings are re-merged on every write, and measuring them all each time (values and all) was a
 * tenth of a replica write.
 */
export function entryBytes(key: string, versions: readonly Version[]): number {
  return encodedEntryBytes(key, versions) + 4;
}

const noVersions: readonly Version[] = [];

export class Memtable {
  private readonly entries = new Map<string, readonly Version[]>();
  private readonly sizes = new Map<string, number>();
  private bytesTotal = 0;
  /** The highest commit-log sequence number applied: a flush of this memtable covers the log through it. */
  private maxSeqApplied = 0;

  get byteSize(): number {
    return this.bytesTotal;
  }

  get entryCount(): number {
    return this.entries.size;
  }

  get maxSeq(): number {
    return this.maxSeqApplied;
  }

  get(key: string): readonly Version[] | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Merges a write into the key's siblings: dominated versions go now, not at compaction. */
  apply(key: string, incoming: readonly Version[], seq: number, mode: ConflictMode): void {
    const old = this.entries.get(key) ?? noVersions;
    const merged = mergeIntoSiblings(old, incoming, mode);
    const size = entryBytes(key, merged);
    this.bytesTotal += size - (this.sizes.get(key) ?? 0);
    this.sizes.set(key, size);
    this.entries.set(key, merged);
    if (seq > this.maxSeqApplied) this.maxSeqApplied = seq;
  }

  /** The entries in key order, as a flush writes them. */
  sortedEntries(): TableEntry[] {
    const keys = [...this.entries.keys()].sort(compareKeys);
    return keys.map((k) => [k, this.entries.get(k) ?? []] as const);
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }
}

/** The order of keys in tables: UTF-16 code units, the same in every JavaScript engine. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
