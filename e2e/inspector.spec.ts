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
