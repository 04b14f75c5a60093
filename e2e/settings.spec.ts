// Goal: the network and nodes panel changes the running cluster: message loss shows as drops,
// and latency and clock skew are kept across a reload; a change localStorage cannot save (full)
// still takes effect, and the page says a reload may lose it. Method: open the panel, drag the loss
// slider, watch the drop counter; pick a WARS latency model and a skew; reload.
import { expect, test } from '@playwright/test';
import { collectErrors, dragSlider, fillConfigStorage, openFreshCluster } from './helpers';

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

test('nodes moved into three zones spread every key across them, the delay between zones slows puts, and both survive a reload', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const keys = Array.from({ length: 40 }, (_, i) => `zoned-${i}`);
  const acked = await page.evaluate((k) => window.__ringlab?.putAcked(k) ?? Promise.resolve([]), keys);
  expect(acked.length).toBeGreaterThan(30);
  await page.getByTestId('settings').locator('summary').click();

  const zones: Record<string, string> = { S1: 'A', S2: 'A', S3: 'B', S4: 'B', S5: 'C' };
  for (const [id, zone] of Object.entries(zones)) {
    const select = page.getByTestId(`settings-zone-${id}`);
    // One ring change at a time: the selects wait until the last move's ranges have streamed.
    await expect(select).toBeEnabled({ timeout: 30_000 });
    await select.selectOption(zone);
    await expect(page.getByTestId(`node-place-${id}`)).toContainText(`zone ${zone}`);
  }
  await expect(page.getByTestId('settings-zone-S1')).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByTestId('settings-zones-refusal')).toHaveCount(0);
  await page.getByTestId('settings').screenshot({ path: 'test-results/screens/settings-zones.png' });

  // Every key's three replicas are now in three different zones, and every acknowledged key is still read.
  const owners = await page.evaluate((k) => k.map((key) => window.__ringlab?.replicasOf(key) ?? []), keys);
  for (const o of owners) expect(new Set(o.map((id) => zones[id])).size).toBe(3);
  expect((await page.evaluate((k) => window.__ringlab?.getMany(k) ?? Promise.resolve([]), acked)).sort()).toEqual([...acked].sort());

  const putLatencies = async (prefix: string) => {
    const r = await page.evaluate((k) => window.__ringlab?.timed('put', k, 4) ?? Promise.resolve({ ok: 0, latenciesMs: [] }), Array.from({ length: 12 }, (_, i) => `${prefix}-${i}`));
    expect(r.ok).toBe(12);
    return r.latenciesMs;
  };
  const near = await putLatencies('near');
  await page.getByTestId('settings-interzone').fill('40');
  // W = 2 needs an ack from a replica in another zone: 40 ms there and 40 ms back, at least.
  const far = await putLatencies('far');
  expect(Math.min(...far)).toBeGreaterThanOrEqual(80);
  expect(Math.min(...near)).toBeLessThan(80);

  await page.reload();
  await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('settings').locator('summary').click();
  await expect(page.getByTestId('settings-interzone')).toHaveValue('40');
  for (const [id, zone] of Object.entries(zones)) await expect(page.getByTestId(`settings-zone-${id}`)).toHaveValue(zone);
  expect(errors).toEqual([]);
});

test('a setting localStorage cannot save (full) takes effect all the same, and the page says a reload may lose it', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await fillConfigStorage(page);
  await page.getByTestId('settings').locator('summary').click();
  await page.getByTestId('settings-latency').selectOption('wars-slow-writes');
  await expect(page.getByTestId('problems')).toContainText("the cluster's configuration could not be saved (the quota was exceeded): a reload may lose its latest changes");
  await expect(page.getByTestId('settings-latency')).toHaveValue('wars-slow-writes');
  await page.getByTestId('settings-skew-S2').fill('-2000');
  await expect(page.getByTestId('settings-skew-S2')).toHaveValue('-2000');
  await expect(page.getByTestId('problems').getByText('configuration could not be saved')).toHaveCount(1);
  expect(errors).toEqual([]);
});
