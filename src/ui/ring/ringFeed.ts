// What the ring drawing reads outside React: the flights on the wire, the keys seen in the trace
// and when each directed link last carried a message. Fed by the live trace's batches, bounded,
// and read by the animation loop once per frame; React never sees it.
import type { TraceEvent } from '../../core/trace';
import type { LiveCluster } from '../../runtime/liveCluster';
import { FlightLog } from './flightLog';

/** Keys drawn on the ring at most: the most recently written ones. */
export const ringKeysMax = 400;
/** Shortest time between two redraws of the keys. */
const keysRedrawMs = 150;

export interface RingFeed {
  readonly flights: FlightLog;
  /** Key → deleted (its newest stored version is a tombstone), most recently touched last. */
  readonly keys: ReadonlyMap<string, boolean>;
  /** Real time (performance.now) each directed link `from→to` (nodes, or a client and a node) last carried a send. */
  readonly lastSendMs: ReadonlyMap<string, number>;
  /** Called (at most once per batch) when the set of keys changed. */
  onKeysChanged(listener: () => void): () => void;
  stop(): void;
}

export const directedLink = (from: string, to: string) => `${from}→${to}`;

/** Lanes whose links' names are remembered; past it they are made again (lanes are nodes and clients: few). */
const linkNamesMax = 256;

export function startRingFeed(cluster: LiveCluster): RingFeed {
  const flights = new FlightLog();
  const keys = new Map<string, boolean>();
  const lastSendMs = new Map<string, number>();
  const listeners = new Set<() => void>();
  let seen = 0;
  let notify: ReturnType<typeof setTimeout> | undefined;

  /** directedLink's names, made once per pair: building and hashing one per send cost more than the rest of the feed. */
  const linkNames = new Map<string, Map<string, string>>();
  const linkName = (from: string, to: string): string => {
    let names = linkNames.get(from);
    if (names === undefined) {
      if (linkNames.size >= linkNamesMax) linkNames.clear();
      linkNames.set(from, (names = new Map<string, string>()));
    }
    let name = names.get(to);
    if (name === undefined) {
      if (names.size >= linkNamesMax) names.clear();
      names.set(to, (name = directedLink(from, to)));
    }
    return name;
  };

  const touch = (key: string, deleted: boolean) => {
    keys.delete(key);
    keys.set(key, deleted);
    if (keys.size > ringKeysMax) keys.delete(keys.keys().next().value ?? '');
  };

  const ingest = (batch: readonly TraceEvent[], live: boolean) => {
    // A fresh start clears the trace: what was drawn belongs to the old cluster.
    if (cluster.trace.total < seen) {
      flights.clear();
      keys.clear();
    }
    seen = cluster.trace.total;
    let keysChanged = false;
    if (live) flights.ingest(batch);
    const nowMs = performance.now();
    for (const e of batch) {
      if (e.type === 'versionStored') {
        touch(e.key, e.deleted);
        keysChanged = true;
      } else if ((e.type === 'send' || e.type === 'clientHop') && live) {
        lastSendMs.set(linkName(e.node, e.to), nowMs);
      }
    }
    if (keysChanged && notify === undefined) {
      // At most a few redraws a second: a busy workload stores hundreds of versions a second.
      notify = setTimeout(() => {
        notify = undefined;
        for (const l of listeners) l();
      }, keysRedrawMs);
    }
  };

  ingest(cluster.trace.events(), false);
  const unsubscribe = cluster.trace.subscribe((batch) => ingest(batch, true));
  return {
    flights,
    keys,
    lastSendMs,
    onKeysChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      unsubscribe();
      clearTimeout(notify);
    },
  };
}
