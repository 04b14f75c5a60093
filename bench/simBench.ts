/**
 * Simulator throughput (issue 2, "Benchmarks"): a 5-node N=3/W=2/R=2 cluster with in-memory
 * disks runs a workload of at least 100,000 client operations; prints simulated message
 * deliveries and client operations per real second against the goal (500,000 deliveries/s on
 * one core), and memory per stored key. Asserts nothing about time.
 *
 * In the same run it measures a ceiling (bench/simCeiling.ts): as many deliveries through the
 * simulator's own event loop, PRNG and latency sampling between five echo nodes, with no storage
 * and no protocol, and prints Ringlab's figure as a ratio of it. A last line, labelled as not the
 * headline, runs the same workload with server-sized engine settings (see serverStorage).
 *
 *   npm run bench -- sim [--profile] [--ops=N] [--workload=remembered|rmw]
 *
 * `--workload` picks what a client does for a write. `remembered` (the default, the figures'
 * history): a put carries the context the client last got for that key, which with 64 clients
 * and 10,000 keys is mostly none, so concurrent siblings pile up toward maxSiblings. `rmw`: the
 * chapter's read-modify-write, a get of the key then the put carrying its context; a write is
 * two client operations, and a client's arrivals come less often, so it runs as many
 * operations a second as in the other workload (about N of them in all).
 *
 * `--profile` adds the five functions with the most self time (an in-process CPU profile) and the
 * self time per area of the code (core/storage, core/node, sim, the garbage collector, ...).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createRandom } from '../src/core/prng';
import { SimClients, SimCluster } from '../src/sim';
import type { SimClusterConfig, SimOptions } from '../src/sim';
import { startWorkload } from '../src/sim/workload';
import { startCpuProfile } from './cpuProfile';
import { runCeiling } from './simCeiling';

/** The issue's goal, on one core. */
const goalDeliveriesPerSec = 500_000;

export const cluster5: SimClusterConfig = {
  nodes: ['n1', 'n2', 'n3', 'n4', 'n5'].map((id) => ({ id })),
  vnodes: 64,
  n: 3,
  w: 2,
  r: 2,
  sloppyQuorum: false,
  readRepair: false,
  conflicts: 'vclock',
  requestTimeoutMs: 1000,
  maxSiblings: 16,
  clockSkewMs: {},
  diskLatency: { kind: 'fixed', ms: 1 },
  gossipIntervalMs: 1000,
  antiEntropyIntervalMs: 10_000,
};

const benchNetwork: SimOptions['network'] = { latency: { kind: 'uniform', minMs: 2, maxMs: 8 }, loss: 0 };

/** What a bench client does for a write (see the header). */
export type BenchWorkload = 'remembered' | 'rmw';

/** Runs about `ops` client operations (half reads) on `keys` keys; returns the cluster and the real time taken. */
export function runWorkload(ops: number, keys: number, readFraction: number, storage?: SimOptions['storage'], workload: BenchWorkload = 'remembered') {
  const cluster = new SimCluster({ seed: 7, cluster: cluster5, network: benchNetwork, trace: false, storage });
  const clients = new SimClients(cluster, createRandom(7));
  // 64 clients, each one op at a time (~20 ms per op) ⇒ ≈ 2,900 ops per simulated second.
  const clientCount = 64;
  const durationMs = Math.ceil((ops / (clientCount * 45)) * 1000);
  // With read-before-write a write arrival is two operations: fewer arrivals keep each client at
  // about 45 operations a second, as busy as in the other workload (one at a time, ≈ 20 ms each).
  const readBeforeWrite = workload === 'rmw';
  const ratePerSec = readBeforeWrite ? 45 / (2 - readFraction) : 45;
  for (let c = 0; c < clientCount; c++) {
    startWorkload({ client: `w${c}`, durationMs, ratePerSec, keys, readFraction, distribution: 'uniform', valueBytes: 100, keyPrefix: 'k', readBeforeWrite }, cluster, clients, createRandom(100 + c));
  }
  const t0 = performance.now();
  const cpu0 = mainThreadCpuSeconds();
  const all0 = process.cpuUsage();
  cluster.runUntil(durationMs + 5000);
  // Timed too: a run's product is its history, and SimClients builds the records' versions
  // only when the history is read.
  const history = clients.history();
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = mainThreadCpuSeconds();
  const all = process.cpuUsage(all0);
  const cpuSeconds = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
  // Every thread of the process: V8 marks and sweeps on helper threads, which the main thread's figure leaves out.
  const processCpuSeconds = (all.user + all.system) / 1e6;
  return { cluster, clients, seconds, cpuSeconds, processCpuSeconds, history };
}

export function simBench(args: readonly string[] = []): void {
  const opsArg = args.find((a) => a.startsWith('--ops='));
  const ops = opsArg === undefined ? 120_000 : Number(opsArg.slice('--ops='.length));
  const workloadArg = args.find((a) => a.startsWith('--workload='))?.slice('--workload='.length) ?? 'remembered';
  if (workloadArg !== 'remembered' && workloadArg !== 'rmw') throw new Error(`--workload must be remembered or rmw (got ${workloadArg})`);
  const workload: BenchWorkload = workloadArg;
  const profile = args.includes('--profile') ? startCpuProfile() : null;
  const { cluster, seconds, cpuSeconds, processCpuSeconds, history, clients } = runWorkload(ops, 10_000, 0.5, undefined, workload);
  const top = profile?.stop(5);
  const ok = history.filter((h) => h.ok).length;
  const perSec = cluster.deliveries / seconds;
  // `npm run bench` gives Node a 32 MB young generation (--max-semi-space-size=32): the run
  // allocates short-lived objects fast, and the default's frequent scavenges cost about a fifth.
  const semiSpace = process.execArgv.find((a) => a.startsWith('--max-semi-space-size'));
  console.log(`sim: node ${process.version}${semiSpace === undefined ? ', default heap settings' : `, ${semiSpace}`}`);
  const gets = history.filter((h) => h.op === 'get' && h.ok);
  const siblingsPerGet = gets.reduce((n, h) => n + h.versions.length, 0) / Math.max(1, gets.length);
  console.log(
    workload === 'rmw'
      ? `sim: workload rmw: each write is a get, then a put carrying its context (read-modify-write); ${siblingsPerGet.toFixed(2)} siblings per successful get`
      : `sim: workload remembered: a put carries the client's last context for the key, often none; ${siblingsPerGet.toFixed(2)} siblings per successful get (--workload=rmw reads before writing)`,
  );
  console.log(`sim: 5 nodes, N=3 W=2 R=2, in-memory disks: ${fmt(history.length)} client ops (${fmt(ok)} ok, ${clients.skippedCalls} skipped), ${fmt(cluster.deliveries)} deliveries in ${seconds.toFixed(2)} s`);
  console.log(`sim: ${fmt(perSec)} deliveries/s; goal ≥ ${fmt(goalDeliveriesPerSec)} on one core: ${(perSec / goalDeliveriesPerSec).toFixed(2)}× the goal`);
  console.log(`sim: ${fmt(history.length / seconds)} client ops/s; ${((seconds / cluster.deliveries) * 1e6).toFixed(2)} µs per delivery, everything included`);
  // On a shared machine the wall clock counts other processes' turns too; the main thread's own CPU time does not.
  if (cpuSeconds !== undefined) {
    const cpuPerSec = cluster.deliveries / cpuSeconds;
    console.log(
      `sim: by the main thread's CPU time (${cpuSeconds.toFixed(2)} s): ${fmt(cpuPerSec)} deliveries/s (${(cpuPerSec / goalDeliveriesPerSec).toFixed(3)}× the goal), ${((1e6 * cpuSeconds) / cluster.deliveries).toFixed(2)} µs per delivery, ${fmt(history.length / cpuSeconds)} client ops/s`,
    );
    const allPerSec = cluster.deliveries / processCpuSeconds;
    console.log(
      `sim: by the whole process's CPU time (${processCpuSeconds.toFixed(2)} s, the garbage collector's helper threads included): ${fmt(allPerSec)} deliveries/s (${(allPerSec / goalDeliveriesPerSec).toFixed(3)}× the goal)`,
    );
  }
  if (top !== undefined) {
    console.log(`sim: profile, top self time: ${top.top.join(', ')}`);
    console.log(`sim: profile, self time by area: ${top.areas.join(', ')}`);
  }
  const ceilingPerSec = ceiling(cluster.deliveries, cpuSeconds);
  serverSized(ops, workload, ceilingPerSec);
  memoryPerKey();
}

/**
 * The same number of deliveries through the simulator's event loop with echo nodes (no storage,
 * no protocol; bench/simCeiling.ts), five times over for a steadier CPU-time figure; Ringlab's
 * figure as a ratio of it.
 */
function ceiling(deliveries: number, cpuSeconds: number | undefined): number | undefined {
  const repeats = 5;
  const c = runCeiling({ seed: 7, cluster: cluster5, network: benchNetwork }, deliveries, 200, repeats, mainThreadCpuSeconds);
  if (c.cpuSeconds === undefined || cpuSeconds === undefined) return undefined;
  const perSec = c.deliveries / c.cpuSeconds;
  console.log(
    `sim: ceiling, the simulator's event loop alone (5 echo nodes, no storage or protocol, ${fmt(deliveries)} deliveries ×${repeats}): ${fmt(perSec)} deliveries/s by CPU time, ${((1e6 * c.cpuSeconds) / c.deliveries).toFixed(2)} µs each; Ringlab runs at ${(deliveries / cpuSeconds / perSec).toFixed(4)}× the ceiling, which is ${(perSec / goalDeliveriesPerSec).toFixed(1)}× the goal`,
  );
  return perSec;
}

/**
 * Not the headline: the default memtable is a playground's, sized so that a user watches flushes
 * and compactions happen (64 KB flushes every few hundred writes). The same workload with
 * RocksDB's default write buffer (64 MB; the block cache is already its default, 8 MB) shows what
 * the protocol and the simulator cost when the engine is sized like a server's: in this run the
 * memtable never fills.
 */
const serverStorage: SimOptions['storage'] = { memtableBytesMax: 64 * 1024 * 1024 };

function serverSized(ops: number, workload: BenchWorkload, ceilingPerSec: number | undefined): void {
  const { cluster, cpuSeconds, history } = runWorkload(ops, 10_000, 0.5, serverStorage, workload);
  if (cpuSeconds === undefined) return;
  const perSec = cluster.deliveries / cpuSeconds;
  const ratio = ceilingPerSec === undefined ? '' : `, ${(perSec / ceilingPerSec).toFixed(4)}× the ceiling`;
  console.log(
    `sim: (not the headline) server-sized engine, a 64 MB memtable instead of the playground's 64 KB: ${fmt(history.length)} client ops, ${fmt(cluster.deliveries)} deliveries, ${fmt(perSec)} deliveries/s by CPU time, ${((1e6 * cpuSeconds) / cluster.deliveries).toFixed(2)} µs each${ratio}`,
  );
}

/** Heap growth while a cluster stores 20,000 distinct keys (×3 replicas), per key. */
function memoryPerKey(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    console.log('sim: memory per key skipped (run with node --expose-gc)');
    return;
  }
  gc();
  const before = process.memoryUsage().heapUsed;
  const keys = 20_000;
  const cluster = new SimCluster({ seed: 3, cluster: cluster5, network: { latency: { kind: 'fixed', ms: 2 }, loss: 0 }, trace: false });
  const clients = new SimClients(cluster, createRandom(3));
  for (let i = 0; i < keys; i++) clients.call(`c${i % 200}`, { op: 'put', key: `key-${i}`, value: 'x'.repeat(100) });
  cluster.runUntil(60_000);
  const stored = cluster.replicaState().length;
  // Some allocation (or a short wait) before gc() lets the heap settle: without it the figure
  // reads about 1.7 KB per key more (4.5 against 2.8 KB, Node 20) whatever is kept reachable,
  // and a second gc() does not help. Copying the history is that allocation.
  clients.history();
  gc();
  const after = process.memoryUsage().heapUsed;
  const perKey = (after - before) / keys;
  console.log(`sim: ${fmt(perKey)} bytes of heap per stored key (${stored} replica copies of ${keys} keys with 100-byte values, history included)`);
}

/** CPU seconds the main thread has used (Linux /proc; 10 ms ticks), or undefined elsewhere. */
function mainThreadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
