// Goal: the inspector shows a node's Merkle trees as anti-entropy uses them: per peer, the root
// hash and the leaves, and after a wipe the leaves that differed on the exchange that restored
// the node. Method: put keys, wipe a node and restart it from the node list, inspect it, and
// wait for the Merkle section to mark a differing leaf (anti-entropy runs every 10 s).
import { expect, test } from '@playwright/test';
import { collectErrors, openFreshCluster } from './helpers';

test('after a wipe, anti-entropy marks the Merkle leaves that differed and restores the keys', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  // Written until acknowledged: on a loaded machine the first puts after boot may time out.
  let missing = Array.from({ length: 20 }, (_, i) => `tree-${i}`);
  for (let round = 0; round < 5 && missing.length > 0; round++) {
    const acked = await page.evaluate((k) => window.__ringlab?.putAcked(k) ?? Promise.resolve([]), missing);
    missing = missing.filter((k) => !acked.includes(k));
  }
  expect(missing).toEqual([]);

  await page.getByTestId('inspect-S1').click();
  const inspector = page.getByTestId('inspector');
  const merkle = inspector.getByTestId('inspector-merkle');
  // Before the wipe: a tree per peer, each with a root hash and leaves in use.
  await expect(merkle.getByTestId('merkle-S2')).toContainText('shared keys, root');
  const rootBefore = await merkle.getByTestId('merkle-root-S2').textContent();
  expect(rootBefore).not.toBe('00000000');

  const s1 = page.getByTestId('node-S1');
  await s1.getByRole('button', { name: 'Wipe' }).click();
  await expect(s1).toHaveAttribute('data-state', 'down');
  await s1.getByRole('button', { name: 'Restart' }).click();
  await expect(s1).toHaveAttribute('data-state', 'up', { timeout: 15_000 });

  // Some exchange finds the wiped node's leaves different and marks them.
  const differed = merkle.locator('[data-testid="merkle-leaf"][data-differed="true"]');
  await expect(async () => {
    await expect(differed.first()).toBeAttached();
  }).toPass({ timeout: 60_000 });
  const tree = merkle.locator('details[data-differed]').first();
  await tree.locator('summary').click();
  await expect(tree.locator('[data-testid="merkle-leaf"][data-differed="true"]').first()).toBeVisible();
  await expect(tree.locator('summary')).toContainText('differed at');
  await inspector.screenshot({ path: 'test-results/screens/inspector-merkle-differed.png' });
  // The keys came back through those leaves.
  await expect(inspector.getByTestId('inspector-key-count')).not.toHaveText('0', { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('the inspector lists a page of a node’s keys, counts them all, and its filter finds any one', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  let missing = Array.from({ length: 120 }, (_, i) => `page-${String(i).padStart(3, '0')}`);
  for (let round = 0; round < 5 && missing.length > 0; round++) {
    const acked = await page.evaluate((k) => window.__ringlab?.putAcked(k) ?? Promise.resolve([]), missing);
    missing = missing.filter((k) => !acked.includes(k));
  }
  expect(missing).toEqual([]);
  // What S1 holds, by a full scan through the test hook: the inspector's figures must match it.
  const held = await page.evaluate(async () => (await window.__ringlab?.inspect('S1'))?.keys.map((k) => k.key) ?? []);
  const pageKeys = held.filter((k) => k.startsWith('page-'));
  expect(pageKeys.length).toBeGreaterThan(60);

  await page.getByTestId('inspect-S1').click();
  const inspector = page.getByTestId('inspector');
  // The count is every key S1 holds (read again each round: the sample keys may still land).
  await expect(async () => {
    const now = await page.evaluate(async () => (await window.__ringlab?.inspect('S1'))?.keys.length ?? -1);
    await expect(inspector.getByTestId('inspector-key-count')).toHaveText(String(now), { timeout: 1_000 });
    await expect(inspector).toContainText(`…and ${now - 60} more`, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const listed = inspector.getByTestId('inspector-key');
  await expect(listed).toHaveCount(60);

  // The last of S1's keys in key order is beyond the first page; the filter reaches it.
  const last = pageKeys.sort().at(-1) ?? '';
  await inspector.getByRole('searchbox', { name: 'filter keys' }).fill(last);
  await expect(listed).toHaveCount(1);
  await expect(listed.first()).toHaveAttribute('data-key', last);
  await expect(listed.first()).toContainText(`value-${last}`);
  await inspector.screenshot({ path: 'test-results/screens/inspector-key-filter.png' });
  await inspector.getByRole('searchbox', { name: 'filter keys' }).fill('no-such-key');
  await expect(inspector).toContainText('No key matches.');
  expect(errors).toEqual([]);
});
