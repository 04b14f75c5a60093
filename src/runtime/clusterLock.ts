// One tab per cluster: a Web Lock named after the cluster, held for as long as the page lives.
// Two tabs driving the same IndexedDB databases would corrupt each other's commit logs.

export interface ClusterLock {
  release(): void;
  /** False without the Locks API: nothing keeps a second tab off this cluster's databases. */
  readonly guarded: boolean;
}

/** What the page says when it cannot guard the cluster (no Web Locks). */
export const unguardedNote =
  'This page cannot keep a second tab off this cluster: the browser offers no Web Locks here (the page is not in a secure context, e.g. plain http on a LAN address). Open it in one tab only: two tabs would write the same databases and damage each other\'s data.';

/** The lock asked for by the page's first script, until the first acquireClusterLock. */
let early: { readonly clusterName: string; readonly lock: Promise<ClusterLock | null> } | null = null;
/** Locks this page lets go once its last writes have landed (releaseAfter): its own next open of that cluster waits for them. */
const letting = new Map<string, Promise<void>>();

/**
 * Takes the cluster's lock if nobody holds it. Resolves null when another tab has it open.
 * Without the Locks API (an insecure context) there is nothing to coordinate with: the lock is
 * granted unguarded, and the page says so (unguardedNote).
 */
export function acquireClusterLock(clusterName: string): Promise<ClusterLock | null> {
  // Switched back before this page let it go: it is this page's, not another tab's.
  const lettingGo = letting.get(clusterName);
  if (lettingGo !== undefined) return lettingGo.then(() => acquireClusterLock(clusterName));
  const e = early;
  early = null;
  // Refused that early, it is asked for once more: on a reload, the page before may not have let
  // it go yet.
  if (e?.clusterName === clusterName) return e.lock.then((l) => l ?? requestLock(clusterName));
  // The page opened another cluster first: the lock asked for early is let go once granted.
  void e?.lock.then((l) => l?.release());
  return requestLock(clusterName);
}

/**
 * Asks for the lock of the cluster the tab will open, from the page's first script. The grant
 * is a round trip to the browser whose answer waits for a free main thread: asked for only once
 * the page's code had arrived, it came back after the page's first render, and the node workers
 * got their nodes that much later. The first acquireClusterLock takes it, or lets it go.
 */
export function requestClusterLockEarly(clusterName: string): void {
  early ??= { clusterName, lock: requestLock(clusterName) };
}

/**
 * Lets `lock` go once `done` (the cluster's last writes) settles, or after `maxMs` at most: until
 * then another tab must not open the cluster and read or number its kept trace without them. A
 * disk that never answers holds it no longer than that.
 */
export function releaseAfter(clusterName: string, lock: ClusterLock, done: Promise<unknown>, maxMs: number): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)));
  const released = Promise.race([done.then(noop, noop), waited]).then(() => {
    clearTimeout(timer);
    if (letting.get(clusterName) === released) letting.delete(clusterName);
    lock.release();
  });
  letting.set(clusterName, released);
}

const noop = () => undefined;

/** The Web Lock's name: other code asks whether a cluster is open in some tab. */
export const clusterLockName = (clusterName: string) => `ringlab:cluster:${clusterName}`;

function requestLock(clusterName: string): Promise<ClusterLock | null> {
  if (typeof navigator === 'undefined' || navigator.locks === undefined) {
    return Promise.resolve({ release: () => undefined, guarded: false });
  }
  return new Promise((resolve) => {
    void navigator.locks.request(clusterLockName(clusterName), { ifAvailable: true }, (lock) => {
      if (lock === null) {
        resolve(null);
        return undefined;
      }
      // Holding the returned promise holds the lock; the page closing releases it too.
      return new Promise<void>((release) => resolve({ release, guarded: true }));
    });
  });
}
