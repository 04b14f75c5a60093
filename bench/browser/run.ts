// `node --import tsx bench/browser/run.ts`: builds the page, serves it, and prints, for this
// machine's Chromium, the raw ceilings (MessageChannel round trips between workers, batched
// IndexedDB puts from 5 workers) and Ringlab's puts and gets per second at full speed with
// latency quantiles, as ratios of those ceilings. A benchmark: it prints, it asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { findBrowser } from '../../scripts/find-browser.mjs';
import type { RinglabTestHook } from '../../src/ui/testHook';
import { indexedDbBatchedPuts, messageChannelRoundTrips } from './rawCeilings';
import { uiBench } from './uiBench';

const port = Number(process.env.BENCH_PORT ?? 4329);
const measureMs = 3_000;
const ops = 2_000;
const concurrency = 64;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const executablePath = findBrowser();
  if (executablePath === undefined) throw new Error('no Chromium found: see scripts/find-browser.mjs');
  if (spawnSync('npx', ['vite', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('vite build failed');
  const server = spawn('node', ['scripts/serve.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    for (let i = 0; i < 50; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });

    const rtt = await page.evaluate(messageChannelRoundTrips, measureMs);
    const idb = await page.evaluate(indexedDbBatchedPuts, { workers: 5, batch: 100, durationMs: measureMs });
    console.log(`MessageChannel worker↔worker: ${rtt.toFixed(0)} round trips/s`);
    console.log(`IndexedDB, 5 workers, 100 puts per transaction: ${idb.toFixed(0)} puts/s`);

    const keys = Array.from({ length: ops }, (_, i) => `bench-${i}`);
    for (const op of ['put', 'get'] as const) {
      const started = Date.now();
      const r = await page.evaluate(([o, ks, c]) => (window.__ringlab as RinglabTestHook).timed(o, ks, c), [op, keys, concurrency] as const);
      const perSecond = (r.ok * 1000) / (Date.now() - started);
      const sorted = [...r.latenciesMs].sort((a, b) => a - b);
      console.log(
        `Ringlab ${op}s (N=3 W=2 R=2, ${concurrency} in flight): ${perSecond.toFixed(0)}/s, ${r.ok}/${ops} ok, ` +
          `p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms (simulated = real at full speed); ` +
          `${((perSecond / rtt) * 100).toFixed(2)}% of the round-trip ceiling, ${((perSecond / idb) * 100).toFixed(2)}% of the IndexedDB ceiling`,
      );
    }
    await uiBench(browser, `http://127.0.0.1:${port}/`);
  } finally {
    await browser.close();
    server.kill();
  }
}

await main();
