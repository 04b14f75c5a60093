// One tab per cluster: a Web Lock named after the cluster, held for as long as the page lives.
// Two tabs driving the same IndexedDB databases would corrupt each other's commit logs.

export interface ClusterLock {
  release(): void;
}

/**
 * Takes the cluster's lock if nobody holds it. Resolves null when another tab has it open.
 * Without the Locks API (an insecure context) there is nothing to coordinate with: the lock is
 * granted, and the page says nothing it cannot know.
 */
export function acquireClusterLock(clusterName: string): Promise<ClusterLock | null> {
  if (typeof navigator === 'undefined' || navigator.locks === undefined) {
    return Promise.resolve({ release: () => undefined });
  }
  return new Promise((resolve) => {
    void navigator.locks.request(`ringlab:cluster:${clusterName}`, { ifAvailable: true }, (lock) => {
      if (lock === null) {
        resolve(null);
        return undefined;
      }
      // Holding the returned promise holds the lock; the page closing releases it too.
      return new Promise<void>((release) => resolve({ release }));
    });
  });
}
