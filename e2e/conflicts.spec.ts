// Goal: the conflict-mode toggle changes what a partitioned double write leaves behind.
// Method: in each mode, cut the link between two of a key's replicas, have alice write through
// one and bob through the other, heal, and get through the third replica. With vector clocks
// the get shows both writes as siblings; with last-write-wins it shows one, the later write.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { RinglabTestHook } from '../src/ui/testHook';
import { collectErrors, expectAllUp, openFreshCluster, link, okClientOp as op } from './helpers';

// Boot, a cut, three requests and a heal (and in lww mode five restarts and a reload).
test.describe.configure({ timeout: 90_000 });

declare global {
  interface Window {
    __ringlab?: RinglabTestHook;
  }
}

/** alice and bob write the key on either side of a cut link; the get through the third replica. */
async function partitionedDoubleWrite(page: Page, key: string) {
  const [r0, r1, r2] = await page.evaluate((k) => window.__ringlab?.replicasOf(k) ?? [], key);
  if (r0 === undefined || r1 === undefined || r2 === undefined) throw new Error('no replicas');
  await link(page, r0, r1, 'cut');
  await expect(page.getByTestId(`cut-${r0}-${r1}`)).toBeVisible();
  await op(page, 'put', 'alice', key, r0, 'milk');
  await op(page, 'put', 'bob', key, r1, 'eggs');
  await link(page, r0, r1, 'heal');
  return op(page, 'get', 'alice', key, r2);
}

test('with vector clocks a partitioned double write leaves two siblings', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await expect(page.getByTestId('conflicts-vclock')).toBeChecked();
  const read = await partitionedDoubleWrite(page, 'cart');
  await expect(read.getByTestId('result-version')).toHaveCount(2);
  expect((await read.getByTestId('result-value').allInnerTexts()).sort()).toEqual(['eggs', 'milk']);
  expect(errors).toEqual([]);
});

test('with last-write-wins the same double write leaves one version: the later write', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await page.getByTestId('conflicts-lww').check();
  await expect(page.getByTestId('conflicts-lww')).toBeChecked();
  // Every node restarts to take the mode up; the page says so through the node states.
  await expectAllUp(page);
  const read = await partitionedDoubleWrite(page, 'cart');
  await expect(read.getByTestId('result-version')).toHaveCount(1);
  await expect(read.getByTestId('result-value')).toHaveText('eggs');
  await page.screenshot({ path: 'test-results/screens/conflicts-lww.png' });
  // The choice is the cluster's: a reload keeps it.
  await page.reload();
  await expectAllUp(page);
  await expect(page.getByTestId('conflicts-lww')).toBeChecked();
  expect(errors).toEqual([]);
});
