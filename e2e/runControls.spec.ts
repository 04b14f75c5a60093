// Goal: "step to next message" is exact: from a pause it delivers the one message due next and
// pauses at its delivery time, with nothing later happening anywhere in the cluster.
// Method: puts at a slow speed, pause among their messages, read the trace and the clock through
// the page's test hook before and after one step.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { collectErrors, openFreshCluster } from './helpers';

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

/** The paused clock, the deliveries so far, and the messages still in flight after it. */
function inFlight(page: Page) {
  return page.evaluate(() => {
    const hook = window.__ringlab;
    const now = hook?.clock()?.simTime ?? 0;
    const events = hook?.traceEvents() ?? [];
    const arrived = new Set<string>();
    for (const e of events) {
      if (e.type === 'deliver') arrived.add(`${e.from}#${e.msgId}`);
      if (e.type === 'drop') arrived.add(`${e.node}#${e.msgId}`);
    }
    const flying = events.flatMap((e) => (e.type === 'send' && e.deliverAt > now && !arrived.has(`${e.node}#${e.msgId}`) ? [{ id: `${e.node}#${e.msgId}`, deliverAt: e.deliverAt }] : []));
    flying.sort((a, b) => a.deliverAt - b.deliverAt);
    const delivered = events.flatMap((e) => (e.type === 'deliver' ? [`${e.from}#${e.msgId}`] : []));
    return { now, paused: hook?.clock()?.paused ?? false, flying, delivered };
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
  expect(after.delivered.filter((id) => !before.delivered.includes(id))).toEqual([next.id]);
  expect(await laterEvents()).toBe(laterBefore);
  expect(after.flying.map((f) => f.id)).not.toContain(next.id);
  await page.screenshot({ path: 'test-results/screens/step-to-next-message.png' });
  expect(errors).toEqual([]);
});
