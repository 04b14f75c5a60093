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

// Goal: a first visit fetches only what its first screen needs, and fetches it at once. The
// page's chunks are preloaded by the HTML (not found only after the entry has run), and the
// scenario schemas (zod, for share links and the join and autoscale forms) wait for first use.
// Method: the page's resource timings after it is interactive, then a join with a bad weight,
// whose refusal needs the schemas.
test('a first visit preloads the page chunks and loads the scenario schemas only when a form needs them', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expectAllUp(page);
  const scripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname.split('/').pop() ?? '', start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })).filter((r) => r.name.endsWith('.js')));
  const loaded = await scripts();
  const entry = loaded.find((r) => r.name.startsWith('index-'));
  const chunk = loaded.find((r) => r.name.startsWith('startPage-'));
  expect(entry).toBeDefined();
  expect(chunk).toBeDefined();
  // Requested by the HTML parser with the entry, not by the entry once it had arrived and run.
  expect(chunk?.start ?? Infinity).toBeLessThan(entry?.end ?? 0);
  expect(loaded.filter((r) => /^(clusterSchema|shareUrl)-/.test(r.name))).toEqual([]);

  await page.getByTestId('add-node-id').fill('S9');
  await page.getByTestId('add-node-weight').fill('99');
  await page.getByTestId('add-node').click();
  await expect(page.getByTestId('membership-message')).toHaveText('weight must be a whole number from 1 to 16, not 99');
  expect((await scripts()).some((r) => r.name.startsWith('clusterSchema-'))).toBe(true);
  expect(errors).toEqual([]);
});
