/**
 * Size-tiered compaction (Cassandra's default): choose tables of similar size, merge them into
 * one. Pure: a plan in, entries out. Dominated versions are dropped; a tombstone is dropped only
 * after its grace period, and only if no table or memtable outside the compaction may hold the key.
 */
import type { ConflictMode } from '../versions/siblings';
import { mergeIntoSiblings, mergeSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
import type { DataBlock, StoredEntry } from './dataBlock';
import { EntriesBlock } from './dataBlock';
import { StoredValues } from './entryCodec';
import { compareKeys } from './memtable';
import type { TableEntry } from './sstableFormat';
import type { DeviceFailure, DeviceValue, TableMeta } from './storageDevice';

/** Which tables a compaction takes: similar sizes (size-tiered), or all of them (major). */
export type CompactionScope = 'sizeTiered' | 'major';

export interface TieringRule {
  /** A bucket is compacted once it holds this many tables. */
  readonly tablesMin: number;
  /** At most this many tables in one compaction, so its memory is bounded. */
  readonly tablesMax: number;
}

/** Tables whose sizes are within [½, 1½] of their bucket's mean are "similar" (Cassandra's bucket_low/high). */
const bucketLow = 0.5;
const bucketHigh = 1.5;

/**
 * The tables of the first bucket of similar sizes (buckets smallest first) that has at least
 * `tablesMin` tables, at most `tablesMax` of its smallest, listed in the order `tables` lists
 * them (a TableSet's: newest first, the order a compaction merges in); empty when there is
 * nothing worth compacting.
 */
export function planSizeTiered(tables: readonly TableMeta[], rule: TieringRule): TableMeta[] {
  const bySize = [...tables].sort((a, b) => a.storedBytes - b.storedBytes || a.id - b.id);
  const buckets: TableMeta[][] = [];
  let bucket: TableMeta[] = [];
  let bucketBytes = 0;
  for (const t of bySize) {
    const mean = bucket.length === 0 ? t.storedBytes : bucketBytes / bucket.length;
    if (bucket.length > 0 && (t.storedBytes < mean * bucketLow || t.storedBytes > mean * bucketHigh)) {
      buckets.push(bucket);
      bucket = [];
      bucketBytes = 0;
    }
    bucket.push(t);
    bucketBytes += t.storedBytes;
  }
  if (bucket.length > 0) buckets.push(bucket);
  const chosen = buckets.find((b) => b.length >= Math.max(2, rule.tablesMin));
  if (chosen === undefined) return [];
  const picked = new Set(chosen.slice(0, rule.tablesMax));
  return tables.filter((t) => picked.has(t));
}

/** What to drop while merging, with the time the caller passes (the engine reads no clock). */
export interface PurgeRule {
  readonly mode: ConflictMode;
  readonly nowMs: number;
  readonly tombstoneGraceMs: number;
  /** True if the key may live outside the compaction: then its tombstones must stay. */
  readonly mayExistElsewhere: (key: string) => boolean;
}

export interface MergeCounts {
  readonly versionsDropped: number;
  readonly tombstonesDropped: number;
  /** Keys that lost a tombstone: a node's key index must forget it too. */
  readonly purgedKeys: readonly string[];
}

export interface MergedTables extends MergeCounts {
  readonly entries: TableEntry[];
}

/**
 * A merge's input, one block at a time, in key order: undefined once it has no more; a failure
 * (a damaged block) ends the merge. A block is asked for only when the merge reaches it.
 */
export type InputBlocks = () => DeviceValue<DataBlock> | undefined;

/** Where merged entries go, in key order (a TableDraftBuilder). */
export interface MergeSink {
  /** A merged entry, to be encoded; the values of those of its versions `stored` read are its bytes (value null in the version). */
  add(key: string, versions: readonly Version[], stored: StoredValues): void;
  /** An entry only `from` held, unchanged and without a tombstone: copied as it is stored (DataBlock.copyableVersions). */
  copy(key: string, from: DataBlock, i: number): void;
}

/**
 * Merges tables' sorted entries into one sorted list. Keeping a tombstone for the grace period
 * is what stops anti-entropy or a late hint from bringing a deleted key back: an older version
 * arriving later still meets the tombstone that dominates it.
 */
export function mergeTables(inputs: readonly (readonly TableEntry[])[], rule: PurgeRule): MergedTables {
  const entries: TableEntry[] = [];
  const streams = inputs.map((table): InputBlocks => {
    let given = false;
    return () => {
      if (given) return undefined;
      given = true;
      return { ok: true, value: new EntriesBlock(table) };
    };
  });
  const counts = mergeStreams(streams, rule, {
    add: (key, versions) => entries.push([key, versions]),
    copy: () => {
      throw new Error('entries at hand are never copied');
    },
  });
  // Whole inputs in memory cannot fail to load.
  if (!counts.ok) throw new Error(counts.message);
  return { entries, ...counts.value };
}

const noEntries = new EntriesBlock([]);
const damagedKey: DeviceFailure = { ok: false, message: 'an SSTable block is corrupt: a key does not decode' };

/**
 * mergeTables as a stream: the inputs' blocks are taken as the merge reaches them, each key is
 * merged across the inputs that hold it, newest input first as they are listed, and handed to
 * `sink` in key order. Each input must be sorted by compareKeys and hold a key at most once (as
 * tables are).
 *
 * Why a stream: a compaction's inputs, decoded whole, were every version of every key of up to
 * `tablesMax` tables alive at once, through the whole merge and the output's encoding. Now only
 * the blocks under the merge's cursors and the output block being built are, and an entry only
 * one input holds, with no tombstone, is copied as stored without becoming objects at all: a
 * stored entry is a sibling set already (memtables and merges write nothing else), which merged
 * alone gives itself back, unless it holds siblings and the mode is now lww. An entry several
 * inputs hold is merged by its versions' headers, and the values it keeps are copied as stored
 * (StoredValues) where its inputs are binary blocks.
 */
export function mergeStreams(inputs: readonly InputBlocks[], rule: PurgeRule, sink: MergeSink): DeviceValue<MergeCounts> {
  const n = inputs.length;
  // Per input: the block under its cursor (undefined once the input is done), the cursor, and
  // the key there (decoded once, compared with every other input's).
  const blocks = new Array<DataBlock | undefined>(n).fill(noEntries);
  const at = new Array<number>(n).fill(0);
  const heads = new Array<string | undefined>(n);
  /** Moves input t to its next entry, loading blocks as needed; a failure to load one is returned. */
  const settle = (t: number): DeviceFailure | undefined => {
    for (;;) {
      const block = blocks[t];
      if (block === undefined) return undefined;
      const i = at[t] as number;
      if (i < block.entryCount) {
        const key = block.keyAt(i);
        if (key === undefined) return damagedKey;
        heads[t] = key;
        return undefined;
      }
      heads[t] = undefined;
      const next = (inputs[t] as InputBlocks)();
      if (next !== undefined && !next.ok) return next;
      blocks[t] = next?.value;
      at[t] = 0;
    }
  };
  for (let t = 0; t < n; t++) {
    const failed = settle(t);
    if (failed !== undefined) return failed;
  }
  // A key several inputs hold is merged from its versions' headers; their values stay bytes.
  const stored = new StoredValues();
  const span: StoredEntry = { bytes: new Uint8Array(0), start: 0, end: 0 };
  let versionsIn = 0;
  let versionsKept = 0;
  let tombstonesDropped = 0;
  const purgedKeys: string[] = [];
  const expired = (v: Version): boolean => v.deleted && v.timestampMs + rule.tombstoneGraceMs <= rule.nowMs;
  for (;;) {
    let key: string | undefined;
    let holders = 0;
    let holder = 0;
    for (let t = 0; t < n; t++) {
      const k = heads[t];
      if (k === undefined) continue;
      const c = key === undefined ? -1 : compareKeys(k, key);
      if (c < 0) {
        key = k;
        holders = 1;
        holder = t;
      } else if (c === 0) holders++;
    }
    if (key === undefined) break;
    if (holders === 1) {
      const block = blocks[holder] as DataBlock;
      const i = at[holder] as number;
      const count = block.copyableVersions(i);
      // An entry with no versions left is dropped below, as a merge drops it. Under lww only one
      // version is a sibling set: siblings stored under vclock (the mode is changed by
      // restarting nodes with their disks) are merged down to the newest.
      if (count > 0 && (rule.mode === 'vclock' || count === 1)) {
        versionsIn += count;
        versionsKept += count;
        sink.copy(key, block, i);
        at[holder] = i + 1;
        const failed = settle(holder);
        if (failed !== undefined) return failed;
        continue;
      }
    }
    let merged: readonly Version[] = [];
    let first = true;
    stored.clear();
    for (let t = 0; t < n; t++) {
      if (heads[t] !== key) continue;
      const block = blocks[t] as DataBlock;
      const i = at[t] as number;
      const versions = block.storedEntry(i, span) ? stored.read(span.bytes, span.start, span.end) : block.versionsAt(i);
      if (!versions.ok) return versions;
      versionsIn += versions.value.length;
      // The first holder's entry is a sibling set already (see above): under vclock it is the
      // merge so far as it is, without checking each pair of its versions again.
      if (first) merged = rule.mode === 'vclock' ? versions.value : mergeSiblings([], versions.value, rule.mode);
      else merged = mergeIntoSiblings(merged, versions.value, rule.mode);
      first = false;
      at[t] = i + 1;
      const failed = settle(t);
      if (failed !== undefined) return failed;
    }
    const purgeable = merged.some(expired) && !rule.mayExistElsewhere(key);
    const kept = purgeable ? merged.filter((v) => !expired(v)) : merged;
    tombstonesDropped += merged.length - kept.length;
    if (kept.length < merged.length) purgedKeys.push(key);
    versionsKept += kept.length;
    if (kept.length > 0) sink.add(key, kept, stored);
  }
  return { ok: true, value: { versionsDropped: versionsIn - versionsKept - tombstonesDropped, tombstonesDropped, purgedKeys } };
}
