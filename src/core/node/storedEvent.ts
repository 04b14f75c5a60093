/** The trace event of a version made durable on a node. */
import type { RequestId } from '../ids';
import type { NodeTraceEvent } from '../trace';
import type { Version } from '../versions/version';
import { displayClock } from '../versions/version';

export function storedEvent(reqId: RequestId | undefined, key: string, v: Version, siblings: number): NodeTraceEvent {
  return { type: 'versionStored', ...(reqId !== undefined ? { reqId } : {}), key, dot: v.dot, clock: displayClock(v), deleted: v.deleted, siblings };
}
