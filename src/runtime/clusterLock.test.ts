// Goal: the lock asked for by the page's first script is the one the cluster's opening takes
// when both name the same cluster; a lock for another cluster is let go, never kept by a tab
// that does not use it; and an early refusal (the page before a reload still holding it) is
// asked again. A closed cluster's lock is held until its last trace writes land (or a bound
// passes), and the same page opening it again meanwhile waits for it instead of being refused.
// Method: a fake Web Locks manager that grants each name to one holder at a time.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const held = new Set<string>();
let requests: string[] = [];

/** `ifAvailable` requests, as the Locks API runs them: null when held, else held until the callback's promise settles. */
const fakeLocks = {
  request(name: string, _options: { ifAvailable: boolean }, callback: (lock: object | null) => Promise<void> | undefined): Promise<void> {
    requests.push(name);
    if (held.has(name)) return Promise.resolve(void callback(null));
    held.add(name);
    const holding = callback({ name }) ?? Promise.resolve();
    return holding.then(() => void held.delete(name));
  },
};

beforeEach(() => {
  held.clear();
  requests = [];
  vi.stubGlobal('navigator', { locks: fakeLocks });
  vi.resetModules();
});

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('clusterLock', () => {
  it('the opening takes the lock asked for early: one request in all', async () => {
    const { acquireClusterLock, requestClusterLockEarly } = await import('./clusterLock');
    requestClusterLockEarly('main');
    const lock = await acquireClusterLock('main');
    expect(lock).not.toBeNull();
    expect(requests).toEqual(['ringlab:cluster:main']);
    expect(held.has('ringlab:cluster:main')).toBe(true);
    lock?.release();
    await settle();
    expect(held.size).toBe(0);
  });

  it('an early lock of another cluster is let go once the page opens a different one', async () => {
    const { acquireClusterLock, requestClusterLockEarly } = await import('./clusterLock');
    requestClusterLockEarly('main');
    const lock = await acquireClusterLock('shared-1');
    await settle();
    expect(lock).not.toBeNull();
    expect([...held]).toEqual(['ringlab:cluster:shared-1']);
  });

  it('refused early, the lock is asked again when the opening needs it', async () => {
    const { acquireClusterLock, requestClusterLockEarly } = await import('./clusterLock');
    held.add('ringlab:cluster:main');
    requestClusterLockEarly('main');
    await settle();
    // The page before the reload lets go in between.
    held.delete('ringlab:cluster:main');
    const lock = await acquireClusterLock('main');
    expect(lock).not.toBeNull();
    expect(requests).toEqual(['ringlab:cluster:main', 'ringlab:cluster:main']);
  });

  it('another tab holding the cluster: the opening is refused', async () => {
    const { acquireClusterLock, requestClusterLockEarly } = await import('./clusterLock');
    held.add('ringlab:cluster:main');
    requestClusterLockEarly('main');
    expect(await acquireClusterLock('main')).toBeNull();
  });

  it('a closed cluster holds its lock until its last writes land, then lets it go', async () => {
    const { acquireClusterLock, releaseAfter } = await import('./clusterLock');
    const lock = await acquireClusterLock('main');
    if (lock === null) throw new Error('not granted');
    let written: () => void = () => undefined;
    releaseAfter('main', lock, new Promise<void>((r) => (written = r)), 10_000);
    await settle();
    // Another tab asking now is refused: the writes are not in yet.
    expect(held.has('ringlab:cluster:main')).toBe(true);
    written();
    await settle();
    expect(held.size).toBe(0);
  });

  it('writes that fail or never end hold the lock no longer than the bound', async () => {
    const { acquireClusterLock, releaseAfter } = await import('./clusterLock');
    const failing = await acquireClusterLock('a');
    const stuck = await acquireClusterLock('b');
    if (failing === null || stuck === null) throw new Error('not granted');
    releaseAfter('a', failing, Promise.reject(new Error('quota')), 10_000);
    releaseAfter('b', stuck, new Promise(() => undefined), 20);
    await settle();
    expect([...held]).toEqual(['ringlab:cluster:b']);
    await new Promise((r) => setTimeout(r, 40));
    expect(held.size).toBe(0);
  });

  it('the same page opening the cluster again while it lets go waits for it and gets it', async () => {
    const { acquireClusterLock, releaseAfter } = await import('./clusterLock');
    const first = await acquireClusterLock('main');
    if (first === null) throw new Error('not granted');
    let written: () => void = () => undefined;
    releaseAfter('main', first, new Promise<void>((r) => (written = r)), 10_000);
    const again = acquireClusterLock('main');
    await settle();
    expect(requests).toEqual(['ringlab:cluster:main']);
    written();
    expect(await again).not.toBeNull();
    expect(held.has('ringlab:cluster:main')).toBe(true);
  });

  it('a lock taken through Web Locks is guarded; without them it is granted unguarded', async () => {
    const { acquireClusterLock } = await import('./clusterLock');
    const lock = await acquireClusterLock('guarded');
    expect(lock?.guarded).toBe(true);
    lock?.release();
    vi.stubGlobal('navigator', {});
    const unguarded = await acquireClusterLock('unguarded');
    expect(unguarded?.guarded).toBe(false);
    expect(requests).toEqual(['ringlab:cluster:guarded']);
  });
});
