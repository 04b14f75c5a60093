// Goal: while the timeline follows a busy run it scrolls its picture and paints only the new
// strip, and that picture is the one a whole repaint draws: nothing the nodes did is missing or
// left behind. Method: a workload on the live cluster, pause, then compare the canvas's pixels
// before and after a whole repaint.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { collectErrors, openFreshCluster } from './helpers';

/** The canvas's pixels as RGBA bytes, read in the page. */
async function pixels(page: Page): Promise<number[]> {
  return page.getByTestId('timeline-canvas').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    return data === undefined ? [] : Array.from(data);
  });
}

const frames = (page: Page, n: number) => page.evaluate((count) => new Promise<void>((done) => {
  const next = (left: number) => (left === 0 ? done() : requestAnimationFrame(() => next(left - 1)));
  next(count);
}), n);

test('the scrolled timeline of a busy run equals its whole repaint', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await page.getByTestId('workload-rate').fill('300');
  await page.getByTestId('workload-keys').fill('200');
  await page.getByTestId('workload-toggle').click();
  const canvas = page.getByTestId('timeline-canvas');
  await canvas.evaluate((el) => el.scrollIntoView());
  // Dense enough that no mark is labelled: the picture scrolls instead of being redrawn.
  await expect.poll(async () => Number(await canvas.getAttribute('data-arrows')), { timeout: 20_000 }).toBeGreaterThan(300);
  await expect(canvas).toHaveAttribute('data-paint', 'scrolled', { timeout: 10_000 });
  await page.waitForTimeout(2_000);
  await expect(canvas).toHaveAttribute('data-paint', 'scrolled');
  await page.getByTestId('pause-toggle').click();
  // The click scrolled the page up to the button, and the timeline draws only on screen.
  await canvas.evaluate((el) => el.scrollIntoView());
  // Batches already on their way still land (and are painted) after the pause.
  await page.waitForTimeout(1_000);
  await frames(page, 3);
  const scrolled = await pixels(page);
  await canvas.screenshot({ path: 'test-results/screens/timeline-scrolled.png' });
  await page.evaluate(() => window.__ringlabTimeline?.repaintWhole());
  await expect(canvas).toHaveAttribute('data-paint', 'whole');
  await frames(page, 2);
  const whole = await pixels(page);
  await canvas.screenshot({ path: 'test-results/screens/timeline-whole.png' });
  expect(whole.length).toBe(scrolled.length);
  const width = await canvas.evaluate((el) => (el as HTMLCanvasElement).width);
  const differs = (p: number) => {
    let d = 0;
    for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs((whole[4 * p + c] ?? 0) - (scrolled[4 * p + c] ?? 0)));
    return d > 24;
  };
  const differing: number[] = [];
  for (let p = 0; p < whole.length / 4; p++) if (differs(p)) differing.push(p);
  // An item lost, left behind or drawn twice differs along its whole glyph or line: a group of
  // touching differing pixels. The path rasteriser may shade a few edge pixels of a mark
  // differently when it draws fewer marks at once: groups of a handful.
  const left = new Set(differing);
  const groups: number[] = [];
  for (const start of differing) {
    if (!left.delete(start)) continue;
    let size = 0;
    for (const stack = [start]; stack.length > 0; size++) {
      const p = stack.pop() ?? 0;
      for (const o of [-width - 1, -width, -width + 1, -1, 1, width - 1, width, width + 1]) if (left.delete(p + o)) stack.push(p + o);
    }
    groups.push(size);
  }
  const drawn = whole.filter((v, i) => i % 4 === 0 && v < 200).length;
  expect(drawn).toBeGreaterThan(5_000);
  expect(groups.filter((size) => size > 6)).toEqual([]);
  expect(differing.length).toBeLessThan(drawn / 200);
  await page.getByTestId('workload-toggle').click();
  expect(errors).toEqual([]);
});
