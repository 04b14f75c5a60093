/**
 * Every key's siblings in a set of SSTables (plus, for a closed device, its commit log): what a
 * node reads at recovery to rebuild its in-memory key index, and what an inspector shows. Reads
 * whole tables block by block, so it is a full scan (Cassandra's validation compaction does the
 * same to build Merkle trees); point reads go through the engine's read path instead.
 */
import type { ConflictMode } from '../versions/siblings';
import { mergeSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
import { headerOf } from '../versions/version';
import { eachSeries, mapParallel } from './callbacks';
import type { Compressor } from './compressor';
import type { DeviceValue, StorageDevice, TableMeta } from './storageDevice';
import { deviceOk } from './storageDevice';
import type { TableIo } from './tableIo';
import type { TableEntry } from './sstableFormat';
import { readHeadersBlock, readTableEntries } from './tableIo';

/** Each key's merged siblings, keys in first-seen order. */
export type KeySiblings = Map<string, readonly Version[]>;

/** Merges every entry of `tables` into `into`, one table at a time. */
export function scanTables(io: TableIo, tables: readonly TableMeta[], mode: ConflictMode, into: KeySiblings, done: (r: DeviceValue<KeySiblings>) => void): void {
  eachSeries(
    tables,
    (meta, _i, next) =>
      readTableEntries(io, meta, (r) => {
        if (!r.ok) {
          next(r);
          return;
        }
        for (const [key, versions] of r.value) into.set(key, mergeSiblings(into.get(key) ?? [], versions, mode));
        next(deviceOk);
      }),
    (r) => done(r.ok ? { ok: true, value: into } : r),
  );
}

/**
 * Every key's version headers (values null) in `tables`, merged into `into` in the tables'
 * order, exactly as `scanTables` would merge them with the values stripped: merging never looks
 * at values. One read of each table's headers block, all at once; a table written before the
 * headers block existed is decoded whole instead.
 */
export function scanTableHeaders(io: TableIo, tables: readonly TableMeta[], mode: ConflictMode, into: KeySiblings, done: (r: DeviceValue<KeySiblings>) => void): void {
  mapParallel<TableMeta, readonly TableEntry[]>(
    tables,
    (meta, cb) => {
      if (meta.headersBlock !== undefined) readHeadersBlock(io, meta, meta.headersBlock, cb);
      else readTableEntries(io, meta, (r) => cb(r.ok ? { ok: true, value: r.value.map(([key, vs]): TableEntry => [key, vs.map(headerOf)]) } : r));
    },
    (r) => {
      if (!r.ok) {
        done(r);
        return;
      }
      for (const entries of r.value) {
        for (const [key, versions] of entries) {
          // Recovery's hot loop (every key of every table). A key met for the first time with one
          // version is exactly what the merge would answer: one version neither duplicates nor
          // dominates itself, in either conflict mode. Only the rest pays for a merge.
          const had = into.get(key);
          into.set(key, had === undefined && versions.length === 1 ? versions : mergeSiblings(had ?? [], versions, mode));
        }
      }
      done({ ok: true, value: into });
    },
  );
}

/**
 * What a device holds, read without an engine: every table, then the commit log merged on top.
 * It is exactly what recovery would rebuild: the state a dead node comes back with.
 */
export function scanDevice(device: StorageDevice, compressor: Compressor, mode: ConflictMode, done: (r: DeviceValue<KeySiblings>) => void): void {
  device.listTables((t) => {
    if (!t.ok) {
      done(t);
      return;
    }
    scanTables({ device, compressor }, t.value, mode, new Map(), (s) => {
      if (!s.ok) {
        done(s);
        return;
      }
      device.readLog((l) => {
        if (!l.ok) {
          done(l);
          return;
        }
        const out = s.value;
        for (const rec of l.value) out.set(rec.key, mergeSiblings(out.get(rec.key) ?? [], rec.versions, mode));
        done({ ok: true, value: out });
      });
    });
  });
}
