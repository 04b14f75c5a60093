/** The trace event of a version made durable on a node. */
import type { RequestId } from '../ids';
import type { NodeTraceEvent } from '../trace';
import type { Version } from '../versions/version';
import { displayClock } from '../versions/version';

export function storedEvent(reqId: RequestId | undefined, key: string, v: Version, siblings: number): NodeTraceEvent {
  // Two literals, not a spread of `{ reqId }` (a spread made an object and a copy per event); same keys, same order.
  const clock = displayClock(v);
  return reqId !== undefined
    ? { type: 'versionStored', reqId, key, dot: v.dot, clock, deleted: v.deleted, siblings }
    : { type: 'versionStored', key, dot: v.dot, clock, deleted: v.deleted, siblings };
}
