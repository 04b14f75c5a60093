// The page's store: a thin zustand layer over the LiveCluster. It mirrors the cluster's
// snapshot, counts trace events and drops per link, keeps the last client results, and offers
// the commands components call. No React here, and no protocol decision.
import { createStore } from 'zustand/vanilla';
import type { NodeId } from '../../core/ids';
import type { JsonValue } from '../../core/json';
import type { TraceEvent } from '../../core/trace';
import { chooseClusterName, newClusterName } from '../../runtime/clusterConfig';
import type { ClusterSnapshot, QuorumChange } from '../../runtime/clusterSnapshot';
import type { ClientResult, Via } from '../../runtime/liveClient';
import type { LiveCluster, OpenResult } from '../../runtime/liveCluster';
import { keepSpareNodeWorkers } from '../../runtime/nodeWorkers';
import { openCluster } from '../../runtime/clusterOpening';
import { publishSoon } from './publishClock';

export type Phase =
  | { readonly kind: 'booting' }
  | { readonly kind: 'locked'; readonly clusterName: string }
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly message: string };

export interface ClusterState {
  readonly phase: Phase;
  readonly snapshot: ClusterSnapshot | null;
  readonly traceTotal: number;
  readonly drops: number;
  /** Drops per directed link, keyed `from→to`. */
  readonly dropsByLink: Readonly<Record<string, number>>;
  /** Newest first, bounded. */
  readonly results: readonly ClientResult[];
  readonly notice: string | null;
}

/** Results kept on the page. */
const resultsMax = 12;
/** Keys a brand-new cluster starts with, so the first view has something to read. */
const sampleKeys: readonly [string, string][] = [['apple', 'red'], ['banana', 'yellow'], ['cherry', 'dark red']];

export const linkKey = (from: string, to: string) => `${from}→${to}`;

export const clusterStore = createStore<ClusterState>(() => ({
  phase: { kind: 'booting' },
  snapshot: null,
  traceTotal: 0,
  drops: 0,
  dropsByLink: {},
  results: [],
  notice: null,
}));

let cluster: LiveCluster | null = null;
/** Unsubscribers of the attached cluster: a closed cluster must not write into the store. */
const attached: (() => void)[] = [];
/** Drop counts per link, accumulated outside React and published with the counters. */
let dropsByLink: Record<string, number> = {};

/** Told when the open cluster has started fresh (its data and settings erased). */
const freshStartListeners = new Set<(c: LiveCluster) => void>();

export function onFreshStart(listener: (c: LiveCluster) => void): () => void {
  freshStartListeners.add(listener);
  return () => freshStartListeners.delete(listener);
}

/** The client the page's sample keys are written by, as the story names it. */
export const sampleKeysClient = 'page';
/** Told of each sample key the page writes into a fresh cluster, as it sends the put. */
const samplePutListeners = new Set<(key: string, value: string) => void>();

export function onSamplePut(listener: (key: string, value: string) => void): () => void {
  samplePutListeners.add(listener);
  return () => samplePutListeners.delete(listener);
}

/** The open cluster, for commands and the test hook; null before boot or when locked. */
export function currentCluster(): LiveCluster | null {
  return cluster;
}

/**
 * Calls `attach` with the open cluster, then with each cluster the page opens in its place; what
 * `attach` returns detaches it, when another opens and when the returned stop is called.
 */
export function followOpenCluster(attach: (c: LiveCluster) => () => void): () => void {
  let followed: LiveCluster | null = null;
  let detach: (() => void) | null = null;
  const follow = (c: LiveCluster | null): void => {
    if (c === followed) return;
    detach?.();
    detach = null;
    followed = c;
    if (c !== null) detach = attach(c);
  };
  follow(cluster);
  const stop = clusterStore.subscribe(() => follow(cluster));
  return () => {
    stop();
    follow(null);
  };
}

/**
 * Opens this tab's cluster (or reports it open elsewhere) and seeds a fresh one. `open` is how:
 * by default the saved cluster of that name, or a new one (a shared run loads its own).
 */
export async function boot(clusterName = chooseClusterName(), open: (name: string) => Promise<OpenResult> = openCluster): Promise<void> {
  clusterStore.setState({ phase: { kind: 'booting' } });
  try {
    const opened = await open(clusterName);
    // The nodes have their workers now; of the early ones nobody took, one stays loaded for the
    // next restart or join (a worker's start is a good part of a restart), unless no cluster opened.
    keepSpareNodeWorkers(opened.kind === 'locked' ? 0 : 1);
    if (opened.kind === 'locked') {
      clusterStore.setState({ phase: { kind: 'locked', clusterName } });
      return;
    }
    attach(opened.cluster);
    // The page answers at once; a fresh cluster's few sample keys land a moment later, as the
    // visitor watches (their puts show on the ring and the timeline like any other).
    clusterStore.setState({ phase: { kind: 'ready' } });
    if (opened.cluster.fresh) void seedSampleKeys(opened.cluster);
  } catch (error) {
    clusterStore.setState({ phase: { kind: 'failed', message: String(error) } });
  }
}

/**
 * Shows another saved cluster in this tab: the open one is closed (its workers stop, its disks
 * and configuration stay, so it can be reopened as it was) and the other is opened.
 */
export function switchCluster(clusterName: string, open?: (name: string) => Promise<OpenResult>): Promise<void> {
  detach();
  return boot(clusterName, open);
}

/** The second tab's way out: a new cluster of its own, with its own databases. */
export function openNewCluster(): Promise<void> {
  return boot(newClusterName());
}

async function seedSampleKeys(c: LiveCluster): Promise<void> {
  // A put that fails shows as a failed request on the timeline; one cut short because the
  // visitor already switched or started fresh has nothing left to tell.
  await Promise.allSettled(
    sampleKeys.map(([key, value]) => {
      for (const listener of samplePutListeners) listener(key, value);
      return c.client.put(key, value, 'any');
    }),
  );
}

/** Stops listening to the open cluster and closes it. */
function detach(): void {
  for (const stop of attached.splice(0)) stop();
  cluster?.close();
  cluster = null;
  dropsByLink = {};
  // Booting first: the views that read the snapshot are gone before it is.
  clusterStore.setState({ phase: { kind: 'booting' }, snapshot: null, results: [], traceTotal: 0, drops: 0, dropsByLink, notice: null });
}

function attach(c: LiveCluster): void {
  for (const stop of attached.splice(0)) stop();
  cluster = c;
  clusterStore.setState({ snapshot: c.snapshot() });
  // Snapshots (each node's key count changes twice a second under load) and trace counters go
  // to React on the publish clock, a few times a second; the trace itself is not copied. A node
  // coming up or going down, a problem or a settled ring change shows at once: a first visit's
  // nodes waited up to a publish period to show as up.
  const publishSnapshot = () => cluster === c && clusterStore.setState({ snapshot: c.snapshot() });
  const publishCounters = () => cluster === c && clusterStore.setState({ traceTotal: c.trace.total, drops: c.trace.drops, dropsByLink });
  attached.push(c.subscribe((urgent) => (urgent ? publishSnapshot() : publishSoon(publishSnapshot))));
  attached.push(c.trace.subscribe((batch: readonly TraceEvent[]) => {
    for (const e of batch) {
      if (e.type === 'drop') {
        const k = linkKey(e.node, e.to);
        dropsByLink = { ...dropsByLink, [k]: (dropsByLink[k] ?? 0) + 1 };
      }
    }
    publishSoon(publishCounters);
  }));
}

/**
 * A command's effect reaches React now, not at the publish clock's next tick (up to 250 ms
 * under load): a checkbox, a node's state or a slider must answer the click that changed it.
 */
export function answerNow(): void {
  if (cluster !== null) clusterStore.setState({ snapshot: cluster.snapshot() });
}

function withCluster(run: (c: LiveCluster) => void): void {
  if (cluster === null) return;
  run(cluster);
  answerNow();
}

function addResult(r: ClientResult): void {
  clusterStore.setState((s) => ({ results: [r, ...s.results].slice(0, resultsMax) }));
}

/** Client operations: the result (success or error) lands in the store and is returned. */
export const client = {
  async put(key: string, value: JsonValue, via: Via): Promise<ClientResult | null> {
    const r = cluster === null ? null : await cluster.client.put(key, value, via);
    if (r !== null) addResult(r);
    return r;
  },
  async get(key: string, via: Via): Promise<ClientResult | null> {
    const r = cluster === null ? null : await cluster.client.get(key, via);
    if (r !== null) addResult(r);
    return r;
  },
  async delete(key: string, via: Via): Promise<ClientResult | null> {
    const r = cluster === null ? null : await cluster.client.delete(key, via);
    if (r !== null) addResult(r);
    return r;
  },
};

/** Lifecycle, network, time and settings commands. */
export const commands = {
  kill: (id: NodeId) => withCluster((c) => c.kill(id)),
  restart: (id: NodeId) => withCluster((c) => c.restart(id)),
  wipe: (id: NodeId) => withCluster((c) => void c.wipe(id)),
  cut: (a: NodeId, b: NodeId, oneWay: boolean) => withCluster((c) => c.network.cut(a, b, oneWay)),
  heal: (a: NodeId, b: NodeId, oneWay: boolean) => withCluster((c) => c.network.heal(a, b, oneWay)),
  healAll: () => withCluster((c) => c.network.healAll()),
  pause: () => withCluster((c) => c.pause()),
  resume: () => withCluster((c) => c.resume()),
  setSpeed: (speed: number) => withCluster((c) => c.setSpeed(speed)),
  setQuorum: (change: QuorumChange) =>
    withCluster((c) => clusterStore.setState({ notice: c.setSettings(change) })),
  startFresh: () =>
    withCluster((c) => {
      dropsByLink = {};
      clusterStore.setState({ results: [], traceTotal: 0, drops: 0, dropsByLink, notice: null });
      void c.startFresh().then(() => {
        for (const listener of freshStartListeners) listener(c);
        return seedSampleKeys(c);
      });
    }),
};
