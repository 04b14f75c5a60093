// Profiling aid (not a benchmark): runs gets or puts at full speed while Chromium's sampling
// profiler records the page and every node worker, then prints the heaviest functions by self
// time per thread; with NO_PROFILE, the CPU per thread and each request's latency by stage.
// `node --import tsx bench/browser/profile.ts [get|put] [ops]`.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from '../../scripts/find-browser.mjs';
import type { RinglabBenchHook } from '../../src/ui/benchHook';
import type { Profile } from './profileTop';
import { top, topInclusive } from './profileTop';
import { quantile } from './quantile';
import { describeStages, requestStages } from './requestStages';
import { assertPortFree } from './servedBrowser';
import { cpuBetween, cpuPerOp, threadCpuMs } from './threadCpu';

const port = Number(process.env.BENCH_PORT ?? 4426);
const mode = process.argv[2];
const op = mode === 'put' ? 'put' : 'get';
const ops = Number(process.argv[3] ?? 4000);
const inFlight = Number(process.env.CONC ?? 64);

async function main(): Promise<void> {
  const executablePath = findBrowser();
  if (executablePath === undefined) throw new Error('no Chromium');
  await assertPortFree(port);
  if (process.env.NO_BUILD === undefined && spawnSync('npx', ['vite', 'build', '--minify', 'false'], { stdio: 'ignore' }).status !== 0) throw new Error('build failed');
  const server = spawn('node', ['scripts/serve.mjs'], { cwd: process.env.SERVE_CWD ?? '.', env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    if (process.env.CONSOLE !== undefined) page.on('console', (m) => console.log(m.text()));
    // An experiment only: with no animation frames the ring and the timeline never draw, which
    // shows how much of the main thread the drawing takes.
    if (process.env.NO_RAF !== undefined) await page.addInitScript(() => (window.requestAnimationFrame = () => 0));
    for (let i = 0; i < 50; i++) {
      if (await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const cdp: CDPSession = await page.context().newCDPSession(page);
    const workers: { sessionId: string; title: string }[] = [];
    let nextId = 1;
    const pending = new Map<number, (r: unknown) => void>();
    cdp.on('Target.attachedToTarget', (ev: { sessionId: string; targetInfo: { type: string; title: string } }) => {
      if (ev.targetInfo.type === 'worker') workers.push({ sessionId: ev.sessionId, title: ev.targetInfo.title });
    });
    cdp.on('Target.receivedMessageFromTarget', (ev: { message: string }) => {
      const m = JSON.parse(ev.message) as { id?: number; result?: unknown };
      if (m.id !== undefined) pending.get(m.id)?.(m.result);
    });
    const inWorker = (sessionId: string, method: string, params: object = {}) =>
      new Promise<unknown>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        // A worker that ended (a killed node) has no session left: it answers nothing.
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => resolve(undefined));
      });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
    // LINKS=default: the page's default 2–12 ms links instead of 0 ms ones (the agenda then holds every message).
  const links = process.env.LINKS === 'default' ? ({ kind: 'uniform', minMs: 2, maxMs: 12 } as const) : ({ kind: 'fixed', ms: 0 } as const);
  await page.evaluate((l) => (window.__ringlabBench as RinglabBenchHook).setLatency(l), links);
    // `restart [keys]`: S1 is loaded with that many keys, then profiled while it restarts.
    const restartKeys = mode === 'restart' ? await page.evaluate((n) => {
      const b = window.__ringlabBench as RinglabBenchHook;
      return b.keysHeldBy('S1', Array.from({ length: n * 2 }, (_, i) => `restart-${i}`), n);
    }, ops) : [];
    if (mode === 'restart') await page.evaluate((ks) => (window.__ringlabBench as RinglabBenchHook).timed('put', ks, 64, 100), restartKeys);
    const keys = Array.from({ length: mode === 'restart' ? 0 : ops }, (_, i) => `bench-${i}`);
    if (op === 'get' && mode !== 'restart') await page.evaluate((ks) => (window.__ringlabBench as RinglabBenchHook).timed('put', ks, 64, 100), keys);
    // The timeline is below the fold of the default viewport, and draws nothing off screen:
    // TIMELINE=1 scrolls it into view, to measure what drawing it costs.
    if (process.env.TIMELINE !== undefined) await page.getByTestId('timeline-canvas').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.__ringlabTimeline?.drawCosts());
    const root = process.pid;
    if (process.env.NO_PROFILE !== undefined && mode !== 'restart') {
      const disk0 = await page.evaluate(() => (window.__ringlabBench as RinglabBenchHook).diskTotals());
      const cpu0 = threadCpuMs(root);
      const r = await page.evaluate(([o, ks, n]) => (window.__ringlabBench as RinglabBenchHook).timed(o, ks, n, 100), [op, keys, inFlight] as const);
      const used = cpuBetween(cpu0, threadCpuMs(root));
      const disk1 = await page.evaluate(() => (window.__ringlabBench as RinglabBenchHook).diskTotals());
      const transactions = disk1.transactions - disk0.transactions;
      console.log(`commit log: ${transactions} transactions, ${((disk1.records - disk0.records) / Math.max(1, transactions)).toFixed(1)} records each`);
      // The read path per operation (an older build's hook may not report it).
      const per = (k: keyof typeof disk0) => (((disk1[k] ?? 0) - (disk0[k] ?? 0)) / Math.max(1, ops)).toFixed(2);
      console.log(`read path per ${op}: entry cache ${per('entryCacheHits')} hits ${per('entryCacheMisses')} misses, block cache ${per('blockCacheHits')} hits ${per('blockCacheMisses')} misses (device reads), bloom checks ${per('bloomChecks')}; ${disk1.tables ?? '?'} tables of ${disk1.tableBlocks ?? '?'} blocks, ${disk1.cachedBlocks ?? '?'} cached`);
      console.log(`peer packets per ${op}: ${per('peerPackets')}, frames ${per('peerFrames')}; the page's request packets per ${op}: ${per('requestPackets')}`);
      // What the caches cost in memory: each node worker's JS heap after the run (a killed one answers nothing).
      const heaps = await Promise.all(workers.map((w) => inWorker(w.sessionId, 'Runtime.getHeapUsage') as Promise<{ usedSize?: number } | undefined>));
      console.log(`worker heaps: ${heaps.flatMap((h) => (h?.usedSize === undefined ? [] : [`${(h.usedSize / 2 ** 20).toFixed(1)} MB`])).join(', ')}`);
      console.log(`${op}: ${((r.ok * 1000) / r.elapsedMs).toFixed(0)}/s, ${r.elapsedMs.toFixed(0)} ms; ${cpuPerOp(used, r.ok)}`);
      for (const [k, v] of used.slice(0, 14)) console.log(`  ${k}: ${v} ms = ${((v * 1000) / r.ok).toFixed(0)} µs/op`);
      // The timeline's redraws during the run: how many, what they cost, and the paint they made.
      const draws = await page.evaluate(() => ({ costs: window.__ringlabTimeline?.drawCosts() ?? [], paint: document.querySelector<HTMLElement>('canvas[data-paint]')?.dataset.paint }));
      const drawn = draws.costs.reduce((t, c) => t + c, 0);
      console.log(`timeline: ${draws.costs.length} redraws, ${drawn.toFixed(0)} ms in all (${((drawn * 1000) / r.ok).toFixed(0)} µs/op), p50 ${quantile([...draws.costs].sort((a, b) => a - b), 0.5).toFixed(1)} ms; last paint ${draws.paint ?? '?'}`);
      const events = await page.evaluate(() => (window.__ringlabBench as RinglabBenchHook).traceEvents());
      if (process.env.EVENTS !== undefined) {
        // The trace's events per operation, by type, over the requests the buffer still holds.
        const byType = new Map<string, number>();
        for (const e of events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
        const requests = events.filter((e) => e.type === 'clientReply').length;
        console.log(`trace events per ${op}: ${[...byType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${(n / requests).toFixed(2)}`).join(', ')} (${(events.length / requests).toFixed(1)} in all; JSON ${(JSON.stringify(events).length / events.length).toFixed(0)} bytes each)`);
      }
      console.log(`${op} latency by stage (from the page's trace; worker and page clocks share one origin):`);
      for (const line of describeStages(requestStages(events, op))) console.log(`  ${line}`);
      return;
    }
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    // PAGE_ONLY=1: the page's main thread alone (profiling the workers slows the whole run).
    for (const w of process.env.NO_PROFILE === undefined && process.env.PAGE_ONLY === undefined ? workers : []) {
      await inWorker(w.sessionId, 'Profiler.enable');
      await inWorker(w.sessionId, 'Profiler.setSamplingInterval', { interval: 200 });
      await inWorker(w.sessionId, 'Profiler.start');
    }
    if (mode === 'restart') {
      const cpu0 = threadCpuMs(root);
      const r = await page.evaluate(([k]) => (window.__ringlabBench as RinglabBenchHook).restart('S1', k), [restartKeys[0] ?? ''] as const);
      console.log(`restart of S1 holding ${r.keys} keys: recovered in ${r.recoveredMs.toFixed(0)} ms, served at ${r.servedMs.toFixed(0)} ms`);
      for (const [k, v] of cpuBetween(cpu0, threadCpuMs(root)).slice(0, 8)) console.log(`  ${k}: ${v} ms CPU`);
    }
    const r = await page.evaluate(([o, ks, n]) => (window.__ringlabBench as RinglabBenchHook).timed(o, ks, n, 100), [op, keys, inFlight] as const);
    const sorted = [...r.latenciesMs].sort((a, b) => a - b);
    const q = (x: number) => quantile(sorted, x).toFixed(2);
    console.log(`${op}: ${((r.ok * 1000) / r.elapsedMs).toFixed(0)}/s over ${r.elapsedMs.toFixed(0)} ms, ${inFlight} in flight, p10 ${q(0.1)} p50 ${q(0.5)} p90 ${q(0.9)} ms`);
    const main = (await cdp.send('Profiler.stop')) as { profile: Profile };
    console.log('── main thread');
    for (const l of top(main.profile, 25)) console.log(l);
    if (process.env.INCLUSIVE !== undefined) {
      console.log('── main thread, by total time (self and callees)');
      for (const l of topInclusive(main.profile, 40)) console.log(l);
    }
    for (const w of process.env.PAGE_ONLY === undefined ? workers : []) {
      const p = (await inWorker(w.sessionId, 'Profiler.stop')) as { profile?: Profile } | undefined;
      if (p?.profile === undefined) continue;
      if (process.env.PROFILE_DIR !== undefined) writeFileSync(`${process.env.PROFILE_DIR}/${w.title.replace(/\W+/g, '_')}.json`, JSON.stringify(p.profile));
      console.log(`── ${w.title}`);
      for (const l of top(p.profile, 25)) console.log(l);
      if (process.env.INCLUSIVE !== undefined) for (const l of topInclusive(p.profile, 40)) console.log(l);
    }
  } finally {
    await browser.close();
    server.kill();
  }
}

await main();
