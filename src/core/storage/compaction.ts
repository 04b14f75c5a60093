/**
 * Size-tiered compaction (Cassandra's default): choose tables of similar size, merge them into
 * one. Pure: a plan in, entries out. Dominated versions are dropped; a tombstone is dropped only
 * after its grace period, and only if no table or memtable outside the compaction may hold the key.
 */
import type { ConflictMode } from '../versions/siblings';
import { mergeIntoSiblings, mergeSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
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
 * The tables of the first bucket of similar sizes (smallest first) that has at least
 * `tablesMin` tables; empty when there is nothing worth compacting.
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
  return chosen === undefined ? [] : chosen.slice(0, rule.tablesMax);
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
  /**
   * Per entry, its stored JSON when it passed through from one input unchanged (the same version
   * objects, in the same order), so the output table copies it instead of encoding it again.
   */
  readonly texts: (string | undefined)[];
}

/** One block of a merge's input: its entries in key order and, when known, each entry's stored JSON. */
export interface InputBlock {
  readonly entries: readonly TableEntry[];
  readonly texts?: readonly string[];
}

/**
 * A merge's input, one block at a time, in key order: undefined once it has no more; a failure
 * (a damaged block) ends the merge. A block is asked for only when the merge reaches it.
 */
export type InputBlocks = () => DeviceValue<InputBlock> | undefined;

/** Where merged entries go, in key order; `text` is the entry's stored JSON when it passed through from one input unchanged. */
export type MergeSink = (key: string, versions: readonly Version[], text: string | undefined) => void;

/**
 * Merges tables' sorted entries into one sorted list. Keeping a tombstone for the grace period
 * is what stops anti-entropy or a late hint from bringing a deleted key back: an older version
 * arriving later still meets the tombstone that dominates it. `texts`, when given, holds each
 * input entry's stored JSON (aligned with `inputs`).
 */
export function mergeTables(inputs: readonly (readonly TableEntry[])[], rule: PurgeRule, texts?: readonly (readonly string[])[]): MergedTables {
  const entries: TableEntry[] = [];
  const outTexts: (string | undefined)[] = [];
  const streams = inputs.map((table, t): InputBlocks => {
    let given = false;
    return () => {
      if (given) return undefined;
      given = true;
      return { ok: true, value: { entries: table, texts: texts?.[t] } };
    };
  });
  const counts = mergeStreams(streams, rule, (key, versions, text) => {
    entries.push([key, versions]);
    outTexts.push(text);
  });
  // Whole inputs in memory cannot fail to load.
  if (!counts.ok) throw new Error(counts.message);
  return { entries, texts: outTexts, ...counts.value };
}

/**
 * mergeTables as a stream: the inputs' blocks are taken as the merge reaches them, each key is
 * merged across the inputs that hold it, newest input first as they are listed, and handed to
 * `sink` in key order. Each input must be sorted by compareKeys (as tables are).
 *
 * Why a stream: a compaction's inputs, decoded whole, were every version of every key of up to
 * `tablesMax` tables alive at once, through the whole merge and the output's encoding; whatever
 * V8's young generation held when it filled was copied, often twice (a tenth of a simulated
 * run went to collecting during compactions). Now only the blocks under the merge's cursors and
 * the output block being built are.
 */
export function mergeStreams(inputs: readonly InputBlocks[], rule: PurgeRule, sink: MergeSink): DeviceValue<MergeCounts> {
  const n = inputs.length;
  // Per input: the block under its cursor (undefined once the input is done) and the cursor.
  const blocks = new Array<InputBlock | undefined>(n);
  const at = new Array<number>(n).fill(0);
  /** Moves input t to a block with an entry left, or to its end; a failure to load one is returned. */
  const settle = (t: number): DeviceFailure | undefined => {
    for (;;) {
      const block = blocks[t];
      if (block !== undefined && (at[t] as number) < block.entries.length) return undefined;
      const next = (inputs[t] as InputBlocks)();
      if (next === undefined) {
        blocks[t] = undefined;
        return undefined;
      }
      if (!next.ok) return next;
      blocks[t] = next.value;
      at[t] = 0;
    }
  };
  for (let t = 0; t < n; t++) {
    blocks[t] = { entries: [] };
    const failed = settle(t);
    if (failed !== undefined) return failed;
  }
  let versionsIn = 0;
  let versionsKept = 0;
  let tombstonesDropped = 0;
  const purgedKeys: string[] = [];
  const expired = (v: Version): boolean => v.deleted && v.timestampMs + rule.tombstoneGraceMs <= rule.nowMs;
  for (;;) {
    let key: string | undefined;
    for (let t = 0; t < n; t++) {
      const block = blocks[t];
      if (block === undefined) continue;
      const k = (block.entries[at[t] as number] as TableEntry)[0];
      if (key === undefined || compareKeys(k, key) < 0) key = k;
    }
    if (key === undefined) break;
    let merged: readonly Version[] = [];
    let holders = 0;
    // While only one input entry had the key: its versions and stored JSON.
    let onlyVersions: readonly Version[] | undefined;
    let onlyText: string | undefined;
    for (let t = 0; t < n; t++) {
      for (let block = blocks[t]; block !== undefined; block = blocks[t]) {
        const i = at[t] as number;
        const entry = block.entries[i] as TableEntry;
        if (entry[0] !== key) break;
        const versions = entry[1];
        versionsIn += versions.length;
        if (holders++ === 0) {
          merged = mergeSiblings([], versions, rule.mode);
          onlyVersions = versions;
          onlyText = block.texts?.[i];
        } else {
          merged = mergeIntoSiblings(merged, versions, rule.mode);
          onlyVersions = undefined;
        }
        at[t] = i + 1;
        const failed = settle(t);
        if (failed !== undefined) return failed;
      }
    }
    const purgeable = merged.some(expired) && !rule.mayExistElsewhere(key);
    const kept = purgeable ? merged.filter((v) => !expired(v)) : merged;
    tombstonesDropped += merged.length - kept.length;
    if (kept.length < merged.length) purgedKeys.push(key);
    versionsKept += kept.length;
    if (kept.length === 0) continue;
    // The stored JSON is JSON.stringify's own output, which parsing and encoding again gives
    // back unchanged: it is exact whenever the versions are the very objects parsed from it.
    sink(key, kept, onlyVersions !== undefined && sameObjects(onlyVersions, kept) ? onlyText : undefined);
  }
  return { ok: true, value: { versionsDropped: versionsIn - versionsKept - tombstonesDropped, tombstonesDropped, purgedKeys } };
}
function sameObjects(a: readonly Version[], b: readonly Version[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
