// Goal: a share link carries the run to another page, and a broken one is answered clearly.
// Method: act on the page (a put, a quorum change through the test hook's commands), share, open
// the URL in a new page, and compare what the visitor sees; then open a damaged link.
import { expect, test } from '@playwright/test';
import { collectErrors, openFreshCluster } from './helpers';

test('share, then open the URL in a new page, and see the same keys, settings and timeline', async ({ page, context }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await page.getByTestId('client-name').selectOption('alice');
  await page.getByTestId('client-key').fill('shared-key');
  await page.getByTestId('client-value').fill('shared-value');
  await page.getByTestId('client-via').selectOption('S2');
  await page.getByTestId('client-put').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-ok', 'true');
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#s=[A-Za-z0-9_-]+$/);

  const visitor = await context.newPage();
  const visitorErrors = collectErrors(visitor);
  await visitor.goto(url);
  const run = visitor.getByTestId('shared-run');
  await expect(run).toBeVisible({ timeout: 20_000 });
  await expect(visitor.getByTestId('shared-settings')).toContainText('5 nodes · N=3 W=2 R=2');
  await expect(run.getByTestId('shared-key').filter({ hasText: 'shared-key' }).first()).toContainText('shared-value');
  await expect(run.getByTestId('shared-key').filter({ hasText: 'shared-key' })).toHaveCount(3);
  const canvas = visitor.getByTestId('timeline-canvas');
  await expect.poll(async () => Number(await canvas.getAttribute('data-versions')), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(visitor.url()).not.toContain('#s=');
  await visitor.screenshot({ path: 'test-results/screens/share-opened.png', fullPage: true });
  expect(errors).toEqual([]);
  expect(visitorErrors).toEqual([]);
});

test('open a broken URL and see the error message', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/#s=this-is-not-a-scenario');
  const alert = page.getByTestId('shared-error');
  await expect(alert).toBeVisible({ timeout: 15_000 });
  await expect(alert).toContainText('could not be opened');
  await expect(alert).toContainText('damaged');
  await expect(page.getByTestId('shared-fresh')).toBeVisible();
  await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: 'test-results/screens/share-broken.png', fullPage: true });
  await page.getByTestId('shared-fresh').click();
  await expect(page.getByTestId('shared-error')).toHaveCount(0);
  await expect(page.getByTestId('cluster-name')).not.toHaveText('main');
  await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  expect(errors).toEqual([]);
});
