/**
 * One compaction, as device work: read every block of the chosen tables, merge them (dropping
 * dominated versions and expired tombstones), write the result as one new table. The caller
 * swaps the tables in only when this succeeds, so a failure leaves everything as it was.
 */
import { eachSeries } from './callbacks';
import type { PurgeRule } from './compaction';
import { mergeStreams } from './compaction';
import type { DeviceValue, TableMeta } from './storageDevice';
import type { TableIo, TableLayout, WholeTable } from './tableIo';
import { TableDraftBuilder } from './sstableFormat';
import { decompressTable, gatherTable, tableBlocks, writeDraft } from './tableIo';

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
 * Reads the inputs one table at a time (newest first, as the caller lists them), then merges
 * them block by block into the output as it is drafted (mergeStreams): memory is bounded by the
 * compaction's `tablesMax` and the tables' sizes, and what the collector must walk by the blocks
 * under the merge's cursors.
 */
export function runCompaction(io: TableIo, job: CompactionJob, done: (r: DeviceValue<CompactionOutcome>) => void): void {
  const gathered: WholeTable[] = [];
  const decompressAll = (): void => {
    const inputs: WholeTable[] = [];
    eachSeries(
      gathered,
      (table, _i, next) =>
        decompressTable(io, table, (r) => {
          if (r.ok) inputs.push(r.value);
          next(r);
        }),
      (r) => (r.ok ? mergeAndWrite(io, job, inputs, done) : done(r)),
    );
  };
  eachSeries(
    job.inputs,
    (meta, _i, next) =>
      gatherTable(io, meta, (r) => {
        if (r.ok) gathered.push(r.value);
        next(r);
      }),
    (r) => (r.ok ? decompressAll() : done(r)),
  );
}

function mergeAndWrite(io: TableIo, job: CompactionJob, inputs: readonly WholeTable[], done: (r: DeviceValue<CompactionOutcome>) => void): void {
  const output = new TableDraftBuilder(job.layout.blockBytesTarget, job.layout.bloomBitsPerKey, false);
  const counts = mergeStreams(
    inputs.map((t) => tableBlocks(t)),
    job.purge,
    output,
  );
  if (!counts.ok) {
    done(counts);
    return;
  }
  const outcome = counts.value;
  if (output.entryCount === 0) {
    done({ ok: true, value: { output: undefined, ...outcome } });
    return;
  }
  const maxSeq = Math.max(...job.inputs.map((t) => t.maxSeq));
  writeDraft(io, job.outputId, maxSeq, output.finish(), (w) => done(w.ok ? { ok: true, value: { output: w.value, ...outcome } } : w));
}
