// The page's named clients (alice, bob, …). Each is a LiveClient of its own, so it remembers its
// own context per key, as the simulator's clients do, and has its own lane on the timeline. The
// last results, each tagged with its client, are kept here, bounded. No protocol decision here.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { JsonValue } from '../../core/json';
import type { Clock } from '../../core/versions/vectorClock';
import type { ClientResult, LiveClient, Via } from '../../runtime/liveClient';
import type { LiveCluster } from '../../runtime/liveCluster';
import { currentCluster, onFreshStart } from './clusterStore';
import { recordAction } from './actionRecorder';

/** One result, with the name of the client that got it. */
export interface NamedResult {
  /** Unique on this page: request ids start again with every cluster opened, so they cannot key a list. */
  readonly seq: number;
  readonly client: string;
  readonly result: ClientResult;
}

export interface ClientsState {
  readonly names: readonly string[];
  /** Newest first, bounded by resultsMax. */
  readonly results: readonly NamedResult[];
}

const resultsMax = 12;
/** Clients a user can add; each holds up to clientContextsMax contexts. */
const clientsMax = 8;
const defaultNames = ['alice', 'bob'];

export const clientsStore = createStore<ClientsState>(() => ({ names: defaultNames, results: [] }));

let owner: LiveCluster | null = null;
const live = new Map<string, LiveClient>();

/** The named client on the current cluster; a new cluster starts every client with no context. */
function clientNamed(name: string): LiveClient | null {
  const c = currentCluster();
  if (c === null) return null;
  if (owner !== c) {
    owner = c;
    live.clear();
    // Results belong to the cluster that gave them: another cluster's are not shown beside these.
    clientsStore.setState({ results: [] });
  }
  let lc = live.get(name);
  if (lc === undefined) {
    lc = c.createClient(name);
    live.set(name, lc);
  }
  return lc;
}

// A fresh start keeps the LiveCluster object but not its data: the clients' contexts and results
// belong to the run that was erased, as they would to another cluster.
onFreshStart(() => {
  owner = null;
  live.clear();
  clientsStore.setState({ results: [] });
});

let resultSeq = 0;

function keep(client: string, result: ClientResult): ClientResult {
  const seq = ++resultSeq;
  clientsStore.setState((s) => ({ results: [{ seq, client, result }, ...s.results].slice(0, resultsMax) }));
  return result;
}

/**
 * The node a request goes to, chosen now for "any" so the share URL records the very node (the
 * replay's own random choice would differ), and what the step says of it.
 */
function coordinatorOf(lc: LiveClient, via: Via): { via: Via; step: { via?: string } } {
  const chosen = lc.chooseCoordinator(via) ?? via;
  return { via: chosen, step: chosen === 'any' ? {} : { via: chosen } };
}

/** The commands the client panel calls; each records the action for the share URL. */
export const clients = {
  async put(name: string, key: string, value: JsonValue, via: Via, context?: Clock): Promise<ClientResult | null> {
    const lc = clientNamed(name);
    if (lc === null) return null;
    const to = coordinatorOf(lc, via);
    // A reconcile's context is recorded too: the replayed client may have seen another one since.
    recordAction({ do: 'put', client: name, key, value, ...to.step, ...(context !== undefined ? { context: { ...context } } : {}) });
    return keep(name, await lc.put(key, value, to.via, context));
  },
  async get(name: string, key: string, via: Via): Promise<ClientResult | null> {
    const lc = clientNamed(name);
    if (lc === null) return null;
    const to = coordinatorOf(lc, via);
    recordAction({ do: 'get', client: name, key, ...to.step });
    return keep(name, await lc.get(key, to.via));
  },
  async delete(name: string, key: string, via: Via): Promise<ClientResult | null> {
    const lc = clientNamed(name);
    if (lc === null) return null;
    const to = coordinatorOf(lc, via);
    recordAction({ do: 'delete', client: name, key, ...to.step });
    return keep(name, await lc.delete(key, to.via));
  },
  addClient(): void {
    clientsStore.setState((s) => (s.names.length >= clientsMax ? s : { names: [...s.names, `client${s.names.length + 1}`] }));
  },
  clearResults(): void {
    clientsStore.setState({ results: [] });
  },
};

export function useClients<T>(pick: (s: ClientsState) => T): T {
  return useStore(clientsStore, pick);
}
