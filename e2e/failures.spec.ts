// Goal: the playground makes the chapter's failure handling visible. With N=3, W=2 and two of
// a key's three replicas dead, a put succeeds under sloppy quorum (fallbacks stand in) and is
// refused under a strict quorum; a dead replica's writes wait as hints on a fallback, shown in
// the inspector, and are handed off when it comes back. Method: drive the page (kill, toggles,
// client form, inspector); the test hook only tells which nodes are the key's replicas.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { collectErrors, nodes, openFreshCluster } from './helpers';

async function replicasOf(page: Page, key: string): Promise<string[]> {
  return page.evaluate((k) => window.__ringlab?.replicasOf(k) ?? [], key);
}

async function put(page: Page, key: string, value: string, via: string): Promise<void> {
  await page.getByTestId('client-key').fill(key);
  await page.getByTestId('client-value').fill(value);
  await page.getByTestId('client-via').selectOption(via);
  await page.getByTestId('client-put').click();
  // The button is disabled while the request is out: enabled again means the result is in.
  await expect(page.getByTestId('client-put')).toBeEnabled({ timeout: 15_000 });
  await expect(page.getByTestId('result').first()).toContainText(`${JSON.stringify(key)} via ${via}`);
}

/** The newest result row once it is about the value just put. */
async function putResult(page: Page, key: string, value: string, via: string) {
  await put(page, key, value, via);
  return page.getByTestId('result').first();
}

async function kill(page: Page, id: string): Promise<void> {
  await page.getByTestId(`node-${id}`).getByRole('button', { name: 'Kill' }).click();
  await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-state', 'down');
}

test('with two of three replicas dead, a W=2 put succeeds with sloppy quorum and is unavailable under a strict one', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const key = 'cart:ada';
  const [r0 = '', r1 = '', r2 = ''] = await replicasOf(page, key);
  await kill(page, r0);
  await kill(page, r1);

  await page.getByTestId('toggle-sloppy').check();
  const sloppy = await putResult(page, key, 'sloppy', r2);
  await expect(sloppy).toHaveAttribute('data-ok', 'true', { timeout: 10_000 });
  await page.screenshot({ path: 'test-results/screens/failures-sloppy-put.png' });

  await page.getByTestId('toggle-sloppy').uncheck();
  // The coordinator may not know yet that both are dead: it answers `timeout` (indefinite)
  // until its view catches up, then `unavailable` (definite) before writing anywhere.
  let error: string | null = null;
  for (let attempt = 0; attempt < 4 && error !== 'unavailable'; attempt++) {
    const strict = await putResult(page, key, `strict ${attempt}`, r2);
    await expect(strict).toHaveAttribute('data-ok', 'false', { timeout: 10_000 });
    error = await strict.getAttribute('data-error');
    expect(['unavailable', 'timeout']).toContain(error);
  }
  expect(error).toBe('unavailable');
  await page.screenshot({ path: 'test-results/screens/failures-strict-unavailable.png' });
  expect(errors).toEqual([]);
});

test('a dead replica’s writes wait as hints on a fallback and are handed off when it restarts', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const key = 'cart:ada';
  const [owner = '', coordinator = ''] = await replicasOf(page, key);
  await page.getByTestId('toggle-sloppy').check();
  await kill(page, owner);
  await expect(await putResult(page, key, 'while away', coordinator)).toHaveAttribute('data-ok', 'true', { timeout: 10_000 });

  // Some live node holds the write as a hint for the owner: the inspector says so.
  let fallback = '';
  await expect(async () => {
    for (const id of nodes.filter((n) => n !== owner)) {
      await page.getByTestId(`inspect-${id}`).click();
      await expect(page.getByTestId('inspector')).toHaveAttribute('data-node', id);
      await expect(page.getByTestId('inspector').getByRole('heading', { name: 'Hints' })).toBeVisible();
      if ((await page.getByTestId(`hint-${owner}`).count()) > 0) {
        fallback = id;
        return;
      }
    }
    throw new Error(`no node shows a hint for ${owner} yet`);
    // Each round reads four nodes through the inspector: slow on a loaded machine.
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId(`hint-${owner}`)).toContainText(`for ${owner}: 1 key`);
  // Listed by owner with the key and the version it waits to hand over.
  await expect(page.getByTestId(`hint-keys-${owner}`).locator(`[data-key="${key}"]`)).toContainText('while away');
  await page.getByTestId('inspector').screenshot({ path: 'test-results/screens/failures-hint-on-fallback.png' });

  // The owner comes back: the fallback hands the hint off and forgets it.
  await page.getByTestId(`node-${owner}`).getByRole('button', { name: 'Restart' }).click();
  await expect(page.getByTestId(`node-${owner}`)).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-node', fallback);
  await expect(page.getByTestId('inspector-no-hints')).toBeVisible({ timeout: 30_000 });

  // The owner holds the key now, with the value written while it was away.
  await page.getByTestId(`inspect-${owner}`).click();
  const held = page.getByTestId('inspector').locator(`[data-testid="inspector-key"][data-key="${key}"]`);
  await expect(held).toContainText('while away', { timeout: 10_000 });
  await page.getByTestId('inspector').screenshot({ path: 'test-results/screens/failures-owner-holds-key.png' });
  expect(errors).toEqual([]);
});

test('a wipe that another connection blocks says so among the page’s problems instead of waiting unseen', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const cluster = (await page.getByTestId('cluster-name').textContent()) ?? '';
  // Another tab's connection to S1's database, as one that ignores the request to close.
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => {
          req.result.onversionchange = () => undefined;
          Object.assign(window, { heldDatabase: req.result });
          resolve();
        };
      }),
    `ringlab:${cluster}:S1:engine`,
  );
  const s1 = page.getByTestId('node-S1');
  await s1.getByRole('button', { name: 'Wipe' }).click();
  await expect(s1).toHaveAttribute('data-state', 'down');
  await expect(page.getByTestId('problems')).toContainText('wipe of S1: wiping the node database failed', { timeout: 10_000 });
  await expect(page.getByTestId('problems')).toContainText('blocked by another open connection');
  expect(errors).toEqual([]);
});
