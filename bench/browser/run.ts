// `node --import tsx bench/browser/run.ts`: builds the page, serves it, and prints, for this
// machine's Chromium, the raw ceilings (MessageChannel round trips between workers, a bare quorum
// fan-out, batched IndexedDB puts from 5 workers, bare worker start) and Ringlab at full speed:
// puts and gets per second with latency quantiles as ratios of those ceilings, records per
// commit-log transaction, the boot of a 5-node cluster and the restart of a node holding 10,000
// keys, and the CPU each operation costs per thread (from /proc), which a busy machine distorts
// far less than operations per second. A benchmark: it prints, it asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from '../../scripts/find-browser.mjs';
import type { LatencyModel } from '../../src/core/network/latency';
import type { RinglabBenchHook, TimedRun } from '../../src/ui/benchHook';
import { availableParallelism } from 'node:os';
import { quantile } from './quantile';
import { cpuBetween, cpuBound, cpuPerOp, threadCpuMs } from './threadCpu';
import { bareWorkersStart, indexedDbBatchedPuts, messageChannelRoundTrips, quorumFanOut } from './rawCeilings';
import { assertPortFree } from './servedBrowser';
import { loadBench, uiBench } from './uiBench';

const port = Number(process.env.BENCH_PORT ?? 4329);
const measureMs = 3_000;
const ops = 4_000;
const concurrency = 64;
const valueBytes = 100;
const restartKeys = 10_000;
const settleMs = 2_000;
/**
 * Gets read the put keys this many times over: 4,000 gets took half a second at full speed, too
 * short for a steady figure (a thread's CPU is counted in 10 ms ticks, and the run's first and
 * last moments weigh much).
 */
const getRounds = 5;
/** Full speed: links add no simulated delay, so messages go as fast as the machine allows. */
const fullSpeed: LatencyModel = { kind: 'fixed', ms: 0 };
/** The page's own default (a LAN), to show what simulated latency costs at 64 in flight. */
const pageDefault: LatencyModel = { kind: 'uniform', minMs: 2, maxMs: 12 };

/** The page's bench hook, called in the page: Playwright serialises only the arguments. */
function bench(page: Page) {
  return {
    timed: (op: 'put' | 'get', keys: readonly string[], c: number, bytes: number) =>
      page.evaluate(([o, ks, n, by]) => (window.__ringlabBench as RinglabBenchHook).timed(o, ks, n, by), [op, keys, c, bytes] as const),
    setLatency: (l: LatencyModel) => page.evaluate((m) => (window.__ringlabBench as RinglabBenchHook).setLatency(m), l),
    diskTotals: () => page.evaluate(() => (window.__ringlabBench as RinglabBenchHook).diskTotals()),
    bootCluster: () => page.evaluate(() => (window.__ringlabBench as RinglabBenchHook).bootCluster()),
    keysHeldBy: (id: string, candidates: readonly string[], max: number) =>
      page.evaluate(([i, c, n]) => (window.__ringlabBench as RinglabBenchHook).keysHeldBy(i, c, n), [id, candidates, max] as const),
    restart: (id: string, key: string) => page.evaluate(([i, k]) => (window.__ringlabBench as RinglabBenchHook).restart(i, k), [id, key] as const),
  };
}

function describe(op: string, r: TimedRun): { perSecond: number; line: string } {
  const perSecond = (r.ok * 1000) / r.elapsedMs;
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const failed = Object.entries(r.failures).map(([error, f]) => `${f.count} ${error} ("${f.message}")`);
  const why = failed.length === 0 ? '' : ` (failed: ${failed.join(', ')})`;
  const line = `${perSecond.toFixed(0)} ${op}/s, ${r.ok}/${r.latenciesMs.length} ok${why}, p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms`;
  return { perSecond, line };
}

async function measure(page: Page): Promise<void> {
  const workersMs = await page.evaluate(bareWorkersStart, 5);
  if (process.argv[2] !== 'boot') await throughput(page);
  await bootAndRestart(page, workersMs);
}

async function throughput(page: Page): Promise<void> {
  const rtt = await page.evaluate(messageChannelRoundTrips, measureMs);
  const fanOut = await page.evaluate(quorumFanOut, { peers: 3, quorum: 2, outstanding: concurrency, durationMs: measureMs });
  const idb = await page.evaluate(indexedDbBatchedPuts, { workers: 5, batch: 100, durationMs: measureMs });
  console.log(`Ceiling: MessageChannel worker↔worker: ${rtt.toFixed(0)} round trips/s`);
  console.log(`Ceiling: quorum fan-out, 1 worker → 3 peers, done at 2 replies, ${concurrency} outstanding: ${fanOut.toFixed(0)} ops/s`);
  console.log(`Ceiling: IndexedDB, 5 workers, 100 puts per transaction: ${idb.toFixed(0)} puts/s`);

  const b = bench(page);
  const keys = Array.from({ length: ops }, (_, i) => `bench-${i}`);
  for (const [label, latency] of [['full speed, 0 ms links', fullSpeed], ['page default, 2–12 ms links', pageDefault]] as const) {
    await b.setLatency(latency);
    const before = await b.diskTotals();
    const cpu0 = threadCpuMs(process.pid);
    const putRun = await b.timed('put', keys, concurrency, valueBytes);
    const cpu1 = threadCpuMs(process.pid);
    const after = await b.diskTotals();
    // The nodes flush and compact what the puts wrote: that work is the puts', not the gets'. It
    // is measured (with whatever an idle cluster does meanwhile: gossip, anti-entropy, drawing).
    const cpuSettle = threadCpuMs(process.pid);
    await page.waitForTimeout(settleMs);
    const settleCpu = cpuBetween(cpuSettle, threadCpuMs(process.pid));
    // After the disk totals and the settling: no part of a get's cost.
    const cpuGets = threadCpuMs(process.pid);
    const getRun = await b.timed('get', Array.from({ length: keys.length * getRounds }, (_, i) => keys[i % keys.length] as string), concurrency, valueBytes);
    const cpu2 = threadCpuMs(process.pid);
    const puts = describe('puts', putRun);
    const gets = describe('gets', getRun);
    const perTx = (after.records - before.records) / Math.max(1, after.transactions - before.transactions);
    console.log(`Ringlab ${label} (5 nodes, N=3 W=2 R=2, ${valueBytes}-byte values, ${concurrency} in flight):`);
    console.log(`  puts: ${puts.line}; replica writes ${(puts.perSecond * 3).toFixed(0)}/s = ${((puts.perSecond * 300) / idb).toFixed(1)}% of the batched-put ceiling; ${perTx.toFixed(1)} records per commit-log transaction`);
    console.log(`  gets: ${gets.line}; ${((gets.perSecond / fanOut) * 100).toFixed(1)}% of the fan-out ceiling`);
    const putCpu = cpuBetween(cpu0, cpu1);
    const getCpu = cpuBetween(cpuGets, cpu2);
    console.log(`  puts: ${cpuPerOp(putCpu, putRun.ok)}`);
    console.log(`  puts: ${cpuBound(putCpu, putRun.ok, availableParallelism())}`);
    console.log(`  puts: then ${settleMs / 1000} s idle before the gets (the puts' flushes and compactions finish; gossip and drawing go on): ${cpuPerOp(settleCpu, putRun.ok)}`);
    console.log(`  gets: ${cpuPerOp(getCpu, getRun.ok)}`);
    console.log(`  gets: ${cpuBound(getCpu, getRun.ok, availableParallelism())}`);
  }
}

/** CPU a stretch used (10 ms ticks, from /proc): in all, and in the node workers; THREADS=1 lists the busiest threads. */
function cpuIn(used: readonly [string, number][]): string {
  if (used.length === 0) return 'CPU not measured (no /proc)';
  if (process.env.THREADS !== undefined) console.log(`  busiest threads: ${used.slice(0, 10).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  const total = used.reduce((t, [, v]) => t + v, 0);
  const worker = used.find(([k]) => k.startsWith('DedicatedWorker'));
  const workers = used.filter(([k]) => k.startsWith('DedicatedWorker')).reduce((t, [, v]) => t + v, 0);
  return `CPU ${total} ms in all, ${workers} ms in node workers (the busiest ${worker?.[1] ?? 0} ms)`;
}

/** The boot of a new cluster and the restart of a loaded node, against the bare workers' start. */
async function bootAndRestart(page: Page, workersMs: number): Promise<void> {
  console.log(`Ceiling: 5 bare workers started and answering: ${workersMs.toFixed(0)} ms (machine load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  const b = bench(page);
  await b.setLatency(fullSpeed);
  const cpuBoot = threadCpuMs(process.pid);
  const boot = await b.bootCluster();
  console.log(
    `Boot of a new 5-node cluster: all up in ${boot.upMs.toFixed(0)} ms, first put answered at ${boot.putMs.toFixed(0)} ms, ` +
      `first get at ${boot.getMs.toFixed(0)} ms (${(boot.getMs / workersMs).toFixed(1)}× the bare workers' start); ${cpuIn(cpuBetween(cpuBoot, threadCpuMs(process.pid)))}`,
  );

  const candidates = Array.from({ length: restartKeys * 2 }, (_, i) => `restart-${i}`);
  const held = await b.keysHeldBy('S1', candidates, restartKeys);
  const load = describe('puts', await b.timed('put', held, concurrency, valueBytes));
  // The nodes flush and compact what they just took: let that settle, so the restart is timed
  // on a quiet cluster rather than against the load's tail.
  await page.waitForTimeout(settleMs);
  const cpuRestart = threadCpuMs(process.pid);
  const r = await b.restart('S1', held[0] ?? 'restart-0');
  console.log(
    `Restart of S1 holding ${r.keys} keys (loaded at ${load.line}, then ${settleMs / 1000} s to settle): recovered in ${r.recoveredMs.toFixed(0)} ms, ` +
      `first get it coordinated answered at ${r.servedMs.toFixed(0)} ms; ${cpuIn(cpuBetween(cpuRestart, threadCpuMs(process.pid)))}`,
  );
}

async function main(): Promise<void> {
  const executablePath = findBrowser();
  if (executablePath === undefined) throw new Error('no Chromium found: see scripts/find-browser.mjs');
  await assertPortFree(port);
  if (spawnSync('npx', ['vite', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('vite build failed');
  const server = spawn('node', ['scripts/serve.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    for (let i = 0; i < 50; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
    // `ui` skips the live host's figures: only the page's own (uiBench) are measured; `load`
    // only the page's load to interactive; `boot` only the boot and restart figures.
    const only = process.argv[2];
    if (only === 'load') await loadBench(browser, `http://127.0.0.1:${port}/`);
    else {
      if (only !== 'ui') await measure(page);
      if (only !== 'boot') await uiBench(browser, `http://127.0.0.1:${port}/`);
    }
  } finally {
    await browser.close();
    server.kill();
  }
}

await main();
