// Goal: the timeline keeps working with 150,000 message events and can scroll back past its
// in-memory window into the chunks kept in IndexedDB. Method: fill the timeline through the
// timeline's window hook, scroll back step by step while frames keep coming, and check that the
// oldest window, read back from disk, still draws. How smooth it is, is measured by
// `npm run bench -- browser` (bench/browser/uiBench.ts), not asserted here: a test's timing
// on a shared machine says more about the machine than the page.
import { expect, test } from '@playwright/test';
import { collectErrors, openFreshCluster } from './helpers';
// For its window.__ringlabTimeline declaration.
import type {} from '../src/ui/timeline/timelineTestHook';

test('the timeline scrolls through 150,000 events, back into the chunks kept in IndexedDB', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  // The timeline (and its test hook) is a chunk loaded after the first paint: filling before it
  // is there filled nothing, and the window read back from disk was empty (a flaky failure).
  await page.waitForFunction(() => window.__ringlabTimeline !== undefined);
  await page.evaluate(() => window.__ringlabTimeline?.fill(150_000, 1));
  const canvas = page.getByTestId('timeline-canvas');
  // On screen: the timeline draws nothing off it, and the frames below must include its redraws.
  await canvas.scrollIntoViewIfNeeded();
  await expect.poll(async () => Number(await canvas.getAttribute('data-arrows'))).toBeGreaterThan(0);
  const gaps = await page.evaluate(async () => {
    const out: number[] = [];
    let last = performance.now();
    const stop = performance.now() + 2000;
    const back = document.querySelector<HTMLButtonElement>('[data-testid="timeline-back"]');
    while (performance.now() < stop) {
      back?.click();
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      out.push(now - last);
      last = now;
    }
    return out.sort((a, b) => a - b);
  });
  const p95 = gaps[Math.floor(gaps.length * 0.95)] ?? 0;
  console.log(`timeline scroll: ${gaps.length} frames, p50 ${gaps[Math.floor(gaps.length / 2)]?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
  // Frames kept coming while it scrolled: a page stuck in a long redraw would give a handful.
  expect(gaps.length).toBeGreaterThan(10);
  // The first 50,000 events left memory; the window at 1 s is read back from IndexedDB.
  await page.evaluate(() => window.__ringlabTimeline?.show(1_000, 200));
  // Arrows drawn for that window itself, not the count of the frame before it (which the poll
  // would accept at once): memory holds none of its events, so they come from the kept chunks.
  const arrowsIn = async (window: string) => ((await canvas.getAttribute('data-window')) === window ? Number(await canvas.getAttribute('data-arrows')) : -1);
  await expect.poll(() => arrowsIn('800..1000'), { timeout: 10_000 }).toBeGreaterThan(0);
  await canvas.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/timeline-load.png' });
  expect(errors).toEqual([]);
});

test('a window too dense to draw whole draws its newest events and says so; zoomed in, it draws them all', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await page.waitForFunction(() => window.__ringlabTimeline !== undefined);
  // 30,000 messages 0.05 ms apart: a 2 s window ending after them holds them all.
  await page.evaluate(() => window.__ringlabTimeline?.fill(30_000, 0.05));
  const canvas = page.getByTestId('timeline-canvas');
  await canvas.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.__ringlabTimeline?.show(1_600, 2_000));
  const note = page.getByTestId('timeline-dense');
  await expect(note).toContainText('only its newest 20,000 are drawn');
  // The drawn part begins where the newest 20,000 events do. The fill makes a send every 0.05 ms
  // and, for every seventh, a version stored 5 ms later: their times, sorted, say where that is.
  const times = Array.from({ length: 30_000 }, (_, i) => [i * 0.05, ...(i % 7 === 0 ? [i * 0.05 + 5] : [])]).flat().sort((a, b) => a - b);
  const newestFrom = times[times.length - 20_000] ?? NaN;
  await expect.poll(async () => Number(await canvas.getAttribute('data-dense-from'))).toBeCloseTo(newestFrom, 6);
  await page.screenshot({ path: 'test-results/screens/timeline-dense.png' });
  // Zoomed in to 200 ms (4,000 events), nothing is left out and the note goes.
  await page.evaluate(() => window.__ringlabTimeline?.show(1_400, 200));
  await expect(note).toHaveCount(0);
  await expect(canvas).toHaveAttribute('data-dense-from', '');
  expect(errors).toEqual([]);
});
