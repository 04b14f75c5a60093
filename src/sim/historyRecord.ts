/** Converts what the protocol returns into the checker's history records (plain JSON). */
import type { ClientReply } from '../core/clientApi';
import type { Version } from '../core/versions/version';
import { displayClock } from '../core/versions/version';
import type { OpRecord, VersionRecord } from '../check/history';

export function versionRecord(v: Version): VersionRecord {
  return {
    value: v.value,
    ...(v.deleted ? { deleted: true as const } : {}),
    dot: { node: v.dot.node, counter: v.dot.counter },
    context: { ...v.context },
    clock: { ...displayClock(v) },
    timestampMs: v.timestampMs,
  };
}

/** Fills an invoked record from its reply. */
export function completeRecord(rec: OpRecord, reply: ClientReply, atMs: number): OpRecord {
  if (!reply.ok) return { ...rec, completeAt: atMs, ok: false, error: reply.error, coordinator: reply.coordinator, versions: [] };
  if (reply.kind === 'get') {
    return { ...rec, completeAt: atMs, ok: true, error: null, coordinator: reply.coordinator, context: { ...reply.context }, versions: reply.versions.map(versionRecord) };
  }
  return { ...rec, completeAt: atMs, ok: true, error: null, coordinator: reply.coordinator, versions: [versionRecord(reply.version)] };
}
