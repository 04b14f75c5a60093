/**
 * One compaction, as device work: read every block of the chosen tables, merge them (dropping
 * dominated versions and expired tombstones), write the result as one new table. The caller
 * swaps the tables in only when this succeeds, so a failure leaves everything as it was.
 */
import { eachSeries } from './callbacks';
import type { PurgeRule } from './compaction';
import { mergeTables } from './compaction';
import type { TableEntry } from './sstableFormat';
import type { DeviceValue, TableMeta } from './storageDevice';
import { deviceOk } from './storageDevice';
import type { TableIo, TableLayout } from './tableIo';
import { readTableWithTexts, writeTable } from './tableIo';

export interface CompactionJob {
  readonly inputs: readonly TableMeta[];
  readonly outputId: number;
  readonly layout: TableLayout;
  readonly purge: PurgeRule;
}

export interface CompactionOutcome {
  /** The merged table, or none when every entry was purged. */
  readonly output: TableMeta | undefined;
  readonly versionsDropped: number;
  readonly tombstonesDropped: number;
  readonly purgedKeys: readonly string[];
}

/**
 * Reads the inputs one table at a time (newest first, as the caller lists them); memory is
 * bounded by the compaction's `tablesMax` and the tables' sizes.
 */
export function runCompaction(io: TableIo, job: CompactionJob, done: (r: DeviceValue<CompactionOutcome>) => void): void {
  const collected: TableEntry[][] = [];
  const texts: string[][] = [];
  eachSeries(
    job.inputs,
    (meta, _i, next) =>
      readTableWithTexts(io, meta, (r) => {
        if (!r.ok) {
          next(r);
          return;
        }
        collected.push(r.value.entries);
        texts.push(r.value.texts);
        next(deviceOk);
      }),
    (r) => {
      if (!r.ok) {
        done(r);
        return;
      }
      const merged = mergeTables(collected, job.purge, texts);
      const outcome = { versionsDropped: merged.versionsDropped, tombstonesDropped: merged.tombstonesDropped, purgedKeys: merged.purgedKeys };
      if (merged.entries.length === 0) {
        done({ ok: true, value: { output: undefined, ...outcome } });
        return;
      }
      const maxSeq = Math.max(...job.inputs.map((t) => t.maxSeq));
      writeTable(
        io,
        job.outputId,
        maxSeq,
        merged.entries,
        job.layout,
        (w) => done(w.ok ? { ok: true, value: { output: w.value, ...outcome } } : w),
        merged.texts,
      );
    },
  );
}
