// Goal: the run controls do what they say. "Step to next message" is exact: from a pause it
// delivers the one message due next (between nodes, or a client's hop to or from its node) and pauses at its delivery time, with nothing later happening
// anywhere in the cluster. "Start fresh" (button or Shift+R, after a confirmation) leaves an empty
// new cluster holding only the sample keys, the old run gone from view.
// Method: drive the page as a user would; read the trace, the clock and the nodes' keys through
// the page's test hook, and the ring's key marks from its SVG.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { collectErrors, expectAllUp, okClientOp, openFreshCluster } from './helpers';

/** Waits until the trace has stopped growing (workers flush their batches every ~16 ms). */
async function traceSettled(page: Page): Promise<void> {
  let last = -1;
  await expect
    .poll(async () => {
      const n = await page.evaluate(() => window.__ringlab?.traceEvents().length ?? 0);
      const same = n === last;
      last = n;
      return same;
    }, { intervals: [300] })
    .toBe(true);
}

/**
 * The paused clock, the deliveries so far, and the messages still in flight after it: messages
 * between nodes, and client hops (a request arrives as its node's clientRequest, a reply as the
 * client's clientReply).
 */
function inFlight(page: Page) {
  return page.evaluate(() => {
    const hook = window.__ringlab;
    const now = hook?.clock()?.simTime ?? 0;
    const events = hook?.traceEvents() ?? [];
    const arrivalOf = (e: (typeof events)[number]): string | null => {
      if (e.type === 'deliver') return `${e.from}#${e.msgId}`;
      if (e.type === 'clientRequest' && e.node !== e.client) return `hop>${e.reqId}`;
      if (e.type === 'clientReply') return `hop<${e.reqId}`;
      return null;
    };
    const delivered = events.flatMap((e) => arrivalOf(e) ?? []);
    const arrived = new Set(delivered);
    for (const e of events) if (e.type === 'drop') arrived.add(`${e.node}#${e.msgId}`);
    const onWire = (e: (typeof events)[number]): string | null => {
      if (e.type === 'send') return `${e.node}#${e.msgId}`;
      if (e.type === 'clientHop') return `hop${e.leg === 'request' ? '>' : '<'}${e.reqId}`;
      return null;
    };
    const flying = events.flatMap((e) => {
      const id = onWire(e);
      return id !== null && 'deliverAt' in e && e.deliverAt > now && !arrived.has(id) ? [{ id, deliverAt: e.deliverAt }] : [];
    });
    flying.sort((a, b) => a.deliverAt - b.deliverAt);
    // When each message or hop was due, to tell one that was already overdue at the pause.
    const dueAt: Record<string, number> = {};
    for (const e of events) {
      const id = onWire(e);
      if (id !== null && 'deliverAt' in e) dueAt[id] = e.deliverAt;
    }
    return { now, paused: hook?.clock()?.paused ?? false, flying, delivered, dueAt };
  });
}

test('"step to next message" delivers just the next message and pauses at its delivery time', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  // 1 simulated ms per 100 real ms: a put's messages stay in flight long enough to pause among them.
  await page.getByTestId('speed').selectOption({ index: 0 });
  await page.evaluate(() => void window.__ringlab?.putMany(Array.from({ length: 20 }, (_, i) => `step-${i}`)));
  await expect.poll(() => page.evaluate(() => window.__ringlab?.traceEvents().some((e) => e.type === 'send' && e.key?.startsWith('step-')) ?? false)).toBe(true);
  await page.getByTestId('pause-toggle').click();
  await expect(page.getByTestId('clock-state')).toHaveText('paused');
  await traceSettled(page);
  const before = await inFlight(page);
  expect(before.flying.length).toBeGreaterThan(1);
  const next = before.flying[0];
  if (next === undefined) throw new Error('nothing in flight');
  // A worker whose pause arrived late has events past the page's pause already: those may stay.
  const laterEvents = () => page.evaluate((t) => window.__ringlab?.traceEvents().filter((e) => e.at > t).length ?? 0, next.deliverAt);
  const laterBefore = await laterEvents();

  await page.getByTestId('step').click();
  await expect.poll(async () => (await inFlight(page)).now).toBeGreaterThan(before.now);
  await expect(page.getByTestId('clock-state')).toHaveText('paused');
  await traceSettled(page);
  const after = await inFlight(page);
  expect(after.paused).toBe(true);
  expect(after.now).toBe(next.deliverAt);
  // The next message, and nothing due after it: a worker whose pause landed in the task that
  // would have delivered a message already due may deliver it now, at its own earlier time.
  const fresh = after.delivered.filter((id) => !before.delivered.includes(id));
  expect(fresh).toContain(next.id);
  expect(fresh.filter((id) => id !== next.id && !((after.dueAt[id] ?? Infinity) <= before.now))).toEqual([]);
  expect(await laterEvents()).toBe(laterBefore);
  expect(after.flying.map((f) => f.id)).not.toContain(next.id);
  await page.screenshot({ path: 'test-results/screens/step-to-next-message.png' });
  expect(errors).toEqual([]);
});

/** Every key some node holds, read from each node directly. */
function heldKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const held = new Set<string>();
    for (const id of ['S1', 'S2', 'S3', 'S4', 'S5']) for (const k of (await window.__ringlab?.inspect(id))?.keys ?? []) held.add(k.key);
    return [...held].sort();
  });
}

test('"Start fresh" asks first, then leaves an empty new cluster with the sample keys and none of the old run', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const sample = ['apple', 'banana', 'cherry'];
  await expect.poll(() => heldKeys(page)).toEqual(sample);
  await okClientOp(page, 'put', 'alice', 'old-key', 'S1', 'old-value');
  await page.getByTestId('toggle-sloppy').check();
  await expect(page.locator('circle.key[data-key="old-key"]')).toHaveCount(1);
  await expect.poll(() => heldKeys(page)).toEqual([...sample, 'old-key'].sort());

  // Shift+R asks the button's question; saying no changes nothing.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.keyboard.press('Shift+R');
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('Start fresh?');
  await expect(page.getByTestId('result')).toHaveCount(1);
  await page.keyboard.press('Shift+?');
  await expect(page.getByTestId('shortcuts')).toContainText('Shift+R');
  await expect(page.getByTestId('shortcuts')).toContainText('start fresh');
  await page.keyboard.press('Escape');

  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('start-fresh').click();
  await expectAllUp(page);
  await expect.poll(() => heldKeys(page)).toEqual(sample);
  await expect(page.getByTestId('result')).toHaveCount(0);
  await expect(page.getByTestId('toggle-sloppy')).not.toBeChecked();
  for (const key of sample) await expect(page.locator(`circle.key[data-key="${key}"]`)).toHaveCount(1);
  await expect(page.locator('circle.key[data-key="old-key"]')).toHaveCount(0);
  expect(await page.evaluate(() => window.__ringlab?.traceEvents().filter((e) => 'key' in e && e.key === 'old-key').length)).toBe(0);
  await page.screenshot({ path: 'test-results/screens/start-fresh.png' });
  expect(errors).toEqual([]);
});
