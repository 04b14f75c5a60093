// Goal: the N/W/R sliders change the cluster's quorum and the plain-words line says what the
// new numbers mean. Method: drag W and R with the mouse, read the line and the nodes' settings
// as the page shows them; reload and see the settings kept.
import { expect, test } from '@playwright/test';
import { collectErrors, dragSlider, openFreshCluster } from './helpers';

test('dragging W and R to 1 changes the plain-words line from overlap to stale reads', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const words = page.getByTestId('quorum-words');
  await expect(words).toContainText('W + R > N: every read quorum overlaps every write quorum, so a read sees the last completed write');

  await dragSlider(page.getByTestId('quorum-w'), 1);
  await expect(page.getByTestId('quorum-w-value')).toHaveText('1');
  await dragSlider(page.getByTestId('quorum-r'), 1);
  await expect(page.getByTestId('quorum-r-value')).toHaveText('1');
  await expect(words).toHaveText('W + R ≤ N: reads may be stale');
  await page.screenshot({ path: 'test-results/screens/quorum-w1-r1.png' });

  // W up to N with R = 1: fast reads; sloppy quorum adds the failure caveat.
  await dragSlider(page.getByTestId('quorum-w'), 3);
  await expect(words).toContainText('R = 1, W = N: fast reads');
  await page.getByTestId('toggle-sloppy').check();
  await expect(words).toContainText('… except during failures, when fallbacks stand in');

  // Settings are the cluster's, saved: a reload brings them back.
  await page.reload();
  await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('quorum-w-value')).toHaveText('3');
  await expect(page.getByTestId('quorum-r-value')).toHaveText('1');
  await expect(page.getByTestId('toggle-sloppy')).toBeChecked();
  expect(errors).toEqual([]);
});
