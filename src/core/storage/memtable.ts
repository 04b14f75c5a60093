/**
 * The memtable: each key's merged sibling set of the writes since the last flush, with a byte
 * estimate that decides when to flush. Pure; mutated only by `apply`, frozen once flushing.
 */
import { encodedEntryBytes, entryBytesFromParts, versionHeaderBytes, versionValueBytes } from './entryCodec';
import type { ConflictMode } from '../versions/siblings';
import { mergeIntoSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
import type { TableEntry } from './sstableFormat';

/** The bytes an entry takes once encoded in a block: the entry (entryCodec.ts) and its offset. */
export function entryBytes(key: string, versions: readonly Version[]): number {
  return encodedEntryBytes(key, versions) + 4;
}

/**
 * A key's siblings and the bytes their headers and values take encoded, mutated in place by each
 * write: one map lookup per write, not a get and a set on two maps.
 */
interface MemtableEntry {
  versions: readonly Version[];
  headerBytes: number;
  valueBytes: number;
  /** entryBytes of the entry as it is: what the memtable's total counts for it. */
  size: number;
}

export class Memtable {
  private readonly entries = new Map<string, MemtableEntry>();
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
    return this.entries.get(key)?.versions;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Merges a write into the key's siblings: dominated versions go now, not at compaction. The
   * entry's size is updated by the versions the merge added and removed, each measured once:
   * a key's siblings are re-merged on every write, and measuring them all each time (values and
   * all, or through a cache of every version ever measured) was a tenth of a replica write.
   */
  apply(key: string, incoming: readonly Version[], seq: number, mode: ConflictMode): void {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { versions: [], headerBytes: 0, valueBytes: 0, size: 0 };
      this.entries.set(key, entry);
    }
    const old = entry.versions;
    const merged = mergeIntoSiblings(old, incoming, mode);
    // Merges keep the version objects they keep (siblings.ts), so identity tells which changed.
    for (const v of old) {
      if (merged.includes(v)) continue;
      entry.headerBytes -= versionHeaderBytes(v);
      entry.valueBytes -= versionValueBytes(v);
    }
    for (const v of merged) {
      if (old.includes(v)) continue;
      entry.headerBytes += versionHeaderBytes(v);
      entry.valueBytes += versionValueBytes(v);
    }
    entry.versions = merged;
    const size = entryBytesFromParts(key, merged.length, entry.headerBytes, entry.valueBytes) + 4;
    this.bytesTotal += size - entry.size;
    entry.size = size;
    if (seq > this.maxSeqApplied) this.maxSeqApplied = seq;
  }

  /** The entries in key order, as a flush writes them. */
  sortedEntries(): TableEntry[] {
    const keys = [...this.entries.keys()].sort(compareKeys);
    return keys.map((k) => [k, this.entries.get(k)?.versions ?? []] as const);
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }
}

/** The order of keys in tables: UTF-16 code units, the same in every JavaScript engine. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
