// Goal: the live cluster grows and shrinks as the chapter's automatic scaling says: a node
// added with weight 2 in zone z2 takes its tokens (weight × vnodes) on the ring and the keys
// that move to it, while puts and gets go on; a removed node hands its ranges over before it
// stops, and every key stays readable; a reload brings the changed membership back, each node
// in the colour it had (not its list position's). Bad
// requests (duplicate id, weight out of range, fewer nodes than N) are refused with a message.
// Method: the node list's add/remove controls; the test hook only puts and gets many keys.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { collectErrors, openFreshCluster } from './helpers';

const vnodes = 16;

/** Puts the keys; resolves with those acknowledged (on a loaded machine a few may time out). */
async function putAcked(page: Page, keys: readonly string[]): Promise<string[]> {
  return page.evaluate((k) => window.__ringlab?.putAcked(k) ?? Promise.resolve([]), keys);
}

async function getMany(page: Page, keys: readonly string[]): Promise<string[]> {
  return page.evaluate((k) => window.__ringlab?.getMany(k) ?? Promise.resolve([]), keys);
}

/** The colour each node's tokens are drawn in on the ring. */
async function ringColours(page: Page, ids: readonly string[]): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const id of ids) out[id] = await page.locator(`[data-testid="ring"] path.owned[data-owner="${id}"]`).first().getAttribute('fill');
  return out;
}

async function addNode(page: Page, id: string, weight: string, zone: string): Promise<void> {
  await page.getByTestId('add-node-id').fill(id);
  await page.getByTestId('add-node-weight').fill(weight);
  await page.getByTestId('add-node-zone').fill(zone);
  await page.getByTestId('add-node').click();
}

const keysNamed = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

test('a node joins with weight 2 in zone z2 while keys are written, another leaves, and a reload keeps the new membership', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const before = await putAcked(page, keysNamed('before-', 30));
  expect(before.length).toBeGreaterThan(20);

  // Slowed down, so that the join is still under way while we look and write.
  await page.getByTestId('speed').selectOption('0.2');
  await addNode(page, 'S6', '2', 'z2');
  const s6 = page.getByTestId('node-S6');
  await expect(s6).toBeVisible();
  await expect(page.getByTestId('node-place-S6')).toContainText('zone z2 · weight 2');
  // Its tokens are on the ring at once: weight × vnodes of them, each owning an arc.
  await expect(page.locator('[data-testid="ring"] path.owned[data-owner="S6"]')).toHaveCount(2 * vnodes);
  await expect(s6).toHaveAttribute('data-moving', 'joining');
  await expect(page.locator('[data-testid="ring"] path.moving').first()).toBeVisible();
  await page.getByTestId('ring').screenshot({ path: 'test-results/screens/elasticity-joining-ring.png' });
  await page.getByTestId('node-S6').screenshot({ path: 'test-results/screens/elasticity-joining-node.png' });

  // Writes and reads go on while the ranges stream.
  // Every acknowledged write is readable, whichever ring its readers use.
  const during = await putAcked(page, keysNamed('during-', 30));
  expect(during.length).toBeGreaterThan(20);
  await expect(s6).toHaveAttribute('data-moving', 'joining');
  expect((await getMany(page, [...before, ...during])).sort()).toEqual([...before, ...during].sort());

  await page.getByTestId('speed').selectOption('1');
  await expect(s6).not.toHaveAttribute('data-moving', /.+/, { timeout: 30_000 });
  await expect(s6).toHaveAttribute('data-state', 'up');
  await expect(page.locator('[data-testid="ring"] path.moving')).toHaveCount(0);
  // The newcomer holds keys now: the ones it gained and the writes since.
  await expect.poll(async () => Number((await page.getByTestId('node-keys-S6').textContent())?.split(' ')[0]), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.getByTestId('ring').screenshot({ path: 'test-results/screens/elasticity-joined-ring.png' });

  await page.getByTestId('remove-S2').click();
  await expect(page.getByTestId('membership-message')).toContainText('S2 is leaving');
  await expect(page.getByTestId('node-S2')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('[data-testid="ring"] path.owned[data-owner="S2"]')).toHaveCount(0);
  const all = [...before, ...during];
  expect((await getMany(page, all)).sort()).toEqual(all.sort());
  const stayed = ['S1', 'S3', 'S4', 'S5', 'S6'];
  const colours = await ringColours(page, stayed);
  // Five nodes, five colours; S3 and those after it kept theirs when S2 left.
  expect(new Set(Object.values(colours)).size).toBe(stayed.length);

  await page.reload();
  await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  for (const id of ['S1', 'S3', 'S4', 'S5', 'S6']) await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
  await expect(page.getByTestId('node-S2')).toHaveCount(0);
  await expect(page.getByTestId('node-place-S6')).toContainText('zone z2 · weight 2');
  await expect(page.locator('[data-testid="ring"] path.owned[data-owner="S6"]')).toHaveCount(2 * vnodes);
  await expect.poll(() => ringColours(page, stayed)).toEqual(colours);
  expect((await getMany(page, all)).sort()).toEqual(all.sort());
  await page.screenshot({ path: 'test-results/screens/elasticity-after-reload.png' });
  expect(errors).toEqual([]);
});

test('a duplicate id, a weight out of range and removing below N are refused with a message', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const message = page.getByTestId('membership-message');

  await addNode(page, 'S3', '1', '');
  await expect(message).toHaveText('a node named S3 is already in the cluster');
  await addNode(page, 'S9', '17', '');
  await expect(message).toHaveText('weight must be a whole number from 1 to 16, not 17');
  await addNode(page, 'S9', '0', '');
  await expect(message).toHaveText('weight must be a whole number from 1 to 16, not 0');
  await expect(page.getByTestId('node-S9')).toHaveCount(0);

  // N to its maximum (5 nodes) from the keyboard, as a person tabbing to the slider would.
  await page.getByTestId('quorum-n').focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('quorum-n-value')).toHaveText('5');
  await page.getByTestId('remove-S1').click();
  await expect(message).toContainText('removing S1 would leave 4 nodes, fewer than N = 5 replicas');
  await expect(page.getByTestId('node-S1')).toHaveAttribute('data-state', 'up');
  await page.locator('section[aria-labelledby="nodes-title"]').screenshot({ path: 'test-results/screens/elasticity-refused.png' });

  // The form works from the keyboard: type, tab through, submit with Enter.
  await page.getByTestId('add-node-id').focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('kb1');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('z9');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-kb1')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('node-place-kb1')).toContainText('zone z9 · weight 1');
  expect(errors).toEqual([]);
});
