/** Converts what the protocol returns into the checker's history records (plain JSON). */
import type { ClientReply } from '../core/clientApi';
import type { Version } from '../core/versions/version';
import { displayClock } from '../core/versions/version';
import type { OpRecord, VersionRecord } from '../check/history';

/**
 * Clocks and dots are immutable (vectorClock.ts, version.ts), so a record shares them instead of
 * copying them: a long run's history holds every sibling of every get, and two copies per version
 * were most of it. Two literals, not a spread of `{ deleted: true }`: V8 gives each spread object
 * a shape of its own.
 */
export function versionRecord(v: Version): VersionRecord {
  const dot = v.dot;
  return v.deleted
    ? { value: v.value, deleted: true, dot, context: v.context, clock: displayClock(v), timestampMs: v.timestampMs }
    : { value: v.value, dot, context: v.context, clock: displayClock(v), timestampMs: v.timestampMs };
}

/**
 * Fills an invoked record from its reply, in place: the record is the client's own until it
 * completes, and filling it keeps its fields in the order they were invoked with. The versions
 * the reply carried are returned rather than recorded: `recordVersions` turns them into the
 * record's `versions` when the history is read (see SimClients.history).
 */
export function completeRecord(rec: OpRecord, reply: ClientReply, atMs: number): readonly Version[] | Version | null {
  rec.completeAt = atMs;
  rec.ok = reply.ok;
  rec.coordinator = reply.coordinator;
  if (!reply.ok) {
    rec.error = reply.error;
    return null;
  }
  rec.error = null;
  if (reply.kind === 'get') {
    rec.context = reply.context;
    return reply.versions;
  }
  return reply.version;
}

/** A reply's versions (a get's siblings, or the version a put or delete wrote) as history records. */
export function recordVersions(seen: readonly Version[] | Version): VersionRecord[] {
  return isVersionList(seen) ? seen.map(versionRecord) : [versionRecord(seen)];
}

function isVersionList(seen: readonly Version[] | Version): seen is readonly Version[] {
  return Array.isArray(seen);
}
