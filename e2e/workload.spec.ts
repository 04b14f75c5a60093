// Goal: a user starts a steady workload on the live cluster, sees its operations counted and
// its messages on the timeline, stops it and sees it stop, and a share link replays it; bad
// input is refused in plain words. Method: the workload form, driven by keyboard and mouse.
import { expect, test } from '@playwright/test';
import { collectErrors, openFreshCluster } from './helpers';

test('start a workload, see operations counted and messages on the timeline, stop it, share it', async ({ page, context }) => {
  // Two pages, a live cluster under load and a replay: longer than the default.
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const form = page.getByTestId('workload');
  await page.getByTestId('workload-rate').fill('40');
  await page.getByTestId('workload-keys').fill('25');
  await page.getByTestId('workload-reads').fill('0.3');
  await page.getByTestId('workload-distribution').selectOption('zipf');
  // Enter in a field submits the form: the control works from the keyboard alone.
  await page.getByTestId('workload-keys').press('Enter');
  const status = page.getByTestId('workload-status');
  await expect(status).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('workload-toggle')).toHaveText('Stop workload');
  await expect.poll(async () => Number(await status.getAttribute('data-done')), { timeout: 10_000 }).toBeGreaterThan(20);
  await expect(page.getByTestId('workload-rate')).toBeDisabled();

  // The timeline, following the present, draws the workload's messages and its client's lane.
  const canvas = page.getByTestId('timeline-canvas');
  await canvas.scrollIntoViewIfNeeded();
  await expect.poll(async () => Number(await canvas.getAttribute('data-arrows'))).toBeGreaterThan(10);
  await expect.poll(async () => (await canvas.getAttribute('data-lanes')) ?? '').toContain('load');
  await canvas.evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: 'test-results/screens/workload-running.png' });

  await page.getByTestId('workload-toggle').focus();
  await page.keyboard.press('Enter');
  await expect(status).toHaveAttribute('data-running', 'false');
  await expect(status).toContainText('Stopped');
  await expect(status).toContainText('0 in flight');
  const settled = async () => Number(await status.getAttribute('data-done')) + Number(await status.getAttribute('data-failed'));
  const atStop = await settled();
  await page.waitForTimeout(1_000);
  expect(await settled()).toBe(atStop);
  await form.evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: 'test-results/screens/workload-stopped.png' });

  // The share link carries the workload as a step: the replay writes the same generated keys.
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  const visitor = await context.newPage();
  await visitor.goto(url);
  const run = visitor.getByTestId('shared-run');
  await expect(run).toBeVisible({ timeout: 20_000 });
  await expect(run.getByTestId('shared-key').filter({ hasText: 'load-' }).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('a negative rate or zero keys is refused with a clear message', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await page.getByTestId('workload-rate').fill('-5');
  await page.getByTestId('workload-toggle').click();
  const problem = page.getByTestId('workload-problem');
  await expect(problem).toHaveText('The rate must be a number of operations per second above 0 (got -5).');
  await expect(page.getByTestId('workload-status')).toHaveCount(0);

  await page.getByTestId('workload-rate').fill('10');
  await page.getByTestId('workload-keys').fill('0');
  await page.getByTestId('workload-toggle').click();
  await expect(problem).toHaveText('The key count must be a whole number from 1 to 1000000 (got 0).');
  await page.getByTestId('workload').evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: 'test-results/screens/workload-refused.png' });
  await expect(page.getByTestId('workload-status')).toHaveCount(0);

  await page.getByTestId('workload-keys').fill('10');
  await page.getByTestId('workload-toggle').click();
  await expect(problem).toHaveCount(0);
  await expect(page.getByTestId('workload-status')).toHaveAttribute('data-running', 'true');
  await page.getByTestId('workload-toggle').click();
  await expect(page.getByTestId('workload-status')).toHaveAttribute('data-running', 'false');
  expect(errors).toEqual([]);
});
