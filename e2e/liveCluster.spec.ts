// Goal: the live host really runs a Dynamo-style cluster in the browser, one worker per node,
// with IndexedDB disks that survive kills and reloads, cut links that drop messages, and a
// clock that pause freezes. Method: drive the production build in Chromium through the page
// (kill, restart, get, cut, heal, pause) and a window hook for bulk puts and direct inspection
// (the same store commands the page uses); check the page, the trace and the nodes' own state;
// keep screenshots under test-results/screens/ for people to look at.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
// Types only: declares window.__ringlab, the page's test hook.
import type { RinglabTestHook } from '../src/ui/testHook';
import type { NodeInspection } from '../src/runtime/workerProtocol';

const nodes = ['S1', 'S2', 'S3', 'S4', 'S5'];
const keys = Array.from({ length: 200 }, (_, i) => `key-${i}`);
const knownKey = 'key-7';

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}

async function expectAllUp(page: Page): Promise<void> {
  await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  for (const id of nodes) await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
}

/** Trace events from `from` delivered on `to` so far. */
function deliveries(page: Page, from: string, to: string): Promise<number> {
  return page.evaluate(([f, t]) => window.__ringlab?.traceEvents().filter((e) => e.type === 'deliver' && e.from === f && e.node === t).length ?? 0, [from, to] as const);
}

/** Each key a node holds, with its versions' values, from a direct inspection. */
function valuesHeld(inspection: NodeInspection | null | undefined): Record<string, unknown[]> {
  return Object.fromEntries((inspection?.keys ?? []).map((k) => [k.key, k.versions.map((v) => v.value)]));
}

async function putVia(page: Page, key: string, value: string, via: string): Promise<void> {
  await page.getByTestId('client-key').fill(key);
  await page.getByTestId('client-value').fill(value);
  await page.getByTestId('client-via').selectOption(via);
  await page.getByTestId('client-put').click();
  await expect(page.getByTestId('result').first()).toContainText(`put ${JSON.stringify(key)} via ${via}`);
}

test('a live cluster keeps its data through kills, restarts and reloads; cuts drop and pause freezes', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);

  // Start: five nodes up, N=3 W=2 R=2.
  await page.goto('/');
  await expectAllUp(page);
  const quorum = page.getByTestId('quorum');
  for (const [name, value] of [['N', '3'], ['W', '2'], ['R', '2']] as const) {
    await expect(quorum.getByRole('slider', { name })).toHaveValue(value);
  }
  await page.screenshot({ path: 'test-results/screens/live-boot.png', fullPage: true });

  // 200 puts through the store's client, all at once. On a loaded machine a few can time out
  // (an indefinite outcome); a client retries those, as this one does, until all 200 are acked.
  let unacked = [...keys];
  for (let round = 0; round < 3 && unacked.length > 0; round++) {
    const acked = new Set(await page.evaluate((ks) => (window.__ringlab as RinglabTestHook).putAcked(ks), unacked));
    unacked = unacked.filter((k) => !acked.has(k));
  }
  expect(unacked).toEqual([]);

  // Kill one replica of a known key; a quorum read of it, coordinated by another replica, still
  // succeeds. (A non-replica would forward to the dead one first: the core's failure view only
  // learns of a death by a timeout.)
  const replicas = await page.evaluate((k) => window.__ringlab?.replicasOf(k) ?? [], knownKey);
  expect(replicas).toHaveLength(3);
  const victim = replicas[0] ?? 'S1';
  // What the victim holds before it dies, read from the node itself: its restart must bring all of it back.
  const held = await page.evaluate((id) => window.__ringlab?.inspect(id), victim);
  const heldValues = valuesHeld(held);
  expect(Object.keys(heldValues).length).toBeGreaterThan(0);
  await page.getByTestId(`node-${victim}`).getByRole('button', { name: 'Kill' }).click();
  await expect(page.getByTestId(`node-${victim}`)).toHaveAttribute('data-state', 'down');
  await page.getByTestId('client-key').fill(knownKey);
  await page.getByTestId('client-via').selectOption(replicas[1] ?? 'any');
  await page.getByTestId('client-get').click();
  const read = page.getByTestId('result').first();
  await expect(read).toContainText(`get "${knownKey}"`);
  await expect(read).toHaveAttribute('data-ok', 'true');
  await expect(read.getByTestId('result-value')).toHaveText(`value-${knownKey}`);
  await page.screenshot({ path: 'test-results/screens/live-killed-read.png', fullPage: true });

  // Restart it: its own data is back, read directly from the node (not through a quorum).
  await page.getByTestId(`node-${victim}`).getByRole('button', { name: 'Restart' }).click();
  await expect(page.getByTestId(`node-${victim}`)).toHaveAttribute('data-state', 'up');
  const own = await page.evaluate((id) => window.__ringlab?.inspect(id), victim);
  const ownValues = valuesHeld(own);
  // Everything it held, with the same versions (anti-entropy may have added more since).
  expect(Object.fromEntries(Object.keys(heldValues).map((k) => [k, ownValues[k]]))).toEqual(heldValues);
  expect(ownValues[knownKey]).toEqual([`value-${knownKey}`]);

  // Reload: the same cluster comes back with all 200 keys, each with the value written.
  await page.reload();
  await expectAllUp(page);
  const values = await page.evaluate((ks) => window.__ringlab?.valuesOf(ks), keys);
  expect(values).toEqual(Object.fromEntries(keys.map((k) => [k, [`value-${k}`]])));

  // Cut a link between two replicas of the known key: what the coordinator sends on it is dropped.
  const [a = 'S1', b = 'S2'] = replicas;
  await page.getByTestId('link-from').selectOption(a);
  await page.getByTestId('link-to').selectOption(b);
  await page.getByTestId('link-cut').click();
  await expect(page.getByTestId(`cut-${a}-${b}`)).toBeVisible();
  await putVia(page, knownKey, 'during the cut', a);
  await expect(page.getByTestId(`drops-${a}-${b}`)).not.toHaveText('0');
  const cutDrops = await page.evaluate(([f, t]) => window.__ringlab?.traceEvents().filter((e) => e.type === 'drop' && e.node === f && e.to === t && e.reason === 'cut').length ?? 0, [a, b] as const);
  expect(cutDrops).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/screens/live-cut.png', fullPage: true });

  // Heal: messages flow on the link again.
  const before = await deliveries(page, a, b);
  await page.getByTestId('link-heal').click();
  await expect(page.getByTestId('cut-links')).toContainText('Every link is up.');
  await putVia(page, knownKey, 'after the heal', a);
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-ok', 'true');
  await expect.poll(() => deliveries(page, a, b)).toBeGreaterThan(before);

  // Pause with puts in flight (slowed down so that they are): no trace event arrives for a full
  // second, counted exactly; resuming at full speed finishes them.
  // The slowest speed is the first option: 1 simulated ms per 100 real ms.
  await page.getByTestId('speed').selectOption({ index: 0 });
  const pausedKeys = Array.from({ length: 50 }, (_, i) => `paused-${i}`);
  const inFlight = page.evaluate((ks) => window.__ringlab?.putMany(ks), pausedKeys);
  await expect.poll(() => page.evaluate(() => window.__ringlab?.traceEvents().filter((e) => e.type === 'send' && e.key?.startsWith('paused-') === true).length ?? 0)).toBeGreaterThan(0);
  await page.getByTestId('pause-toggle').click();
  await expect(page.getByTestId('clock-state')).toHaveText('paused');
  const pausedAt = await page.evaluate(() => window.__ringlab?.clock()?.simTime ?? NaN);
  // Batches a worker posted before it heard of the pause land within its flush interval (16 ms).
  await page.waitForTimeout(100);
  const frozen = await page.evaluate(() => window.__ringlab?.traceTotal() ?? NaN);
  await page.waitForTimeout(1_000);
  expect(await page.evaluate(() => window.__ringlab?.traceTotal() ?? NaN)).toBe(frozen);
  // Nothing was stamped after the pause, late batches included. A worker's clock runs until the
  // pause reaches it, a few real ms: at this speed (1 simulated ms per 100 real ms), well under 1 ms.
  const stampedAfter = await page.evaluate((at) => window.__ringlab?.traceEvents().filter((e) => e.at > at + 1).length ?? NaN, pausedAt);
  expect(stampedAfter).toBe(0);
  await page.screenshot({ path: 'test-results/screens/live-paused.png', fullPage: true });
  await page.getByTestId('speed').selectOption({ label: 'full speed' });
  await page.getByTestId('pause-toggle').click();
  await expect(page.getByTestId('clock-state')).toHaveText('running');
  expect(await inFlight).toBe(50);
  expect(await page.evaluate(() => window.__ringlab?.traceTotal() ?? NaN)).toBeGreaterThan(frozen);

  expect(errors).toEqual([]);
});

test('a second tab does not open a cluster another tab holds, and can start its own', async ({ context }) => {
  const first = await context.newPage();
  const errors = collectErrors(first);
  await first.goto('/');
  await expectAllUp(first);

  const second = await context.newPage();
  errors.push(...collectErrors(second));
  await second.goto('/');
  await expect(second.getByTestId('cluster-locked')).toBeVisible();
  await second.screenshot({ path: 'test-results/screens/live-second-tab.png', fullPage: true });
  await second.getByTestId('open-new-cluster').click();
  await expectAllUp(second);
  await expect(second.getByTestId('cluster-name')).not.toHaveText('main');
  expect(errors).toEqual([]);
});

test('keys and values that hold markup are shown as text, never run', async ({ page }) => {
  const errors = collectErrors(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto('/');
  await expectAllUp(page);
  const markup = '<img src=x onerror="alert(1)"><b>bold</b>';
  await putVia(page, markup, markup, 'S1');
  const result = page.getByTestId('result').first();
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result.getByTestId('result-value')).toHaveText(markup);
  await expect(result.locator('img, b')).toHaveCount(0);
  // Everywhere else the key shows: the inspector's key list, the ring (typed into its key
  // field, it draws the preference list and the key's mark with its name as a title), the timeline.
  await page.getByTestId('inspect-S1').click();
  await expect(page.getByTestId('inspector').getByTestId('inspector-key').filter({ hasText: markup })).toHaveCount(1, { timeout: 10_000 });
  await page.getByTestId('ring-key').fill(markup);
  await expect(page.locator('[data-testid="ring"] [data-key]').first()).toBeAttached();
  await page.screenshot({ path: 'test-results/screens/markup-as-text.png', fullPage: true });
  await expect(page.locator('main img, main b, main [onerror]')).toHaveCount(0);
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
});

test('every request in flight when a node is killed gets an answer, and every acknowledged put is read back', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await page.goto('/');
  await expectAllUp(page);
  const inFlight = Array.from({ length: 300 }, (_, i) => `inflight-${i}`);
  // The kill lands while the puts travel: some coordinated or stored by S1, some answered before.
  const outcome = await page.evaluate(async (ks) => {
    const hook = window.__ringlab as RinglabTestHook;
    const puts = hook.putAcked(ks);
    await new Promise((r) => setTimeout(r, 5));
    hook.kill('S1');
    return Promise.race([puts, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
  }, inFlight);
  expect(outcome).not.toBe('hung');
  const acked = outcome === 'hung' ? [] : outcome;
  expect(acked.length).toBeGreaterThan(0);
  await expect(page.getByTestId('node-S1')).toHaveAttribute('data-state', 'down');
  // With S1 down, two of each key's three replicas still answer R=2.
  expect(await page.evaluate((ks) => (window.__ringlab as RinglabTestHook).getMany(ks), acked)).toEqual(acked);
  expect(errors).toEqual([]);
});
