// Spill databases of earlier versions of the page, which spilled each page load's old trace to a
// database of its own (`ringlab-timeline-*`) and deleted it when the page went; a tab that
// crashed never did. Each such page held a Web Lock named after its database for as long as it
// lived, so a page deletes every spill database whose lock nobody holds. The trace is now kept
// per cluster (runtime/traceKeep.ts); this only clears what older pages left behind.

/** The prefix of every spill database's name. */
export const spillDbPrefix = 'ringlab-timeline-';

const lockName = (dbName: string) => `ringlab:spill:${dbName}`;

/** Holds `dbName`'s lock until the page goes; nothing when the browser has no Web Locks. */
export function holdSpillLock(dbName: string): void {
  if (typeof navigator === 'undefined' || navigator.locks === undefined) return;
  void navigator.locks.request(lockName(dbName), () => new Promise<void>(() => undefined)).catch(() => undefined);
}

/**
 * Deletes the spill databases no live page holds, except `own`; resolves to their names. Without
 * Web Locks or a database list, it deletes nothing: another tab's spill must never be lost.
 */
export async function sweepOrphanSpills(own: string): Promise<string[]> {
  if (typeof navigator === 'undefined' || navigator.locks === undefined || typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
  const [databases, locks] = await Promise.all([indexedDB.databases(), navigator.locks.query()]);
  const held = new Set([...(locks.held ?? []), ...(locks.pending ?? [])].map((l) => l.name));
  const orphans = databases
    .map((d) => d.name)
    .filter((name): name is string => name !== undefined && name.startsWith(spillDbPrefix) && name !== own && !held.has(lockName(name)));
  await Promise.all(orphans.map(deleteDatabase));
  return orphans;
}

/** Resolves once the deletion is done, failed, or waits on a connection still open (it then ends when that closes). */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
