// The page's own figures, against the goals: frame times while 5 nodes take a
// 500-operation-per-second workload (through the page's workload control), frame times while the
// timeline scrolls through 100,000 events, load time to interactive, and the gzipped size of the
// JavaScript bundle. Prints figures and goals; asserts nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { quantile } from './quantile';
import { countReactCommits, reactCommits } from './reactCommits';
import { loadMarksDone, sampleFrames, scrollTimeline, watchInteractive } from './uiProbes';
import type { FrameSample } from './uiProbes';

const frameGoalMs = 20;
const interactiveGoalMs = 1_000;
const bundleGoalKb = 350;
/** A display's frame at 60 Hz: a delta longer than 1.5 of them missed at least one. */
const vsyncMs = 1000 / 60;
const workloadMeasureMs = 10_000;

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Main-thread CPU time (Chromium's ThreadTime metric) spent while `run` ran, in ms. */
async function withCpu<T>(page: Page, run: () => Promise<T>): Promise<{ result: T; cpuMs: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadMs = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
  const before = await threadMs();
  const result = await run();
  const cpuMs = (await threadMs()) - before;
  await cdp.detach();
  return { result, cpuMs };
}

function describeFrames(label: string, s: FrameSample, cpuMs: number, commits: number): void {
  const d = [...s.deltas].sort((a, b) => a - b);
  const c = [...s.drawCosts].sort((a, b) => a - b);
  const dropped = s.deltas.reduce((sum, x) => sum + Math.max(0, Math.round(x / vsyncMs) - 1), 0);
  const p95 = quantile(d, 0.95);
  const wallMs = s.deltas.reduce((a, b) => a + b, 0);
  console.log(
    `${label}: ${d.length} frames, p50 ${ms(quantile(d, 0.5))}, p95 ${ms(p95)} (goal < ${frameGoalMs} ms: ${p95 < frameGoalMs ? 'met' : 'missed'}), ` +
      `${dropped} dropped frames; main-thread CPU ${ms(cpuMs / Math.max(1, d.length))} per frame (${((100 * cpuMs) / wallMs).toFixed(0)}% busy); ` +
      `timeline redraws: ${c.length}, p50 ${ms(quantile(c, 0.5))}, p95 ${ms(quantile(c, 0.95))}; ` +
      `React commits ${((1000 * commits) / wallMs).toFixed(1)} per s`,
  );
}

/**
 * A page context for the probes. tsx compiles them keeping function names, through a `__name`
 * helper that exists only in Node: the page gets a stand-in so they run there unchanged.
 */
async function probeContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  return context;
}

/** Gzipped size of every script the build emits (the page's entry, its chunks and the workers). */
export function bundleSize(dist = 'dist/assets'): void {
  const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
  let total = 0;
  for (const f of files) {
    const gz = gzipSync(readFileSync(join(dist, f))).length;
    total += gz;
    console.log(`  ${f}: ${(gz / 1024).toFixed(1)} KB gzipped`);
  }
  const kb = total / 1024;
  console.log(`JavaScript bundle: ${kb.toFixed(1)} KB gzipped in ${files.length} files (goal < ${bundleGoalKb} KB: ${kb < bundleGoalKb ? 'met' : 'missed'})`);
}

/** Navigation start to interactive, on fresh browser contexts (a first visit: a fresh cluster). */
async function loadTime(browser: Browser, url: string, runs = 5): Promise<void> {
  const interactive: number[] = [];
  const keys: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await probeContext(browser);
    const page = await context.newPage();
    await page.addInitScript(watchInteractive);
    // The main thread's CPU time (a new context is a new renderer: its ThreadTime starts at 0),
    // which a busy machine distorts far less than the wall-clock figure.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    // A run that never gets there is printed as such (NaN), not allowed to end the benchmark.
    await page.waitForFunction(loadMarksDone, undefined, { timeout: 60_000 }).catch(() => undefined);
    const marks = await page.evaluate(() => (window as unknown as { __loadMarks: Record<string, number> }).__loadMarks);
    interactive.push(marks.interactive ?? NaN);
    keys.push(marks.keysShown ?? NaN);
    cpu.push(((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000);
    await context.close();
  }
  const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
  const m = median(interactive);
  console.log(
    `Load to interactive (Put enabled, ring drawn, 5 nodes up), ${runs} first visits: median ${ms(m)}, runs ${interactive.map((x) => x.toFixed(0)).join(', ')} ms ` +
      `(goal < ${interactiveGoalMs} ms: ${m < interactiveGoalMs ? 'met' : 'missed'}); first keys on the ring: median ${ms(median(keys))}; ` +
      `main-thread CPU until then: median ${ms(median(cpu))}`,
  );
}

/** Frame times while the workload control runs 500 ops per simulated second at `speed`. */
async function workloadFrames(page: Page, speed: number, label: string): Promise<void> {
  await page.getByTestId('speed').selectOption(String(speed));
  await page.getByTestId('workload-rate').fill('500');
  await page.getByTestId('workload-keys').fill('1000');
  await page.getByTestId('workload-reads').fill('0.5');
  await page.getByTestId('workload-toggle').click();
  const status = page.getByTestId('workload-status');
  const count = async () => Number(await status.getAttribute('data-done')) + Number(await status.getAttribute('data-failed'));
  // The timeline draws nothing off screen: in view, as a user watching it would have it.
  await page.getByTestId('timeline-canvas').scrollIntoViewIfNeeded();
  await page.waitForTimeout(2_000);
  const before = await count();
  const commitsBefore = await page.evaluate(reactCommits);
  const { result: sample, cpuMs } = await withCpu(page, () => page.evaluate(sampleFrames, workloadMeasureMs));
  const commits = (await page.evaluate(reactCommits)) - commitsBefore;
  const after = await count();
  await page.getByTestId('workload-toggle').click();
  const failed = Number(await status.getAttribute('data-failed'));
  describeFrames(`${label}: ${(((after - before) * 1000) / workloadMeasureMs).toFixed(0)} ops/s real, ${failed} failed in all`, sample, cpuMs, commits);
  await page.waitForTimeout(1_000);
}

/** Frame times while scrolling the timeline through `events` synthetic message events. */
async function timelineFrames(page: Page, events: number, label: string, range: { endMs: number }): Promise<void> {
  await page.evaluate((n) => window.__ringlabTimeline?.fill(n, 1), events);
  await page.getByTestId('timeline-canvas').scrollIntoViewIfNeeded();
  const commitsBefore = await page.evaluate(reactCommits);
  const { result: sample, cpuMs } = await withCpu(page, () => page.evaluate(scrollTimeline, { endMs: range.endMs, spanMs: 2_000, stepMs: 150 }));
  describeFrames(label, sample, cpuMs, (await page.evaluate(reactCommits)) - commitsBefore);
}

/** Only the load to interactive (`npm run bench -- browser load`). */
export async function loadBench(browser: Browser, url: string): Promise<void> {
  console.log(`— Load to interactive (machine load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}) —`);
  await loadTime(browser, url);
}

export async function uiBench(browser: Browser, url: string): Promise<void> {
  console.log(`— Page figures (machine load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; frame times share the CPU with it) —`);
  bundleSize();
  await loadTime(browser, url);
  const context = await probeContext(browser);
  await context.addInitScript(countReactCommits);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_000);
  await workloadFrames(page, 0.2, 'Workload 500 ops per simulated s, 5 nodes, at "1 ms per 5 ms" (watchable)');
  await workloadFrames(page, 1, 'Workload 500 ops per simulated s, 5 nodes, at full speed');
  await timelineFrames(page, 100_000, 'Timeline scrolling through 100,000 events (2 s window, 150 ms per frame)', { endMs: 100_000 });
  await timelineFrames(page, 150_000, 'Timeline scrolling through the 50,000 oldest of 150,000 events, read back from IndexedDB', { endMs: 50_000 });
  await context.close();
}
