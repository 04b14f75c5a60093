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
import type { TableMeta } from './storageDevice';

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

export interface MergedTables {
  readonly entries: TableEntry[];
  /**
   * Per entry, its stored JSON when it passed through from one input unchanged (the same version
   * objects, in the same order), so the output table copies it instead of encoding it again.
   */
  readonly texts: (string | undefined)[];
  readonly versionsDropped: number;
  readonly tombstonesDropped: number;
  /** Keys that lost a tombstone: a node's key index must forget it too. */
  readonly purgedKeys: readonly string[];
}

/** A key while tables are merged: its siblings so far, and while it was met in one input only, that entry. */
interface MergingKey {
  merged: readonly Version[];
  /** The one input entry's versions and stored JSON; undefined once a second input had the key. */
  only: { readonly versions: readonly Version[]; readonly text: string | undefined } | undefined;
}

/**
 * Merges tables' sorted entries into one sorted list. Keeping a tombstone for the grace period
 * is what stops anti-entropy or a late hint from bringing a deleted key back: an older version
 * arriving later still meets the tombstone that dominates it. `texts`, when given, holds each
 * input entry's stored JSON (aligned with `inputs`).
 */
export function mergeTables(inputs: readonly (readonly TableEntry[])[], rule: PurgeRule, texts?: readonly (readonly string[])[]): MergedTables {
  const byKey = new Map<string, MergingKey>();
  let versionsIn = 0;
  inputs.forEach((entries, t) => {
    entries.forEach(([key, versions], i) => {
      versionsIn += versions.length;
      const had = byKey.get(key);
      if (had === undefined) byKey.set(key, { merged: mergeSiblings([], versions, rule.mode), only: { versions, text: texts?.[t]?.[i] } });
      else {
        had.merged = mergeIntoSiblings(had.merged, versions, rule.mode);
        had.only = undefined;
      }
    });
  });
  const entries: TableEntry[] = [];
  const outTexts: (string | undefined)[] = [];
  let versionsKept = 0;
  let tombstonesDropped = 0;
  const purgedKeys: string[] = [];
  for (const key of [...byKey.keys()].sort(compareKeys)) {
    const { merged, only } = byKey.get(key) as MergingKey;
    const expired = (v: Version): boolean => v.deleted && v.timestampMs + rule.tombstoneGraceMs <= rule.nowMs;
    const purgeable = merged.some(expired) && !rule.mayExistElsewhere(key);
    const kept = purgeable ? merged.filter((v) => !expired(v)) : merged;
    tombstonesDropped += merged.length - kept.length;
    if (kept.length < merged.length) purgedKeys.push(key);
    versionsKept += kept.length;
    if (kept.length === 0) continue;
    entries.push([key, kept]);
    // The stored JSON is JSON.stringify's own output, which parsing and encoding again gives
    // back unchanged: it is exact whenever the versions are the very objects parsed from it.
    outTexts.push(only !== undefined && sameObjects(only.versions, kept) ? only.text : undefined);
  }
  return { entries, texts: outTexts, versionsDropped: versionsIn - versionsKept - tombstonesDropped, tombstonesDropped, purgedKeys };
}

function sameObjects(a: readonly Version[], b: readonly Version[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
