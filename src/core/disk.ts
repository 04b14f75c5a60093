/**
 * The durable storage under one node, seen by the protocol. Completion is by callback, not
 * promise: the simulator turns each completion into a simulated event, so runs stay bit-exact,
 * and the browser host calls back when the IndexedDB transaction completes.
 */
import type { Version } from './versions/version';

/** One commit-log record: the versions one write brought to a key (replay merges them in order). */
export interface LogRecord {
  readonly key: string;
  readonly versions: readonly Version[];
}

export type DiskResult = { readonly ok: true } | { readonly ok: false; readonly message: string };
export type ReplayResult =
  | { readonly ok: true; readonly records: readonly LogRecord[] }
  | { readonly ok: false; readonly message: string };

export interface Disk {
  /** Appends records to the commit log; `done` fires once they are durable, or failed. */
  append(records: readonly LogRecord[], done: (r: DiskResult) => void): void;
  /** Reads back every durable record in append order, for recovery after a restart. */
  replay(done: (r: ReplayResult) => void): void;
}
