/**
 * Size-tiered compaction (Cassandra's default): choose tables of similar size, merge them into
 * one. Pure: a plan in, entries out. Dominated versions are dropped; a tombstone is dropped only
 * after its grace period, and only if no table or memtable outside the compaction may hold the key.
 */
import type { ConflictMode } from '../versions/siblings';
import { mergeSiblings } from '../versions/siblings';
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
  readonly versionsDropped: number;
  readonly tombstonesDropped: number;
  /** Keys that lost a tombstone: a node's key index must forget it too. */
  readonly purgedKeys: readonly string[];
}

/**
 * Merges tables' sorted entries into one sorted list. Keeping a tombstone for the grace period
 * is what stops anti-entropy or a late hint from bringing a deleted key back: an older version
 * arriving later still meets the tombstone that dominates it.
 */
export function mergeTables(inputs: readonly (readonly TableEntry[])[], rule: PurgeRule): MergedTables {
  const byKey = new Map<string, readonly Version[]>();
  let versionsIn = 0;
  for (const entries of inputs) {
    for (const [key, versions] of entries) {
      versionsIn += versions.length;
      byKey.set(key, mergeSiblings(byKey.get(key) ?? [], versions, rule.mode));
    }
  }
  const entries: TableEntry[] = [];
  let versionsKept = 0;
  let tombstonesDropped = 0;
  const purgedKeys: string[] = [];
  for (const key of [...byKey.keys()].sort(compareKeys)) {
    const merged = byKey.get(key) ?? [];
    const expired = (v: Version): boolean => v.deleted && v.timestampMs + rule.tombstoneGraceMs <= rule.nowMs;
    const purgeable = merged.some(expired) && !rule.mayExistElsewhere(key);
    const kept = purgeable ? merged.filter((v) => !expired(v)) : merged;
    tombstonesDropped += merged.length - kept.length;
    if (kept.length < merged.length) purgedKeys.push(key);
    versionsKept += kept.length;
    if (kept.length > 0) entries.push([key, kept]);
  }
  return { entries, versionsDropped: versionsIn - versionsKept - tombstonesDropped, tombstonesDropped, purgedKeys };
}
