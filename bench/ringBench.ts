// Ring benchmark: lookup throughput and load balance. Prints figures and asserts nothing,
// because timings depend on the machine. Run alone with
//   npx tsx -e "import('./bench/ringBench.ts').then(m=>m.ringBench())"
import { performance } from 'node:perf_hooks';
import { nodeId } from '../src/core/ids';
import type { Ring, RingMember } from '../src/core/ring';
import { buildRing, ownedFraction, preferenceList, replicasFor } from '../src/core/ring';

const keyPoolSize = 4096;
const warmupMs = 200;
const measureMs = 600;
const balanceKeyCount = 200_000;

const clusterOf = (count: number): RingMember[] =>
  Array.from({ length: count }, (_, i) => ({ id: nodeId(`node-${i}`) }));

/** Calls `lookup` on pooled keys for at least `durationMs`; returns calls per second. */
function timeLookups(lookup: (key: string) => number, durationMs: number): number {
  const keys = Array.from({ length: keyPoolSize }, (_, i) => `user:${i * 7919}`);
  let calls = 0;
  let sink = 0;
  const start = performance.now();
  let elapsedMs = 0;
  while (elapsedMs < durationMs) {
    for (const key of keys) sink += lookup(key);
    calls += keys.length;
    elapsedMs = performance.now() - start;
  }
  // Reading `sink` keeps the JIT from proving the lookups dead and removing them.
  if (sink === -1) console.log('unreachable');
  return (calls / elapsedMs) * 1000;
}

function benchLookups(nodeCount: number, vnodes: number): string {
  const ring = buildRing(clusterOf(nodeCount), vnodes);
  const full = (key: string): number => preferenceList(ring, key, 3).fallbacks.length;
  const fast = (key: string): number => replicasFor(ring, key, 3).length;
  timeLookups(full, warmupMs);
  const fullPerSecond = timeLookups(full, measureMs);
  timeLookups(fast, warmupMs);
  const fastPerSecond = timeLookups(fast, measureMs);
  const label = `${String(nodeCount).padStart(3)} nodes × ${vnodes} vnodes, N=3`;
  return `  ${label}  preferenceList ${formatRate(fullPerSecond)}   replicasFor ${formatRate(fastPerSecond)}`;
}

function formatRate(perSecond: number): string {
  return `${(perSecond / 1e6).toFixed(2).padStart(6)} M lookups/s`;
}

/** Each node's share of sampled keys relative to the ideal 1/nodeCount: min, max, stddev. */
function balanceLine(ring: Ring, vnodes: number): string {
  const counts = new Map<string, number>();
  for (let i = 0; i < balanceKeyCount; i++) {
    const [first] = replicasFor(ring, `key-${i}`, 1);
    if (first !== undefined) counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  const ideal = balanceKeyCount / ring.members.length;
  const relative = ring.members.map((m) => (counts.get(m.id) ?? 0) / ideal);
  const mean = relative.reduce((a, b) => a + b, 0) / relative.length;
  const stddev = Math.sqrt(relative.reduce((a, b) => a + (b - mean) ** 2, 0) / relative.length);
  const exact = [...ownedFraction(ring).values()].map((f) => f * ring.members.length);
  const pct = (x: number): string => `${(x * 100).toFixed(1).padStart(6)}%`;
  return (
    `  ${String(vnodes).padStart(3)} vnodes: keys min ${pct(Math.min(...relative))} max ${pct(Math.max(...relative))}` +
    ` stddev ${pct(stddev)}   (ring arcs min ${pct(Math.min(...exact))} max ${pct(Math.max(...exact))})`
  );
}

/** Yields to the event loop so output appears as it is produced when run under a larger bench. */
const breather = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Prints ring lookup throughput (5 and 100 nodes) and load balance (10 nodes, 8/64/256 vnodes). */
export async function ringBench(): Promise<void> {
  console.log('ring lookups (preferenceList builds replicas + all fallbacks; replicasFor stops at N)');
  for (const nodeCount of [5, 100]) {
    console.log(benchLookups(nodeCount, 64));
    await breather();
  }
  console.log(`ring balance, 10 nodes, ${balanceKeyCount.toLocaleString('en')} keys, share relative to ideal 1/10`);
  for (const vnodes of [8, 64, 256]) {
    console.log(balanceLine(buildRing(clusterOf(10), vnodes), vnodes));
    await breather();
  }
}
