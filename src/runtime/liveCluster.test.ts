// Goal: LiveCluster.open brings a saved cluster back as it stood: the clock resumes where it
// was, and links cut before the reload are cut again without a new trace event (a new one
// would come before the resumed present, and the story would record a second cut).
// Method: the nodes' handles are fakes that answer at once (no worker), localStorage is in
// memory, IndexedDB is fake-indexeddb (the kept trace); a configuration is saved, then opened.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nodeId } from '../core/ids';
import { defaultClusterConfig, saveClusterConfig } from './clusterConfig';
import { unguardedNote } from './clusterLock';
import { nodeDatabaseNames } from './idbDisk';
import type { NodeInitArgs } from './nodeHandle';
import type { LiveCluster } from './liveCluster';

const inits: NodeInitArgs[] = [];

vi.mock('./nodeHandle', () => ({
  NodeHandle: class {
    readonly isAlive = true;
    // Every call a live cluster makes on a worker's proxy answers at once.
    readonly api = new Proxy({}, { get: () => () => Promise.resolve(undefined) });
    constructor(readonly id: string) {}
    init(args: NodeInitArgs) {
      inits.push(args);
      return Promise.resolve({ records: 0, ok: true });
    }
    connect() {}
    terminate() {
      return Promise.resolve();
    }
  },
}));

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

let opened: LiveCluster | null = null;
beforeEach(() => {
  inits.length = 0;
  vi.stubGlobal('localStorage', memoryStorage());
  vi.stubGlobal('sessionStorage', memoryStorage());
});
afterEach(() => {
  opened?.close();
  opened = null;
  vi.unstubAllGlobals();
});

async function open(name: string): Promise<LiveCluster> {
  const { LiveCluster } = await import('./liveCluster');
  const r = await LiveCluster.open(name);
  if (r.kind !== 'open') throw new Error('the cluster was locked');
  opened = r.cluster;
  // The page's own events are released at the end of the task that traced them.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return r.cluster;
}

describe('LiveCluster.open', () => {
  it('a reload with a cut link traces no cut, and every event it traces is at the resumed present or later', async () => {
    const resumeAtMs = 500_000;
    saveClusterConfig({ ...defaultClusterConfig('reloaded', 1), resumeAtMs, cutLinks: [{ from: 'S1', to: 'S2' }] });
    const cluster = await open('reloaded');
    const events = cluster.trace.events();
    expect(events.filter((e) => e.type === 'nodeUp')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'linkCut' || e.type === 'linkHealed')).toEqual([]);
    for (const e of events) expect(e.at).toBeGreaterThanOrEqual(resumeAtMs);
    // The link is still cut, for the page and for every worker started.
    expect(cluster.snapshot().cutLinks).toEqual([{ from: 'S1', to: 'S2' }]);
    expect(inits).toHaveLength(5);
    for (const args of inits) expect(args.links).toEqual([{ from: 'S1', to: 'S2', cut: true, epoch: 1 }]);
  });

  it('a cut made after the reload is traced at the present', async () => {
    saveClusterConfig({ ...defaultClusterConfig('cut-later', 1), resumeAtMs: 20_000 });
    const cluster = await open('cut-later');
    cluster.network.cut(nodeId('S3'), nodeId('S4'), true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const cuts = cluster.trace.events().filter((e) => e.type === 'linkCut');
    expect(cuts.map((e) => [e.node, e.at >= 20_000])).toEqual([['S3', true]]);
  });

  it('without Web Locks the page says that nothing keeps a second tab off the cluster, and says it again after a fresh start', async () => {
    vi.stubGlobal('navigator', {});
    const cluster = await open('unguarded');
    expect(cluster.snapshot().problems).toEqual([unguardedNote]);
    await cluster.startFresh();
    expect(cluster.snapshot().problems).toEqual([unguardedNote]);
  });

  it('with Web Locks it says nothing of the kind', async () => {
    vi.stubGlobal('navigator', { locks: grantingLocks() });
    const cluster = await open('guarded');
    expect(cluster.snapshot().problems).toEqual([]);
  });

  it('a fresh start whose delete another tab blocks says so among the new cluster’s problems', async () => {
    vi.stubGlobal('navigator', { locks: grantingLocks() });
    const cluster = await open('blocked-fresh');
    const held = await new Promise<IDBDatabase>((resolve) => {
      const req = indexedDB.open(nodeDatabaseNames('blocked-fresh', 'S2').engine);
      req.onsuccess = () => {
        // As another tab that ignores the request to close.
        req.result.onversionchange = () => undefined;
        resolve(req.result);
      };
    });
    await cluster.startFresh();
    expect(cluster.snapshot().problems).toEqual([expect.stringMatching(/^start fresh: S2: wiping the node database failed: .*blocked by another open connection/)]);
    held.close();
  });
});

/** Web Locks that grant every request: a guarded cluster. */
function grantingLocks() {
  return { request: (_name: string, _options: unknown, grant: (lock: object) => Promise<void>) => void grant({}) };
}
