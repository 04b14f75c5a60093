// One tab per cluster: a Web Lock named after the cluster, held for as long as the page lives.
// Two tabs driving the same IndexedDB databases would corrupt each other's commit logs.

export interface ClusterLock {
  release(): void;
}

/** The lock asked for by the page's first script, until the first acquireClusterLock. */
let early: { readonly clusterName: string; readonly lock: Promise<ClusterLock | null> } | null = null;

/**
 * Takes the cluster's lock if nobody holds it. Resolves null when another tab has it open.
 * Without the Locks API (an insecure context) there is nothing to coordinate with: the lock is
 * granted, and the page says nothing it cannot know.
 */
export function acquireClusterLock(clusterName: string): Promise<ClusterLock | null> {
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

/** The Web Lock's name: other code asks whether a cluster is open in some tab. */
export const clusterLockName = (clusterName: string) => `ringlab:cluster:${clusterName}`;

function requestLock(clusterName: string): Promise<ClusterLock | null> {
  if (typeof navigator === 'undefined' || navigator.locks === undefined) {
    return Promise.resolve({ release: () => undefined });
  }
  return new Promise((resolve) => {
    void navigator.locks.request(clusterLockName(clusterName), { ifAvailable: true }, (lock) => {
      if (lock === null) {
        resolve(null);
        return undefined;
      }
      // Holding the returned promise holds the lock; the page closing releases it too.
      return new Promise<void>((release) => resolve({ release }));
    });
  });
}
