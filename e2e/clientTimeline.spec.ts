// Goal: the client panel and the timeline show what the cluster did. Method: drive the page as a
// user does (forms, link controls), then assert what is visible: result lines, and the timeline
// canvas's drawn counts (data attributes the canvas loop sets from the very scene it drew).
import { expect, test } from '@playwright/test';
import type { RinglabTestHook } from '../src/ui/testHook';
import { collectErrors, okClientOp, openFreshCluster } from './helpers';

declare global {
  interface Window {
    __ringlab?: RinglabTestHook;
  }
}

test('put then get through different coordinators', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const put = await okClientOp(page, 'put', 'alice', 'pear', 'S1', 'green');
  await expect(put).toHaveAttribute('data-ok', 'true');
  await expect(put.getByTestId('result-clock')).not.toHaveText('');
  await expect(put).toContainText('coordinator');
  const get = await okClientOp(page, 'get', 'bob', 'pear', 'S4');
  await expect(get).toHaveAttribute('data-ok', 'true');
  await expect(get.getByTestId('result-value')).toHaveText('green');
  await expect(get).toContainText(/answered: S\d/);
  await expect(get).toContainText(/\d+\.\d ms/);
  await page.screenshot({ path: 'test-results/screens/put-get-coordinators.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('cut a link and see drops on the timeline', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await page.getByTestId('link-from').selectOption('S1');
  await page.getByTestId('link-to').selectOption('S2');
  await page.getByTestId('link-cut').click();
  await expect(page.getByTestId('cut-S1-S2')).toBeVisible();
  // Gossip crosses every link every round; puts through S1 add writes to S2 when it is a replica.
  await page.evaluate(() => window.__ringlab?.putMany(Array.from({ length: 20 }, (_, i) => `cut-${i}`)));
  const canvas = page.getByTestId('timeline-canvas');
  await page.getByTestId('timeline-zoom-out').click();
  // The timeline draws only while on screen.
  await canvas.scrollIntoViewIfNeeded();
  await expect.poll(async () => Number(await canvas.getAttribute('data-drops')), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(async () => Number(await canvas.getAttribute('data-arrows'))).toBeGreaterThan(0);
  await page.getByTestId('timeline-filter-lane').selectOption('S1');
  await expect.poll(async () => Number(await canvas.getAttribute('data-drops'))).toBeGreaterThan(0);
  await page.getByTestId('pause-toggle').click();
  await canvas.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/timeline-drops.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('the lane filter offers the clients the timeline draws, and a client shows its requests', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await okClientOp(page, 'put', 'alice', 'fig', 'S1', 'purple');
  await okClientOp(page, 'get', 'bob', 'fig', 'S2');
  await page.getByTestId('pause-toggle').click();
  const canvas = page.getByTestId('timeline-canvas');
  await page.getByTestId('timeline-zoom-out').click();
  await page.getByTestId('timeline-zoom-out').click();
  await canvas.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await canvas.getAttribute('data-lanes'))?.split(',')).toEqual(expect.arrayContaining(['S1', 'S5', 'alice', 'bob']));
  const lane = page.getByTestId('timeline-filter-lane');
  const offered = async () => (await lane.locator('option').allTextContents()).slice(1);
  await expect.poll(async () => offered()).toEqual((await canvas.getAttribute('data-lanes'))?.split(','));
  await lane.selectOption('alice');
  // Her put's two legs: to the coordinator, and back from its quorum.
  await expect.poll(async () => Number(await canvas.getAttribute('data-arrows'))).toBe(2);
  await lane.selectOption('bob');
  await expect.poll(async () => Number(await canvas.getAttribute('data-arrows'))).toBe(2);
  await canvas.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/timeline-client-lane.png' });
  expect(errors).toEqual([]);
});
