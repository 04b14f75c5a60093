// Profiling aid (not a benchmark): where the time to interactive of a first visit goes. Loads the
// page in a fresh context under a Chromium trace and prints the load marks (uiProbes.ts), the
// page's own performance marks and measures, and the main thread's top-level tasks longer than
// `LONG_MS` (5 by default) with what ran in them, in time order.
// `node --import tsx bench/browser/loadProfile.ts` (NO_BUILD=1 reuses dist/).
import { writeFileSync } from 'node:fs';
import { withServedBrowser } from './servedBrowser';
import type { Profile } from './profileTop';
import { top, topInclusive } from './profileTop';
import { loadMarksDone, watchInteractive } from './uiProbes';

const port = Number(process.env.BENCH_PORT ?? 4427);
const longMs = Number(process.env.LONG_MS ?? 5);

interface TraceEvent { name: string; cat: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { data?: { url?: string; functionName?: string; type?: string } } }

/** The profile cut to its samples in the first `untilUs` microseconds. */
function samplesUntil(p: Profile, untilUs: number): Profile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let t = 0;
  p.samples.forEach((s, i) => {
    t += p.timeDeltas[i] ?? 0;
    if (t > untilUs) return;
    samples.push(s);
    timeDeltas.push(p.timeDeltas[i] ?? 0);
  });
  return { ...p, samples, timeDeltas };
}

async function main(): Promise<void> {
  await withServedBrowser(port, async (browser, url) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
    const page = await context.newPage();
    const logs: string[] = [];
    page.on('console', (m) => logs.push(m.text()));
    await page.addInitScript(watchInteractive);
    // PROFILE=1: also Chromium's sampling profiler on the main thread, for the heaviest functions of the load.
    const cdp = process.env.PROFILE === undefined ? undefined : await context.newCDPSession(page);
    await cdp?.send('Profiler.enable');
    await cdp?.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp?.send('Profiler.start');
    await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-devtools.timeline'] });
    await page.goto(url);
    await page.waitForFunction(loadMarksDone, undefined, { timeout: 60_000 });
    const marks = await page.evaluate(() => (window as unknown as { __loadMarks: Record<string, number> }).__loadMarks);
    const own = await page.evaluate(() => performance.getEntriesByType('mark').concat(performance.getEntriesByType('measure')).map((e) => `${e.entryType} ${e.name} at ${e.startTime.toFixed(0)} ms${e.duration > 0 ? `, ${e.duration.toFixed(0)} ms` : ''}`));
    const nav = await page.evaluate(() => JSON.stringify(performance.getEntriesByType('navigation')[0]?.toJSON(), (_k, v: unknown) => (typeof v === 'number' ? Math.round(v) : v)));
    const buffer = await browser.stopTracing();
    if (cdp !== undefined) {
      const { profile: whole } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      // Only the samples up to interactive (the profile starts just before the navigation).
      const profile = samplesUntil(whole, (marks.interactive ?? Infinity) * 1000);
      console.log('main thread, heaviest functions by self time:');
      for (const l of top(profile, 25)) console.log(`  ${l}`);
      console.log('main thread, heaviest by total time:');
      for (const l of topInclusive(profile, 30)) console.log(`  ${l}`);
    }
    console.log('load marks (ms since navigation start):', marks);
    console.log('navigation:', nav);
    for (const l of own) console.log(' ', l);
    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return `${r.name.split('/').pop() ?? ''}: requested ${r.startTime.toFixed(0)}, first byte ${r.responseStart.toFixed(0)}, done ${r.responseEnd.toFixed(0)} ms (${r.transferSize} bytes over the wire)`;
    }));
    for (const l of resources) console.log('  resource', l);
    const origin = await page.evaluate(() => performance.timeOrigin);
    for (const l of logs) { const m = /^T (.*) ([0-9.]+)$/.exec(l); console.log(m ? `T ${(Number(m[2]) - origin).toFixed(0).padStart(6)} ms ${m[1]}` : l); }
    if (process.env.TRACE_OUT !== undefined) writeFileSync(process.env.TRACE_OUT, buffer);
    const events = (JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
    const nameOf = new Map<string, string>();
    for (const e of events) if (e.name === 'thread_name') nameOf.set(`${e.pid}:${e.tid}`, (e.args as { name?: string } | undefined)?.name ?? '');
    const navStart = events.find((e) => e.name === 'navigationStart' || e.name === 'NavigationStartToBegin')?.ts ?? events.filter((e) => e.ts > 0).reduce((m, e) => Math.min(m, e.ts), Infinity);
    const tasks = events.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) / 1000 >= longMs).sort((a, b) => a.ts - b.ts);
    for (const t of tasks) {
      const inside = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts < t.ts + (t.dur ?? 0) && e.ph === 'X' && e.name !== 'RunTask' && (e.dur ?? 0) >= 1000);
      const what = inside.slice(0, 4).map((e) => `${e.name}${e.args?.data?.url ? ` ${e.args.data.url.split('/').pop()}` : ''}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''} ${((e.dur ?? 0) / 1000).toFixed(0)}`);
      console.log(`${((t.ts - navStart) / 1000).toFixed(0).padStart(6)} ms ${((t.dur ?? 0) / 1000).toFixed(0).padStart(5)} ms ${(nameOf.get(`${t.pid}:${t.tid}`) ?? '?').padEnd(28)} ${what.join(' | ')}`);
    }
  });
}

await main();
