/** Converts what the protocol returns into the checker's history records (plain JSON). */
import type { ClientReply } from '../core/clientApi';
import type { Version } from '../core/versions/version';
import { displayClock } from '../core/versions/version';
import type { OpRecord, VersionRecord } from '../check/history';

/**
 * Clocks are immutable (vectorClock.ts), so a record shares them instead of copying them: a long
 * run's history holds every sibling of every get, and two copies per version were most of it.
 * Two literals, not a spread of `{ deleted: true }`: V8 gives each spread object a shape of its own.
 */
export function versionRecord(v: Version): VersionRecord {
  const dot = { node: v.dot.node, counter: v.dot.counter };
  return v.deleted
    ? { value: v.value, deleted: true, dot, context: v.context, clock: displayClock(v), timestampMs: v.timestampMs }
    : { value: v.value, dot, context: v.context, clock: displayClock(v), timestampMs: v.timestampMs };
}

/**
 * Fills an invoked record from its reply, in place: the record is the client's own until it
 * completes, and filling it keeps its fields in the order they were invoked with.
 */
export function completeRecord(rec: OpRecord, reply: ClientReply, atMs: number): void {
  rec.completeAt = atMs;
  rec.ok = reply.ok;
  rec.coordinator = reply.coordinator;
  if (!reply.ok) {
    rec.error = reply.error;
    rec.versions = [];
    return;
  }
  rec.error = null;
  if (reply.kind === 'get') {
    rec.context = reply.context;
    rec.versions = reply.versions.map(versionRecord);
  } else {
    rec.versions = [versionRecord(reply.version)];
  }
}
