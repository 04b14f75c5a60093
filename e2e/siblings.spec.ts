// Goal: two clients writing during a partition make siblings, and a reconcile merges them.
// Method: cut the link between two of a key's replicas, have alice write through one and bob
// through the other, heal, get through the third replica (which holds both), reconcile with an
// edited value, and read back one version whose clock carries both writers' entries.
import { expect, test } from '@playwright/test';
import type { RinglabTestHook } from '../src/ui/testHook';
import { collectErrors, openFreshCluster, okClientOp as op, partitionedDoubleWrite } from './helpers';

declare global {
  interface Window {
    __ringlab?: RinglabTestHook;
  }
}

test('siblings made during a partition are reconciled into one version with the merged clock', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const key = 'cart';
  const [r0, r1, r2] = await page.evaluate((k) => window.__ringlab?.replicasOf(k) ?? [], key);
  if (r0 === undefined || r1 === undefined || r2 === undefined) throw new Error('no replicas');
  const read = await partitionedDoubleWrite(page, key);
  await expect(read.getByTestId('result-version')).toHaveCount(2);
  await expect(read.getByTestId('result-value')).toHaveText(['milk', 'eggs'], { useInnerText: true, ignoreCase: false }).catch(async () => {
    await expect(read.getByTestId('result-value')).toHaveText(['eggs', 'milk']);
  });
  await page.screenshot({ path: 'test-results/screens/siblings.png', fullPage: true });

  await read.getByTestId('reconcile-value').fill('milk, eggs');
  await read.getByTestId('reconcile-put').click();
  const merged = page.getByTestId('result').first();
  await expect(merged).toContainText(`alice: put ${JSON.stringify(key)}`);
  await expect(merged).toHaveAttribute('data-ok', 'true');

  const after = await op(page, 'get', 'bob', key, r2);
  await expect(after.getByTestId('result-version')).toHaveCount(1);
  await expect(after.getByTestId('result-value')).toHaveText('milk, eggs');
  const clock = (await after.getByTestId('result-clock').textContent()) ?? '';
  expect(clock).toContain(r0);
  expect(clock).toContain(r1);
  await page.screenshot({ path: 'test-results/screens/reconciled.png', fullPage: true });
  expect(errors).toEqual([]);
});
