/**
 * How the commit log lies in IndexedDB: one row per group-commit batch (up to `rowRecordsMax`
 * records), keyed by its last sequence number. Pure; the device does the I/O.
 *
 * A row per record cost one request (a structured clone, an IPC message to the browser's storage
 * thread and a LevelDB entry) per record; a batch is written and read whole anyway. Rows written
 * before groups existed hold one record each (`CommitRecord`, keyed by its seq) and are read as
 * they were, so an older database needs no migration.
 */
import type { CommitRecord } from '../../core/storage';

/** A group of records written in one transaction. `seq` (the key) is the largest seq it holds. */
export interface LogGroupRow {
  readonly seq: number;
  /** The smallest seq it holds: a truncation that falls inside the group rewrites it. */
  readonly first: number;
  readonly records: readonly CommitRecord[];
}

/** A stored row: a group, or a single record written before groups existed. */
export type LogRow = LogGroupRow | CommitRecord;

/**
 * Records per row. Chromium stores a value past 64 KB as a separate blob, which costs far more
 * than a row; at a few hundred bytes per record, 100 stay well below it.
 */
export const rowRecordsMax = 100;

/** A batch as rows, `rowRecordsMax` records at most each, in sequence order. */
export function groupRows(records: readonly CommitRecord[]): LogGroupRow[] {
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const rows: LogGroupRow[] = [];
  for (let i = 0; i < sorted.length; i += rowRecordsMax) {
    const chunk = sorted.slice(i, i + rowRecordsMax);
    const first = chunk[0];
    const last = chunk[chunk.length - 1];
    if (first !== undefined && last !== undefined) rows.push({ seq: last.seq, first: first.seq, records: chunk });
  }
  return rows;
}

/** Every record the rows hold, in sequence order: what `readLog` answers. */
export function rowRecords(rows: readonly LogRow[]): CommitRecord[] {
  const out: CommitRecord[] = [];
  for (const row of rows) {
    if ('records' in row) out.push(...row.records);
    else out.push(row);
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/**
 * What a truncation through `throughSeq` leaves of a row whose key is past it: the row itself, or
 * (a group that began at or before `throughSeq`) the group without the truncated records.
 */
export function rowAfterTruncation(row: LogRow, throughSeq: number): LogRow {
  if (!('records' in row) || row.first > throughSeq) return row;
  const kept = row.records.filter((r) => r.seq > throughSeq);
  return { seq: row.seq, first: kept[0]?.seq ?? row.seq, records: kept };
}
