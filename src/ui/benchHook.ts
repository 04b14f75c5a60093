// The window hook bench/browser drives: it times what a person would wait for (a cluster booting,
// a node restarting, a run of requests) with the page's own clock, so Playwright's polling is
// not part of the figure. It measures; it decides nothing and changes nothing the page shows.
import type { NodeId } from '../core/ids';
import { nodeId } from '../core/ids';
import type { LatencyModel } from '../core/network/latency';
import type { TraceEvent } from '../core/trace';
import type { LiveCluster } from '../runtime/liveCluster';
import { LiveCluster as Cluster } from '../runtime/liveCluster';
import { rememberClusterName, forgetClusterConfig, newClusterName } from '../runtime/clusterConfig';
import { deleteNodeDatabase } from '../runtime/idbDisk';
import { requestPackets } from '../runtime/nodeHandle';
import { currentCluster } from './store/clusterStore';

export interface TimedRun {
  readonly ok: number;
  /** Each op's latency in simulated ms (real ms at full speed). */
  readonly latenciesMs: number[];
  readonly elapsedMs: number;
  /** Failed ops by error kind, with the first message of each: why they failed. */
  readonly failures: Record<string, { count: number; message: string }>;
}

/** Commit-log transactions and records, and the read path's counters, summed over the nodes that are up. */
export interface DiskTotals {
  readonly transactions: number;
  readonly records: number;
  readonly entryCacheHits: number;
  readonly entryCacheMisses: number;
  readonly blockCacheHits: number;
  readonly blockCacheMisses: number;
  readonly bloomChecks: number;
  readonly tables: number;
  /** Data blocks in the live tables, and decoded blocks the block caches hold. */
  readonly tableBlocks: number;
  readonly cachedBlocks: number;
  /** Packets the nodes posted to each other, and the frames they carried. */
  readonly peerPackets: number;
  readonly peerFrames: number;
  /** Packets of client requests the page posted to the nodes, and the requests they carried. */
  readonly requestPackets: number;
  readonly requests: number;
}

export interface RinglabBenchHook {
  /** One op per key with at most `concurrency` in flight; puts write `valueBytes`-byte values. */
  timed(op: 'put' | 'get', keys: readonly string[], concurrency: number, valueBytes: number): Promise<TimedRun>;
  /** Every link's latency from now on (the network panel's setting). */
  setLatency(latency: LatencyModel): void;
  /** Commit-log transactions and records so far, summed over the nodes that are up. */
  diskTotals(): Promise<DiskTotals>;
  /** A brand-new 5-node cluster: ms until every node recovered, and until a put and a get answered. */
  bootCluster(): Promise<{ upMs: number; putMs: number; getMs: number }>;
  /** Keys among `candidates` that `id` is a replica of, at most `max`. */
  keysHeldBy(id: string, candidates: readonly string[], max: number): string[];
  /** Kills `id`, restarts it: ms until it recovered and until a get it coordinates answered. */
  restart(id: string, key: string): Promise<{ recoveredMs: number; servedMs: number; keys: number }>;
  /** The trace the page holds (bounded), for cutting requests into the stages of their path. */
  traceEvents(): TraceEvent[];
}

declare global {
  interface Window {
    __ringlabBench?: RinglabBenchHook;
  }
}

function cluster(): LiveCluster {
  const c = currentCluster();
  if (c === null) throw new Error('no cluster is open');
  return c;
}

/** Resolves once every node in `ids` reports state up. */
function whenUp(c: LiveCluster, ids: readonly NodeId[]): Promise<void> {
  const allUp = () => ids.every((id) => c.snapshot().nodes.find((n) => n.id === id)?.state === 'up');
  if (allUp()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = c.subscribe(() => {
      if (!allUp()) return;
      stop();
      resolve();
    });
  });
}

async function timed(c: LiveCluster, op: 'put' | 'get', keys: readonly string[], concurrency: number, valueBytes: number): Promise<TimedRun> {
  const value = 'v'.repeat(valueBytes);
  let next = 0;
  let ok = 0;
  const latenciesMs: number[] = [];
  const failures: Record<string, { count: number; message: string }> = {};
  const started = performance.now();
  const lane = async () => {
    for (let i = next++; i < keys.length; i = next++) {
      const key = keys[i] ?? '';
      const r = op === 'put' ? await c.client.put(key, value, 'any') : await c.client.get(key, 'any');
      if (r.reply.ok) ok++;
      else {
        const f = (failures[r.reply.error] ??= { count: 0, message: r.reply.message });
        f.count++;
      }
      latenciesMs.push(r.latencyMs);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { ok, latenciesMs, elapsedMs: performance.now() - started, failures };
}

async function bootCluster(): Promise<{ upMs: number; putMs: number; getMs: number }> {
  const name = newClusterName();
  const started = performance.now();
  const opened = await Cluster.open(name);
  if (opened.kind !== 'open') throw new Error(`cluster ${name} is locked`);
  const c = opened.cluster;
  try {
    const up = whenUp(c, c.members()).then(() => performance.now() - started);
    let putMs = NaN;
    for (let tries = 0; tries < 50 && Number.isNaN(putMs); tries++) {
      if ((await c.client.put('boot', 'x', 'any')).reply.ok) putMs = performance.now() - started;
    }
    let getMs = NaN;
    for (let tries = 0; tries < 50 && Number.isNaN(getMs); tries++) {
      if ((await c.client.get('boot', 'any')).reply.ok) getMs = performance.now() - started;
    }
    return { upMs: await up, putMs, getMs };
  } finally {
    c.close();
    const home = currentCluster();
    if (home !== null) rememberClusterName(home.name);
    forgetClusterConfig(name);
    await Promise.all(c.members().map((id) => deleteNodeDatabase(name, id)));
  }
}

async function restart(id: NodeId, key: string): Promise<{ recoveredMs: number; servedMs: number; keys: number }> {
  const c = cluster();
  c.kill(id);
  const started = performance.now();
  c.restart(id);
  const recovered = whenUp(c, [id]).then(() => performance.now() - started);
  let servedMs = NaN;
  for (let tries = 0; tries < 50 && Number.isNaN(servedMs); tries++) {
    if ((await c.client.get(key, id)).reply.ok) servedMs = performance.now() - started;
  }
  const recoveredMs = await recovered;
  // One key read back, not all: a full inspection would read every value after the timing.
  const keys = (await c.inspect(id, { filter: '', limit: 1 }))?.keyCount ?? 0;
  return { recoveredMs, servedMs, keys };
}

export function installBenchHook(): void {
  window.__ringlabBench = {
    timed: (op, keys, concurrency, valueBytes) => timed(cluster(), op, keys, concurrency, valueBytes),
    setLatency: (latency) => {
      const c = cluster();
      c.setNetwork({ latency, lossProbability: 0 });
    },
    async diskTotals() {
      const c = cluster();
      const all = await Promise.all(c.members().map((id) => c.inspect(id) ?? Promise.resolve(null)));
      const t = { transactions: 0, records: 0, entryCacheHits: 0, entryCacheMisses: 0, blockCacheHits: 0, blockCacheMisses: 0, bloomChecks: 0, tables: 0, tableBlocks: 0, cachedBlocks: 0, peerPackets: 0, peerFrames: 0, requestPackets: requestPackets.packets, requests: requestPackets.items };
      for (const i of all) {
        const s = i?.stats.storage;
        // The engine's commit log and the hint log: both are group-committed transactions.
        t.transactions += (i?.disk?.transactions ?? 0) + (s?.logBatches ?? 0);
        t.records += (i?.disk?.recordsAppended ?? 0) + (s?.logRecordsAppended ?? 0);
        t.entryCacheHits += s?.cacheHits ?? 0;
        t.entryCacheMisses += s?.cacheMisses ?? 0;
        t.blockCacheHits += s?.blockCacheHits ?? 0;
        t.blockCacheMisses += s?.blockCacheMisses ?? 0;
        t.bloomChecks += s?.bloomChecks ?? 0;
        t.tables += s?.tableCount ?? 0;
        t.tableBlocks += (s?.tables ?? []).reduce((n, table) => n + table.blocks, 0);
        t.cachedBlocks += s?.blockCacheBlocks ?? 0;
        t.peerPackets += i?.stats.peerPackets ?? 0;
        t.peerFrames += i?.stats.peerFrames ?? 0;
      }
      return t;
    },
    bootCluster,
    keysHeldBy: (id, candidates, max) => {
      const c = cluster();
      return candidates.filter((k) => c.replicasOf(k).includes(nodeId(id))).slice(0, max);
    },
    restart: (id, key) => restart(nodeId(id), key),
    traceEvents: () => cluster().trace.events(),
  };
}
