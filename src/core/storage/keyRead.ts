/**
 * One key read from the SSTables: every table whose bloom filter does not rule the key out, in
 * parallel, merged newest to oldest. Siblings can be spread across tables, so no table's answer
 * is final on its own.
 */
import { assertNever } from '../assertNever';
import type { ConflictMode } from '../versions/siblings';
import { mergeIntoSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
import { bloomKeyHashes, bloomMightContainHashed } from './bloomFilter';
import { mapParallel } from './callbacks';
import type { StorageCounters } from './storageStats';
import type { TableIo, TableLookup } from './tableIo';
import { lookupKey, versionsInBlock } from './tableIo';
import type { TableSet } from './tableSet';
import type { DeviceFailure, DeviceValue, TableMeta } from './storageDevice';
import { blockIndexFor } from './sstableFormat';

/** A flush or compaction that lands mid-read costs one more pass; this bounds the passes. */
export const readPassesMax = 16;

export interface TablesAnswer {
  readonly versions: readonly Version[];
  /** No flush or compaction landed during the read: the answer may be cached. */
  readonly stable: boolean;
  /**
   * Tables whose block was searched for the key (the bloom filters let them through). Zero means
   * the filters alone answered, which costs no device read and no decode: not worth caching.
   */
  readonly tablesSearched: number;
}

/**
 * Reads `key` from the live tables. If the set changes mid-read (a flush or compaction lands),
 * it also reads the tables it has not seen yet, until a pass ends with nothing new: merges are
 * idempotent, so re-reading data a compaction moved is harmless, and missing it is not possible.
 */
export function readKeyFromTables(
  io: TableIo,
  tables: TableSet,
  key: string,
  mode: ConflictMode,
  counters: StorageCounters,
  done: (r: DeviceValue<TablesAnswer>) => void,
): void {
  const startGeneration = tables.generation;
  const hashes = bloomKeyHashes(key);
  // The tables read so far: the first pass reads the whole list, and only a flush or compaction
  // landing meanwhile (the generation moved) makes a second pass look for tables not yet read.
  // Tracked only then: a set and a filtered copy of the list per read were a good part of its garbage.
  let seen: Set<number> | undefined;
  let passGeneration = startGeneration;
  let versions: readonly Version[] = [];
  let passes = 0;
  let tablesSearched = 0;
  const pass = (todo: readonly TableMeta[]): void => {
    if (todo.length === 0) {
      done({ ok: true, value: { versions, stable: tables.generation === startGeneration, tablesSearched } });
      return;
    }
    if (++passes > readPassesMax) {
      done({ ok: false, message: `a read of ${key} kept racing flushes and compactions` });
      return;
    }
    if (seen !== undefined) for (const t of todo) seen.add(t.id);
    // The bloom filters first, with the key hashed once: most tables rule the key out, and only
    // the others are read, so only those are pinned against deletion meanwhile.
    const candidates = todo.filter((t) => bloomMightContainHashed(t.bloom, hashes));
    tablesSearched += candidates.length;
    tables.pin(candidates);
    mapParallel<TableMeta, TableLookup>(
      candidates,
      (meta, cb) => lookupKey(io, meta, key, cb),
      (r) => {
        tables.unpin(candidates);
        if (!r.ok) {
          done(r);
          return;
        }
        counters.bloomChecks += todo.length;
        counters.bloomNegatives += todo.length - candidates.length;
        for (const found of r.value) {
          switch (found.kind) {
            case 'absent':
              counters.bloomFalsePositives++;
              break;
            case 'found':
              versions = mergeIntoSiblings(versions, found.versions, mode);
              break;
            default:
              assertNever(found, 'table lookup');
          }
        }
        if (tables.generation === passGeneration) {
          // The list is the one this pass read (TableSet replaces it on every change): nothing new.
          pass([]);
          return;
        }
        if (seen === undefined) seen = new Set(todo.map((t) => t.id));
        passGeneration = tables.generation;
        const known = seen;
        pass(tables.list().filter((t) => !known.has(t.id)));
      },
    );
  };
  pass(tables.list());
}

/**
 * The tables the bloom filters let through, for readKeyFromCachedBlocks: filled and emptied
 * within one synchronous call, so one array serves every read.
 */
const cachedCandidates: TableMeta[] = [];
/** The answer when there are no tables: one object for every such read, as nothing in it changes. */
const noTables: DeviceValue<TablesAnswer> = { ok: true, value: { versions: [], stable: true, tablesSearched: 0 } };

/** Each candidate's block index (-1: the key is outside the table), found once for both passes. */
const cachedBlockIndexes: number[] = [];

/**
 * readKeyFromTables's answer when it needs no device read, or undefined, having changed nothing,
 * when it does (then call readKeyFromTables). No device read is needed when every table the bloom
 * filters let through has the key's block in the block cache: the usual case, as the cache holds
 * more blocks than a node's tables usually have.
 *
 * Why: a read answered from cached blocks ran through readKeyFromTables's callbacks all the same,
 * a closure and an answer object per table, and those were the most garbage of a replica read.
 * The steps are readKeyFromTables's, in its order (bloom filters, pins, each table's block taken
 * from the cache newest table first, merges, counters), so the cache's recency, the counters and
 * the siblings' order are the same either way.
 */
export function readKeyFromCachedBlocks(
  io: TableIo,
  tables: TableSet,
  key: string,
  mode: ConflictMode,
  counters: StorageCounters,
): DeviceValue<TablesAnswer> | undefined {
  const cache = io.blockCache;
  if (cache === undefined) return undefined;
  const all = tables.list();
  // No table yet (a memtable large enough to have held every write so far): nothing to hash.
  if (all.length === 0) return noTables;
  const hashes = bloomKeyHashes(key);
  const candidates = cachedCandidates;
  const blockIndexes = cachedBlockIndexes;
  for (const meta of all) {
    if (!bloomMightContainHashed(meta.bloom, hashes)) continue;
    const blockIndex = blockIndexFor(meta, key);
    if (blockIndex !== undefined && !cache.has(meta.id, blockIndex)) {
      candidates.length = 0;
      blockIndexes.length = 0;
      return undefined;
    }
    candidates.push(meta);
    blockIndexes.push(blockIndex ?? -1);
  }
  tables.pin(candidates);
  let versions: readonly Version[] = [];
  let failure: DeviceFailure | undefined;
  let absent = 0;
  for (let c = 0; c < candidates.length; c++) {
    const meta = candidates[c] as TableMeta;
    const blockIndex = blockIndexes[c] as number;
    const block = blockIndex < 0 ? undefined : cache.get(meta.id, blockIndex);
    const found = block === undefined ? undefined : versionsInBlock(block, key);
    if (found === undefined) absent++;
    else if (!found.ok) failure ??= found;
    else if (failure === undefined) versions = mergeIntoSiblings(versions, found.value, mode);
  }
  const read = candidates.length;
  tables.unpin(candidates);
  candidates.length = 0;
  blockIndexes.length = 0;
  if (failure !== undefined) return failure;
  counters.bloomChecks += all.length;
  counters.bloomNegatives += all.length - read;
  counters.bloomFalsePositives += absent;
  return { ok: true, value: { versions, stable: true, tablesSearched: read } };
}
