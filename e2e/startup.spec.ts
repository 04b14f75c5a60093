// Goal: the page is useful while it starts. Its shell shows at once, the cluster opens while the
// page's scripts still load, and a put clicked the moment the client form appears (nodes may
// still be recovering) is answered, not lost or failed; the timeline and the inspector, loaded
// after the first paint, come in place of panels that say they are loading. Method: a first
// visit with the CPU slowed 4× (so each stage lasts long enough to be seen), a click on Put as
// soon as it is visible, screenshots of each stage.
import { expect, test } from '@playwright/test';
import { collectErrors, expectAllUp } from './helpers';

test('a put clicked as soon as the client form shows is answered, and the page looks whole while it loads', async ({ page, context }) => {
  // Slowed 4× on a shared machine, every stage takes a while.
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

  await page.goto('/', { waitUntil: 'commit' });
  // The shell, before any script has run its course.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ringlab');
  await page.screenshot({ path: 'test-results/screens/startup-shell.png' });

  const put = page.getByTestId('client-put');
  await expect(put).toBeEnabled({ timeout: 20_000 });
  await page.getByTestId('client-key').fill('early');
  await put.click();
  await page.screenshot({ path: 'test-results/screens/startup-first-put.png', fullPage: true });

  const result = page.getByTestId('result').first();
  await expect(result).toHaveAttribute('data-ok', 'true', { timeout: 20_000 });
  await expect(result).toContainText('early');
  // Full speed again: what is left to check is the end state.
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await expectAllUp(page);
  // The panels loaded after the first paint replace their placeholders.
  await expect(page.getByTestId('panel-loading')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(page.getByTestId('inspector')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/startup-done.png', fullPage: true });
  expect(errors).toEqual([]);
});
