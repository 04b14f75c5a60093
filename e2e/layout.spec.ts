// Goal: the playground works on a 1280×720 laptop and uses a wide projector. Method: open the
// page at each size; at 1280×720, the ring, the N/W/R sliders, the client form and the
// first-sight hint lie wholly inside the viewport without scrolling, and the timeline and the
// inspector are reached by scrolling; at 1920×1080 the node list's buttons stay inside their
// panel. Screenshots of both sizes are kept to look at.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { collectErrors, openFreshCluster } from './helpers';

/** Asserts that every element named by test id lies wholly inside the viewport, as laid out now. */
async function expectInViewport(page: Page, testIds: readonly string[]): Promise<void> {
  const size = page.viewportSize();
  if (size === null) throw new Error('no viewport');
  for (const id of testIds) await expect(page.getByTestId(id).first()).toBeVisible();
  const boxes = await page.evaluate((ids) => ids.map((id) => {
    const r = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
    return { id, box: r === undefined ? null : { left: r.left, top: r.top, right: r.right, bottom: r.bottom } };
  }), testIds);
  for (const { id, box } of boxes) {
    expect(box, `${id} is laid out`).not.toBeNull();
    if (box === null) continue;
    expect(box.left, `${id} left edge`).toBeGreaterThanOrEqual(0);
    expect(box.top, `${id} top edge`).toBeGreaterThanOrEqual(0);
    expect(box.right, `${id} right edge`).toBeLessThanOrEqual(size.width);
    expect(box.bottom, `${id} bottom edge`).toBeLessThanOrEqual(size.height);
  }
}

// Boot and layout under a loaded machine; the scroll to the inspector waits on its first read.
test.describe.configure({ timeout: 120_000 });

test('at 1280×720 the ring, N/W/R, the client form and the hint are in view without scrolling', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFreshCluster(page);
  await expect(page.getByTestId('first-hint')).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expectInViewport(page, ['ring', 'quorum-n', 'quorum-w', 'quorum-r', 'quorum-words', 'client-name', 'client-key', 'client-value', 'client-via', 'client-put', 'client-get', 'first-hint']);
  await page.screenshot({ path: 'test-results/screens/layout-1280x720.png' });

  const timeline = page.getByTestId('timeline-canvas');
  await timeline.scrollIntoViewIfNeeded();
  await expect(timeline).toBeInViewport();
  await page.getByTestId('inspect-S1').click();
  const inspector = page.locator('[data-testid="inspector"][data-node="S1"]');
  await expect(inspector).toHaveCount(1, { timeout: 15_000 });
  // Scrolled to by the page itself: the inspector re-renders as it polls, so it is never "stable".
  const top = await inspector.evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    return el.getBoundingClientRect().top;
  });
  expect(top).toBeGreaterThanOrEqual(0);
  expect(top).toBeLessThan(720);
  expect(errors).toEqual([]);
});

test('at 1920×1080 the page spreads to three columns in the first screen', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openFreshCluster(page);
  await expectInViewport(page, ['ring', 'quorum-n', 'quorum-r', 'client-key', 'client-put', 'first-hint', 'node-S1']);
  // The node list sits beside the client, not under it: the projector's width is used.
  const client = await page.getByTestId('client-key').boundingBox();
  const nodes = await page.getByTestId('node-S1').boundingBox();
  expect(nodes?.x ?? 0).toBeGreaterThan((client?.x ?? 0) + (client?.width ?? 0));
  // Its five lifecycle buttons stay inside the panel's border (they once spilled past it).
  const spill = await page.getByTestId('node-S1').evaluate((li) => {
    const panel = li.closest('.panel')?.getBoundingClientRect();
    const buttons = [...li.querySelectorAll('button')].map((b) => b.getBoundingClientRect().right);
    return { panelRight: panel?.right ?? 0, buttons: buttons.length, rightmost: Math.max(...buttons) };
  });
  expect(spill.buttons).toBe(5);
  expect(spill.rightmost).toBeLessThanOrEqual(spill.panelRight);
  await page.screenshot({ path: 'test-results/screens/layout-1920x1080.png' });
  expect(errors).toEqual([]);
});
