// Profiling aid (not a benchmark): where the page's frames go while the workload control runs
// 500 operations per simulated second on 5 nodes. Prints the main thread's heaviest functions by
// self time (CPU profile) and, from a Chromium trace, the CPU time (thread clock) of the page's
// threads by event name: script, style, layout, paint, raster, compositing.
// `node --import tsx bench/browser/workloadProfile.ts [speed]` (NO_BUILD=1 reuses dist/; speed
// 0.2 by default, the watchable "1 ms per 5 ms").
import { writeFileSync } from 'node:fs';
import { withServedBrowser } from './servedBrowser';
import type { Profile } from './profileTop';
import { top, topInclusive } from './profileTop';

const port = Number(process.env.BENCH_PORT ?? 4428);
const speed = process.argv[2] ?? '0.2';
const measureMs = 5_000;

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string } }

/** Thread-clock ms per thread and event name, for events that are not nested in one of the same name. */
function byName(events: readonly TraceEvent[]): Map<string, Map<string, number>> {
  const threadName = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const out = new Map<string, Map<string, number>>();
  for (const e of events) {
    if (e.ph !== 'X' || e.tdur === undefined) continue;
    const t = threadName.get(`${e.pid}:${e.tid}`) ?? '?';
    const m = out.get(t) ?? new Map<string, number>();
    m.set(e.name, (m.get(e.name) ?? 0) + e.tdur / 1000);
    out.set(t, m);
  }
  return out;
}

async function main(): Promise<void> {
  await withServedBrowser(port, async (browser, url) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(url);
    await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
    await page.getByTestId('speed').selectOption(speed);
    await page.getByTestId('workload-rate').fill('500');
    await page.getByTestId('workload-keys').fill('1000');
    await page.getByTestId('workload-reads').fill('0.5');
    await page.getByTestId('workload-toggle').click();
    await page.waitForTimeout(2_000);
    // An experiment: a timeline that stops following the present is not redrawn every frame.
    if (process.env.EXTRA_CSS !== undefined) await page.addStyleTag({ content: process.env.EXTRA_CSS });
    if (process.env.STILL_TIMELINE !== undefined) await page.evaluate(() => window.__ringlabTimeline?.show(1_000, 2_000));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'cc', 'viz', 'gpu'] });
    await cdp.send('Profiler.start');
    await page.waitForTimeout(measureMs);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    const buffer = await browser.stopTracing();
    if (process.env.TRACE_OUT !== undefined) writeFileSync(process.env.TRACE_OUT, buffer);
    const trace = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
    if (process.env.SCREENSHOT !== undefined) {
      await page.getByTestId('ring').screenshot({ path: `${process.env.SCREENSHOT}-ring.png` });
      await page.getByTestId('timeline-canvas').screenshot({ path: `${process.env.SCREENSHOT}-timeline.png` });
    }
    await page.getByTestId('workload-toggle').click();
    console.log(`── main thread, self time over ${measureMs} ms at speed ${speed}`);
    for (const l of top(profile, 25)) console.log(l);
    console.log('── main thread, total time (with callees)');
    for (const l of topInclusive(profile, 40)) console.log(l);
    const frames = trace.traceEvents.filter((e) => e.name === 'ProxyMain::BeginMainFrame' && e.ph === 'X').length;
    console.log(`${frames} main frames in ${measureMs} ms`);
    for (const [thread, names] of byName(trace.traceEvents)) {
      const rows = [...names].sort((a, b) => b[1] - a[1]).slice(0, 12);
      if ((rows[0]?.[1] ?? 0) < 50) continue;
      console.log(`── ${thread}: ${rows.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`);
    }
  });
}

await main();
