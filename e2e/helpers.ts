// Shared steps of the playground's end-to-end tests: collect console errors, wait for the
// cluster, drag a range input with the mouse as a person would.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export const nodes = ['S1', 'S2', 'S3', 'S4', 'S5'];

/** Console errors and uncaught page errors, to assert empty at the end of a test. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}

/** Opens the page on a fresh cluster of its own and waits until every node serves. */
export async function openFreshCluster(page: Page): Promise<void> {
  await page.goto('/');
  await expectAllUp(page);
}

export async function expectAllUp(page: Page): Promise<void> {
  await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 15_000 });
  for (const id of nodes) await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
}

/** From now on localStorage refuses the page's saves of cluster configurations, as a full one does. */
export async function fillConfigStorage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const setItem = Reflect.get<Storage, 'setItem'>(Storage.prototype, 'setItem');
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      if (key.startsWith('ringlab:config:')) throw new DOMException('the quota was exceeded', 'QuotaExceededError');
      setItem.call(this, key, value);
    };
  });
}

/**
 * Drags a range input's thumb to the position of `value` with the mouse. The thumb sits at
 * (value - min) / (max - min) of the track, so the drag starts on it and ends over the target.
 */
export async function dragSlider(slider: Locator, value: number): Promise<void> {
  const page = slider.page();
  // A line of text appearing above the slider (the timeline's note on where its kept trace
  // begins shows a moment after the page opens) moves it between measuring and dragging: a drag
  // that left the value where it was is made again, measured anew.
  for (let attempt = 0; attempt < 3; attempt++) {
    // The mouse only reaches what is on screen: a slider below the fold is scrolled to first.
    await slider.scrollIntoViewIfNeeded();
    const box = await slider.boundingBox();
    if (box === null) throw new Error('the slider is not visible');
    const [min, max, current] = await slider.evaluate((el: HTMLInputElement) => [Number(el.min), Number(el.max), Number(el.value)]);
    if (current === value) return;
    const at = (v: number) => box.x + 8 + ((box.width - 16) * (v - min)) / Math.max(1, max - min);
    const y = box.y + box.height / 2;
    await page.mouse.move(at(current), y);
    await page.mouse.down();
    await page.mouse.move(at(value), y, { steps: 8 });
    await page.mouse.up();
    if ((await slider.evaluate((el: HTMLInputElement) => Number(el.value))) !== current) return;
  }
}

/** One client request through the form, by `client` via `via`; waits for its successful result. */
export async function okClientOp(page: Page, action: 'put' | 'get', client: string, key: string, via: string, value = ''): Promise<Locator> {
  await page.getByTestId('client-name').selectOption(client);
  await page.getByTestId('client-key').fill(key);
  if (action === 'put') await page.getByTestId('client-value').fill(value);
  await page.getByTestId('client-via').selectOption(via);
  await page.getByTestId(action === 'put' ? 'client-put' : 'client-get').click();
  const result = page.getByTestId('result').first();
  await expect(result).toContainText(`${client}: ${action} ${JSON.stringify(key)} via ${via}`);
  await expect(result).toHaveAttribute('data-ok', 'true');
  return result;
}

/** Cuts or heals the link between two nodes (both ways) through the link control. */
export async function link(page: Page, a: string, b: string, action: 'cut' | 'heal'): Promise<void> {
  await page.getByTestId('link-from').selectOption(a);
  await page.getByTestId('link-to').selectOption(b);
  await page.getByTestId(`link-${action}`).click();
}

/**
 * alice and bob write `key` through two of its replicas on either side of a cut link (siblings),
 * the link heals, and alice reads it through the third replica; returns that get's result.
 */
export async function partitionedDoubleWrite(page: Page, key: string): Promise<Locator> {
  const [r0, r1, r2] = await page.evaluate((k) => window.__ringlab?.replicasOf(k) ?? [], key);
  if (r0 === undefined || r1 === undefined || r2 === undefined) throw new Error('no replicas');
  await link(page, r0, r1, 'cut');
  await expect(page.getByTestId(`cut-${r0}-${r1}`)).toBeVisible();
  await okClientOp(page, 'put', 'alice', key, r0, 'milk');
  await okClientOp(page, 'put', 'bob', key, r1, 'eggs');
  await link(page, r0, r1, 'heal');
  await expect(page.getByTestId(`cut-${r0}-${r1}`)).toHaveCount(0);
  return okClientOp(page, 'get', 'alice', key, r2);
}
