// Goal: the network and nodes panel changes the running cluster: message loss shows as drops,
// and latency and clock skew are kept across a reload. Method: open the panel, drag the loss
// slider, watch the drop counter; pick a WARS latency model and a skew; reload.
import { expect, test } from '@playwright/test';
import { collectErrors, dragSlider, openFreshCluster } from './helpers';

test('loss drops messages, and the latency model and clock skews survive a reload', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await page.getByTestId('settings').locator('summary').click();

  const before = Number(await page.getByTestId('drop-count').textContent());
  await dragSlider(page.getByTestId('settings-loss'), 40);
  await expect(page.getByTestId('settings-loss-value')).not.toHaveText('0%');
  // Gossip keeps flowing, so lost messages show up in the counter without any client request.
  await expect.poll(async () => Number(await page.getByTestId('drop-count').textContent()), { timeout: 15_000 }).toBeGreaterThan(before);
  const lost = await page.evaluate(() => window.__ringlab?.traceEvents().filter((e) => e.type === 'drop' && e.reason === 'loss').length ?? 0);
  expect(lost).toBeGreaterThan(0);

  await page.getByTestId('settings-latency').selectOption('wars-slow-writes');
  await page.getByTestId('settings-skew-S2').fill('-2000');
  await page.getByTestId('settings').screenshot({ path: 'test-results/screens/settings-panel.png' });

  await page.reload();
  await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('settings').locator('summary').click();
  await expect(page.getByTestId('settings-latency')).toHaveValue('wars-slow-writes');
  await expect(page.getByTestId('settings-skew-S2')).toHaveValue('-2000');
  await expect(page.getByTestId('settings-loss-value')).not.toHaveText('0%');
  expect(errors).toEqual([]);
});
