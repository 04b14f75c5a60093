// Goal: the conflict-mode toggle changes what a partitioned double write leaves behind.
// Method: in each mode, cut the link between two of a key's replicas, have alice write through
// one and bob through the other, heal, and get through the third replica. With vector clocks
// the get shows both writes as siblings; with last-write-wins it shows one, the later write.
import { expect, test } from '@playwright/test';
import type { RinglabTestHook } from '../src/ui/testHook';
import { collectErrors, expectAllUp, openFreshCluster, partitionedDoubleWrite } from './helpers';

// Boot, a cut, three requests and a heal (and in lww mode five restarts and a reload).
test.describe.configure({ timeout: 90_000 });

declare global {
  interface Window {
    __ringlab?: RinglabTestHook;
  }
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
