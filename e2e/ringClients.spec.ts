// Goal: a put can be followed on the ring from its client to the node it asked and back, in the
// colours of its kind, and hovering a request on the timeline shows its whole journey on the
// ring until the pointer leaves, when the selected request's journey comes back. Method: drive the
// client form at the watchable speed and watch, frame by frame, what the ring's canvas painted
// and where (its test hook), pausing the cluster when the flight is seen so the screenshot keeps
// it; then hover a request's mark on the timeline (its test hook says where it is drawn) and read
// the path the ring draws.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { collectErrors, okClientOp, openFreshCluster } from './helpers';
import type {} from '../src/ui/ring/ringTestHook';
import type {} from '../src/ui/timeline/timelineTestHook';
import type {} from '../src/ui/testHook';

/** What a watch saw: the flight, the anchor's and the glyph's centres, and the colour painted under the flight. */
interface Seen {
  readonly progress: number;
  readonly x: number;
  readonly y: number;
  readonly client: { readonly x: number; readonly y: number };
  readonly node: { readonly x: number; readonly y: number };
  readonly rgb: readonly number[];
}

/**
 * Watches the ring, frame by frame, for a painted flight from `from` to `to` of `kind`; pauses
 * the cluster the moment it is seen (so it stays where it was for the screenshot: a hop of 2 ms
 * crosses in 0.2 s at this speed, a few frames of a loaded machine), and says where it was.
 */
async function watchFor(page: Page, from: string, to: string, kind: string): Promise<Seen | null> {
  return page.evaluate(
    async ({ from, to, kind }) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="ring"] canvas');
      const centre = (selector: string) => {
        const r = document.querySelector(`[data-testid="ring"] ${selector}`)?.getBoundingClientRect();
        return r === undefined ? null : { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      };
      const clientId = from.startsWith('S') ? to : from;
      const nodeId = from.startsWith('S') ? from : to;
      for (const stop = performance.now() + 15_000; performance.now() < stop; ) {
        await new Promise((r) => requestAnimationFrame(r));
        const f = (window.__ringlabRing?.flights() ?? []).find((x) => x.from === from && x.to === to && x.kind === kind && !x.dropped);
        if (f === undefined || canvas === null) continue;
        const at = canvas.getBoundingClientRect();
        const px = canvas.getContext('2d')?.getImageData(Math.round(((f.x - at.left) * canvas.width) / at.width), Math.round(((f.y - at.top) * canvas.height) / at.height), 1, 1).data;
        if (px === undefined || px[3] === 0) continue;
        document.querySelector<HTMLButtonElement>('[data-testid="pause-toggle"]')?.click();
        const client = centre(`g.client-anchor[data-client="${clientId}"] rect`);
        const node = centre(`g.glyph[data-node="${nodeId}"] circle.body`);
        if (client === null || node === null) return null;
        return { progress: f.progress, x: f.x, y: f.y, client, node, rgb: [px[0] ?? 0, px[1] ?? 0, px[2] ?? 0] };
      }
      return null;
    },
    { from, to, kind },
  );
}

/**
 * The flight is on its way from `a` to `b`: on the straight line between their centres (within a
 * lane's offset and a pixel's rounding), strictly between them, painted in `hex`.
 */
function expectOnTheWay(seen: Seen, a: { x: number; y: number }, b: { x: number; y: number }, hex: string): void {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const len = Math.hypot(dx, dy);
  expect(Math.abs((seen.x - a.x) * dy - (seen.y - a.y) * dx) / len).toBeLessThan(8);
  const t = ((seen.x - a.x) * dx + (seen.y - a.y) * dy) / (len * len);
  expect(t).toBeGreaterThan(0);
  expect(t).toBeLessThan(1);
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  for (const [i, c] of rgb.entries()) expect(Math.abs((seen.rgb[i] ?? 0) - c)).toBeLessThan(40);
}

/** The write and ack colours of src/ui/messageKinds.ts. */
const writeColour = '#4477AA';
const ackColour = '#66CCEE';

test('a put flies from its client’s anchor to the node it asked as a write, and its reply comes back as an ack', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFreshCluster(page);
  const ring = page.getByTestId('ring');
  // Every named client has its anchor, labelled, beside the network.
  await expect(ring.locator('g.client-anchor[data-client="alice"] text.name')).toHaveText('alice');
  await expect(ring.locator('g.client-anchor[data-client="bob"] text.name')).toHaveText('bob');

  // The slowest speed is the first option: 1 simulated ms per 100 real ms.
  await page.getByTestId('speed').selectOption({ index: 0 });
  await page.getByTestId('client-name').selectOption('alice');
  await page.getByTestId('client-key').fill('follow-me');
  await page.getByTestId('client-value').fill('there and back');
  await page.getByTestId('client-via').selectOption('S2');
  await page.getByTestId('client-put').click();

  const out = await watchFor(page, 'alice', 'S2', 'write');
  expect(out).not.toBeNull();
  if (out === null) return;
  await expect(page.getByTestId('clock-state')).toHaveText('paused');
  expectOnTheWay(out, out.client, out.node, writeColour);
  await page.screenshot({ path: 'test-results/screens/ring-client-request-1280.png' });
  await ring.screenshot({ path: 'test-results/screens/ring-client-request-drawing.png' });

  await page.getByTestId('pause-toggle').click();
  const back = await watchFor(page, 'S2', 'alice', 'ack');
  expect(back).not.toBeNull();
  if (back === null) return;
  expectOnTheWay(back, back.node, back.client, ackColour);
  await ring.screenshot({ path: 'test-results/screens/ring-client-reply-drawing.png' });

  await page.getByTestId('pause-toggle').click();
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-ok', 'true', { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('hovering a request on the timeline shows its journey on the ring, and leaving it brings back the selected one', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openFreshCluster(page);
  await okClientOp(page, 'put', 'alice', 'journey', 'S1', 'out');
  await okClientOp(page, 'get', 'bob', 'journey', 'S4');
  await page.getByTestId('result').filter({ hasText: 'alice: put' }).getByRole('button', { name: 'show on timeline' }).click();
  // Paused, the timeline stops following the present: both requests stay in view.
  await page.getByTestId('pause-toggle').click();
  await expect(page.getByTestId('clock-state')).toHaveText('paused');
  const ids = await page.evaluate(() =>
    Object.fromEntries((window.__ringlab?.traceEvents() ?? []).flatMap((e) => (e.type === 'clientRequest' && e.node === e.client && e.key === 'journey' ? [[e.client, e.reqId]] : []))),
  );
  const [aliceReq, bobReq] = [ids.alice, ids.bob];
  expect(aliceReq).toBeDefined();
  expect(bobReq).toBeDefined();

  const path = page.getByTestId('ring').locator('g.request-path');
  await expect(path).toHaveAttribute('data-request', String(aliceReq));
  await expect(path).toHaveAttribute('data-hovered', 'false');
  await expect(path.locator('line.path-client')).toHaveAttribute('data-from', 'alice');
  await expect(path.locator('line.path-client')).toHaveAttribute('data-to', 'S1');
  await page.getByTestId('ring').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/ring-selected-journey-1920.png' });

  // A screen tall enough to hold the ring and the timeline at once (the ring's drawing scales
  // with the width only): a scroll while hovering would move the pointer off the timeline.
  await page.setViewportSize({ width: 1920, height: 2200 });
  await page.evaluate(() => window.scrollTo(0, 0));
  for (let i = 0; i < 3; i++) await page.getByTestId('timeline-zoom-out').click();
  const markOf = (id: number | undefined) => page.evaluate((reqId) => window.__ringlabTimeline?.markOf(reqId ?? -1) ?? null, id);
  await expect.poll(() => markOf(bobReq)).not.toBeNull();
  const mark = await markOf(bobReq);
  const network = await page.getByTestId('ring').locator('g.network').boundingBox();
  if (mark === null || network === null) throw new Error('bob’s request or the network is not drawn');
  expect(mark.y).toBeLessThan(2200);
  await page.mouse.move(mark.x, mark.y);
  // The ring shows bob's get for as long as the pointer is on it: from his anchor to S4, then on.
  await expect(path).toHaveAttribute('data-request', String(bobReq));
  await expect(path).toHaveAttribute('data-hovered', 'true');
  await expect(path).toHaveAttribute('data-client', 'bob');
  await expect(path.locator('line.path-client')).toHaveAttribute('data-from', 'bob');
  await expect(path.locator('line.path-client')).toHaveAttribute('data-to', 'S4');
  await expect(page.getByTestId('ring').locator('g.client-anchor[data-client="bob"]')).toHaveAttribute('data-focused', 'true');
  await expect(path.locator('line.path-leg')).not.toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/ring-hovered-journey-1920-tall.png' });
  // In view already, the drawing is shot where it is: the pointer stays on bob's request.
  await page.getByTestId('ring').screenshot({ path: 'test-results/screens/ring-hovered-journey-drawing-1920.png' });
  await expect(path).toHaveAttribute('data-hovered', 'true');

  // The pointer leaves the timeline for the ring: the selection's journey is back, still selected.
  await page.mouse.move(mark.x, network.y + 10, { steps: 5 });
  await expect(path).toHaveAttribute('data-request', String(aliceReq));
  await expect(path).toHaveAttribute('data-hovered', 'false');
  await expect(path.locator('line.path-client')).toHaveAttribute('data-from', 'alice');
  await expect(page.getByTestId('ring').locator('g.client-anchor[data-client="alice"]')).toHaveAttribute('data-focused', 'true');
  await expect(page.getByTestId('timeline-unselect')).toContainText(`request #${aliceReq} selected`);
  expect(errors).toEqual([]);
});

test('a request of the page’s own client (the sample keys) shows its path on the ring without a leg to a client that has no anchor', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1920, height: 2200 });
  await openFreshCluster(page);
  await page.getByTestId('pause-toggle').click();
  await expect(page.getByTestId('clock-state')).toHaveText('paused');
  // The sample keys were put at the cluster's start: zoomed out, their requests are in the window.
  for (let i = 0; i < 4; i++) await page.getByTestId('timeline-zoom-out').click();
  const sample = await page.evaluate(() => (window.__ringlab?.traceEvents() ?? []).find((e) => e.type === 'clientRequest' && e.node === e.client && e.key === 'apple'));
  if (sample === undefined || sample.type !== 'clientRequest') throw new Error('no sample put traced');
  expect(sample.client).toBe('page');
  const markOf = () => page.evaluate((reqId) => window.__ringlabTimeline?.markOf(reqId) ?? null, sample.reqId);
  await expect.poll(markOf).not.toBeNull();
  const path = page.getByTestId('ring').locator('g.request-path');
  // Measured and clicked again if the page moved in between (a note appearing above the
  // timeline on a busy machine shifted the mark away from where it was measured).
  await expect(async () => {
    const mark = await markOf();
    if (mark === null) throw new Error('the sample put is not drawn');
    await page.mouse.click(mark.x, mark.y);
    await expect(path).toHaveAttribute('data-request', String(sample.reqId), { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await expect(path).toHaveAttribute('data-client', 'page');
  await expect(path.locator('line.path-leg')).not.toHaveCount(0);
  await expect(path.locator('line.path-client')).toHaveCount(0);
  // Every leg drawn joins two drawn lanes: none starts at the drawing's corner.
  const corners = await path.locator('line').evaluateAll((lines) => lines.filter((l) => l.getAttribute('x1') === '0' && l.getAttribute('y1') === '0').length);
  expect(corners).toBe(0);
  expect(errors).toEqual([]);
});
