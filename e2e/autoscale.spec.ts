// Goal: autoscaling in the live cluster: with low thresholds turned on from the node list,
// load makes the cluster add a node, the decision and its reason appear on the page and the
// timeline, and once the load stops (after the cooldown) the cluster removes it again, with
// every acknowledged write still readable. Method: the autoscale toggle and thresholds; the
// test hook only generates the load and reads the keys back.
import { expect, test } from '@playwright/test';
import { collectErrors, openFreshCluster } from './helpers';

test('autoscaling adds a node under load and removes it when load stops, each decision with its reason', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const panel = page.getByTestId('autoscale');
  await panel.getByText('Thresholds').click();
  await page.getByTestId('autoscale-upOpsPerSecPerNode').fill('3');
  await page.getByTestId('autoscale-downOpsPerSecPerNode').fill('1');
  await page.getByTestId('autoscale-sustainMs').fill('1');
  // Never below the five nodes it starts with: the one it adds is the one it removes.
  await page.getByTestId('autoscale-minNodes').fill('5');
  await page.getByTestId('autoscale-apply').click();
  await expect(page.getByTestId('autoscale-message')).toHaveCount(0);
  await page.getByTestId('autoscale-toggle').check();

  // Load: puts one after another from four lanes, until the cluster has grown.
  const keys = Array.from({ length: 400 }, (_, i) => `load-${i}`);
  const load = page.evaluate((k) => window.__ringlab?.timed('put', k, 4) ?? Promise.resolve({ ok: 0, latenciesMs: [] }), keys);
  const decisions = page.getByTestId('autoscale-decisions');
  await expect(decisions).toContainText(/added auto1 — \d+ ops\/s and \d+ keys per node for 1 s/, { timeout: 60_000 });
  await expect(page.getByTestId('node-auto1')).toBeVisible();
  await page.getByTestId('autoscale').screenshot({ path: 'test-results/screens/autoscale-added.png' });
  // The timeline, scrolled to the decision: its mark sits on the cluster lane with the reason.
  const atMs = Number(/([\d.]+) s: added auto1/.exec((await decisions.textContent()) ?? '')?.[1] ?? 0) * 1000;
  await page.evaluate((t) => window.__ringlabTimeline?.show(t + 1500, 4000), atMs);
  await page.locator('section.timeline').screenshot({ path: 'test-results/screens/autoscale-timeline.png' });
  const { ok } = await load;
  expect(ok).toBeGreaterThan(0);

  // Load stopped: after the cooldown the node the autoscaler added goes again.
  // (Load may have added a second node meanwhile; the newest added goes first, auto1 last.)
  await expect(decisions).toContainText(/removed auto1 — \d+ ops\/s and \d+ keys per node for 1 s \(down below/, { timeout: 120_000 });
  await expect(page.locator('[data-testid^="node-auto"][data-state]')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.locator('[data-testid^="node-S"][data-state="up"]')).toHaveCount(5);
  await expect(page.locator('[data-testid^="node-"][data-state]')).toHaveCount(5);
  await page.getByTestId('autoscale').screenshot({ path: 'test-results/screens/autoscale-removed.png' });
  expect(errors).toEqual([]);
});
