// Goal: a share link carries the run to another page, and a broken one is answered clearly.
// Method: act on the page (a put, a kill, sloppy quorum on, the latency model and the delay
// between zones), share, open the URL in another person's browser that has a cluster of its
// own, compare what the visitor sees, use the loaded cluster live, and go back to the visitor's
// own cluster and to the loaded one again; then open a damaged link and one that does not validate.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { collectErrors, link, openFreshCluster } from './helpers';

/** Runs one client operation through the form and returns its result entry (newest first). */
async function clientOp(page: Page, op: 'put' | 'get', key: string, value = ''): Promise<Locator> {
  await page.getByTestId('client-key').fill(key);
  if (op === 'put') await page.getByTestId('client-value').fill(value);
  await page.getByTestId(`client-${op}`).click();
  // The newest result is listed first; it names its op and key, so an older one is never taken
  // for it (counting results fails once the bounded list is full).
  const result = page.getByTestId('result').first();
  await expect(result).toContainText(`${op} ${JSON.stringify(key)}`, { timeout: 10_000 });
  return result;
}

test('share, then open the URL in a new page: same keys, settings and timeline, in a live cluster of its own', async ({ page, browser }) => {
  // Two browsers, two clusters, three cluster switches: longer than one flow.
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await page.getByTestId('client-name').selectOption('alice');
  await page.getByTestId('client-via').selectOption('S2');
  await expect(await clientOp(page, 'put', 'shared-key', 'shared-value')).toHaveAttribute('data-ok', 'true');
  await page.getByTestId('node-S5').getByRole('button', { name: 'Kill' }).click();
  await expect(page.getByTestId('node-S5')).toHaveAttribute('data-state', 'down');
  // Settings and the network changed after the run began are steps of the story too.
  await page.getByTestId('toggle-sloppy').check();
  await page.getByTestId('settings').locator('summary').click();
  await page.getByTestId('settings-latency').selectOption('wan');
  await page.getByTestId('settings-interzone').fill('25');
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#s=[A-Za-z0-9_-]+$/);

  // The visitor is another person: a browser of their own, with a cluster and a key of their own.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const visitorErrors = collectErrors(visitor);
  await openFreshCluster(visitor);
  const home = await visitor.getByTestId('cluster-name').innerText();
  await expect(await clientOp(visitor, 'put', 'visitor-key', 'mine')).toHaveAttribute('data-ok', 'true');
  await visitor.goto('about:blank');
  await visitor.goto(url);

  const run = visitor.getByTestId('shared-run');
  await expect(run).toBeVisible({ timeout: 20_000 });
  await expect(visitor.getByTestId('shared-settings')).toContainText('5 nodes · N=3 W=2 R=2');
  await expect(run.getByTestId('shared-key').filter({ hasText: 'shared-key' }).first()).toContainText('shared-value');
  await expect(run.getByTestId('shared-key').filter({ hasText: 'shared-key' })).toHaveCount(3);
  expect(visitor.url()).not.toContain('#s=');

  // The run's end state, live: its own name, the killed node still down, and a put then get works.
  await expect(visitor.getByTestId('shared-loaded')).toBeVisible({ timeout: 20_000 });
  const shared = await visitor.getByTestId('shared-cluster').innerText();
  expect(shared).toMatch(/^shared-/);
  expect(shared).not.toBe(home);
  await expect(visitor.getByTestId('cluster-name')).toHaveText(shared);
  await expect(visitor.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  // The timeline shows the replayed run at the shared position, and goes on live after it.
  const canvas = visitor.getByTestId('timeline-canvas');
  await canvas.scrollIntoViewIfNeeded();
  // (Messages, not versions: whether the put falls inside the window depends on how long the
  // sharer waited before sharing.)
  await expect.poll(async () => Number(await canvas.getAttribute('data-arrows')), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(visitor.getByTestId('node-S5')).toHaveAttribute('data-state', 'down', { timeout: 15_000 });
  for (const id of ['S1', 'S2', 'S3', 'S4']) await expect(visitor.getByTestId(`node-${id}`)).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
  await expect(visitor.getByTestId('toggle-sloppy')).toBeChecked();
  await visitor.getByTestId('settings').locator('summary').click();
  await expect(visitor.getByTestId('settings-latency')).toHaveValue('wan');
  await expect(visitor.getByTestId('settings-interzone')).toHaveValue('25');
  const got = await clientOp(visitor, 'get', 'shared-key');
  await expect(got).toHaveAttribute('data-ok', 'true');
  await expect(got.getByTestId('result-value')).toHaveText(['shared-value']);
  await expect(await clientOp(visitor, 'put', 'after-load', 'live')).toHaveAttribute('data-ok', 'true');
  await expect((await clientOp(visitor, 'get', 'after-load')).getByTestId('result-value')).toHaveText(['live']);
  await visitor.screenshot({ path: 'test-results/screens/share-opened.png' });

  // Back to the visitor's own cluster: its key is there, untouched; the shared keys are not.
  await visitor.getByTestId('back-home').click();
  await expect(visitor.getByTestId('cluster-name')).toHaveText(home, { timeout: 15_000 });
  await expect(visitor.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  await expect((await clientOp(visitor, 'get', 'visitor-key')).getByTestId('result-value')).toHaveText(['mine']);
  await expect((await clientOp(visitor, 'get', 'shared-key')).getByTestId('result-value')).toHaveText(['not found']);
  await visitor.screenshot({ path: 'test-results/screens/share-back-home.png' });

  // And the loaded cluster can be reached again, with what was written there.
  await visitor.getByTestId('cluster-select').selectOption(shared);
  await expect(visitor.getByTestId('cluster-name')).toHaveText(shared, { timeout: 15_000 });
  await expect(visitor.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  await expect((await clientOp(visitor, 'get', 'after-load')).getByTestId('result-value')).toHaveText(['live']);
  expect(errors).toEqual([]);
  expect(visitorErrors).toEqual([]);
  await visitorContext.close();
});

test('a reload keeps the story: a link shared after it replays what came before it too', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await page.getByTestId('client-name').selectOption('alice');
  await expect(await clientOp(page, 'put', 'before-reload', 'old')).toHaveAttribute('data-ok', 'true');
  await page.getByTestId('node-S4').getByRole('button', { name: 'Kill' }).click();
  await expect(page.getByTestId('node-S4')).toHaveAttribute('data-state', 'down');
  // Reloaded at once: the story is written as the page goes, not only a second after a change.
  await page.reload();
  await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  await expect(await clientOp(page, 'put', 'after-reload', 'new')).toHaveAttribute('data-ok', 'true');
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  await expect(page.getByTestId('share-note')).toHaveCount(0);

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(url);
  const run = visitor.getByTestId('shared-run');
  await expect(run).toBeVisible({ timeout: 20_000 });
  // N=3 copies of each, less those that would have gone to the dead S4 (sloppy quorum hands them to a fallback).
  await expect(run.getByTestId('shared-key').filter({ hasText: 'before-reload' }).first()).toContainText('old');
  await expect(run.getByTestId('shared-key').filter({ hasText: 'after-reload' }).first()).toContainText('new');
  await expect(visitor.getByTestId('shared-loaded')).toBeVisible({ timeout: 20_000 });
  await expect(visitor.getByTestId('node-S4')).toHaveAttribute('data-state', 'down', { timeout: 15_000 });
  expect(errors).toEqual([]);
  await visitorContext.close();
});

test('a link cut before reloads is one cut in the shared story, however often the page reloads', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await link(page, 'S1', 'S2', 'cut');
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('cut-S1-S2')).toBeVisible();
  }
  // The reloads traced no cut: the one made before them is in the kept trace and the story.
  expect(await page.evaluate(() => window.__ringlab?.traceEvents().filter((e) => e.type === 'linkCut').length)).toBe(0);
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  const shared = JSON.parse(inflateRawSync(Buffer.from(url.slice(url.indexOf('#s=') + 3), 'base64url')).toString('utf8')) as { scenario: { steps: { do: string; from?: string; to?: string }[] } };
  const cuts = shared.scenario.steps.filter((s) => s.do === 'cut').map((s) => `${s.from ?? ''}>${s.to ?? ''}`);
  expect(cuts.sort()).toEqual(['S1>S2', 'S2>S1']);
  expect(errors).toEqual([]);
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

test('a link whose scenario does not validate names the field at fault, and the visitor’s own cluster keeps its data', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const home = await page.getByTestId('cluster-name').innerText();
  await expect(await clientOp(page, 'put', 'mine', 'kept')).toHaveAttribute('data-ok', 'true');
  // A well-formed link (deflate-raw, base64url) whose scenario asks W=4 of N=3.
  const scenario = { version: 1, cluster: { nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], n: 3, w: 4, r: 1 }, steps: [] };
  const fragment = `#s=${deflateRawSync(JSON.stringify({ scenario, position: { endMs: 0, spanMs: 2000 } })).toString('base64url')}`;
  await page.goto(`/${fragment}`);
  const alert = page.getByTestId('shared-error');
  await expect(alert).toBeVisible({ timeout: 15_000 });
  await expect(alert).toContainText('cluster.w');
  await expect(alert).toContainText('W=4 is more than N=3');
  await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: 'test-results/screens/share-invalid.png', fullPage: true });
  // Nothing was loaded: the page stays on the visitor's cluster, with its key.
  await expect(page.getByTestId('cluster-name')).toHaveText(home);
  await expect((await clientOp(page, 'get', 'mine')).getByTestId('result-value')).toHaveText(['kept']);
  expect(errors).toEqual([]);
});
