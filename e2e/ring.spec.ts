// Goal: the ring shows each key's preference list, dead nodes and cut links at a glance, and
// its links cut and heal on click. Method: select keys by typing and by clicking their marks,
// compare the highlighted ranks with the cluster's replicas, click links, and keep screenshots
// at a laptop and a projector size.
import { expect, test } from '@playwright/test';
import { collectErrors, okClientOp, openFreshCluster } from './helpers';
import type {} from '../src/ui/ring/ringTestHook';

test('selecting a key highlights its preference list on the ring', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFreshCluster(page);
  const ring = page.getByTestId('ring');

  await page.getByTestId('ring-key').fill('cart:ada');
  const replicas = await page.evaluate(() => window.__ringlab?.replicasOf('cart:ada') ?? []);
  expect(replicas).toHaveLength(3);
  await expect(page.getByTestId('ring-replicas')).toHaveText(replicas.map((id, i) => `${i + 1} ${id}`).join(' · '));
  for (const [i, id] of replicas.entries()) {
    await expect(ring.locator(`g.glyph[data-node="${id}"]`)).toHaveAttribute('data-rank', String(i + 1));
    await expect(ring.locator(`g.rank[data-node="${id}"]`)).toHaveAttribute('data-rank', String(i + 1));
  }
  await expect(ring.locator('g.glyph[data-rank="f1"]')).toHaveCount(1);
  await expect(ring.locator('path.walk')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screens/ring-preference-1280.png' });
  await page.getByTestId('ring').screenshot({ path: 'test-results/screens/ring-preference-drawing.png' });

  // Clicking a key mark selects that key.
  await ring.locator('circle.key[data-key="banana"]').click({ force: true });
  await expect(page.getByTestId('ring-key')).toHaveValue('banana');
  await expect(page.getByTestId('ring-preference')).toContainText('Replicas of banana');
  expect(errors).toEqual([]);
});

test('dead nodes and cut links look different, and a click on a link cuts and heals it', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openFreshCluster(page);
  const ring = page.getByTestId('ring');

  await page.getByTestId('node-S3').getByRole('button', { name: 'Kill' }).click();
  await expect(ring.locator('g.glyph[data-node="S3"]')).toHaveAttribute('data-state', 'down');

  // A click cuts both directions; the link list agrees; a second click heals.
  const hit = ring.locator('line.hit[data-pair="S1-S2"]');
  await hit.click({ force: true });
  await expect(ring.locator('line.lane[data-link="S1→S2"]')).toHaveAttribute('data-cut', 'true');
  await expect(ring.locator('line.lane[data-link="S2→S1"]')).toHaveAttribute('data-cut', 'true');
  await expect(page.getByTestId('cut-S1-S2')).toBeVisible();

  // Shift-click near S4 cuts only S4 → S5.
  const box = await ring.locator('g.glyph[data-node="S4"]').boundingBox();
  const other = await ring.locator('g.glyph[data-node="S5"]').boundingBox();
  if (box === null || other === null) throw new Error('glyphs not drawn');
  const [ax, ay, bx, by] = [box.x + box.width / 2, box.y + box.height / 2, other.x + other.width / 2, other.y + other.height / 2];
  await page.keyboard.down('Shift');
  await page.mouse.click(ax + (bx - ax) * 0.3, ay + (by - ay) * 0.3);
  await page.keyboard.up('Shift');
  await expect(ring.locator('line.lane[data-link="S4→S5"]')).toHaveAttribute('data-cut', 'true');
  await expect(ring.locator('line.lane[data-link="S5→S4"]')).toHaveAttribute('data-cut', 'false');
  await page.getByTestId('ring-key').fill('apple');
  await page.screenshot({ path: 'test-results/screens/ring-dead-and-cut-1920.png' });

  await hit.click({ force: true });
  await expect(ring.locator('line.lane[data-link="S1→S2"]')).toHaveAttribute('data-cut', 'false');

  // Partition into two groups, then heal all.
  await page.getByTestId('partition-apply').click();
  await expect(ring.locator('line.lane[data-cut="true"]')).not.toHaveCount(0);
  // Views are local: S1 (group A) soon stops hearing S5 (group B), and its view says so.
  await ring.locator('g.glyph[data-node="S1"]').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-node', 'S1');
  await expect(ring.locator('g.glyph[data-node="S5"]')).toHaveAttribute('data-seen', /suspect|down/, { timeout: 20_000 });
  // S5 runs, but the ring is drawn as S1 sees it: faded, while S1 itself is drawn as usual.
  await expect(ring.locator('g.glyph[data-node="S5"] circle.body')).toHaveAttribute('fill-opacity', '0.35');
  await expect(ring.locator('g.glyph[data-node="S1"] circle.body')).not.toHaveAttribute('fill-opacity', /./);
  await ring.screenshot({ path: 'test-results/screens/ring-partition-view.png' });
  await page.getByTestId('ring-heal-all').click();
  await expect(ring.locator('line.lane[data-cut="true"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('messages fly between nodes while the cluster runs slowly', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFreshCluster(page);
  // The slowest speed is the first option: 1 simulated ms per 100 real ms.
  await page.getByTestId('speed').selectOption({ index: 0 });
  await page.getByTestId('client-key').fill('fly');
  await page.getByTestId('client-value').fill('away');
  await page.getByTestId('client-put').click();
  const ring = page.getByTestId('ring');
  // The messages are painted on a canvas: the ring's hook says what each frame drew and where,
  // and the canvas must hold paint there. Checked in the page at every frame, as a person
  // watching would see it; seen, the cluster is paused at once so the picture keeps them.
  const seen = await page.evaluate(async () => {
    const box = document.querySelector('[data-testid="ring"]')?.getBoundingClientRect();
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="ring"] canvas');
    if (box === undefined || canvas === null) return false;
    const painted = (f: { x: number; y: number }) => {
      const at = canvas.getBoundingClientRect();
      const x = Math.round(((f.x - at.left) * canvas.width) / at.width);
      const y = Math.round(((f.y - at.top) * canvas.height) / at.height);
      return (canvas.getContext('2d')?.getImageData(x, y, 1, 1).data[3] ?? 0) > 0;
    };
    const inRing = (f: { x: number; y: number }) => f.x > box.left && f.x < box.right && f.y > box.top && f.y < box.bottom;
    for (const stop = performance.now() + 10_000; performance.now() < stop; ) {
      await new Promise((r) => requestAnimationFrame(r));
      if ((window.__ringlabRing?.flights() ?? []).some((f) => f.kind === 'write' && inRing(f) && painted(f))) {
        document.querySelector<HTMLButtonElement>('[data-testid="pause-toggle"]')?.click();
        return true;
      }
    }
    return false;
  });
  expect(seen).toBe(true);
  await expect(page.getByTestId('clock-state')).toHaveText('paused');
  await ring.screenshot({ path: 'test-results/screens/ring-messages.png' });
  expect(errors).toEqual([]);
});

test('a selected request keeps its path on the network after it finished: coordinator → replicas, those that answered', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  const result = await okClientOp(page, 'put', 'alice', 'plum', 'S3', 'blue');
  const replicas = await page.evaluate(() => window.__ringlab?.replicasOf('plum') ?? []);
  const path = page.getByTestId('ring').locator('g.request-path');
  await expect(path.locator('line.path-leg')).toHaveCount(0);
  await result.getByRole('button', { name: 'show on timeline' }).click();
  // The reply names the coordinator and the replicas its quorum counted, as the ring must.
  const [, coordinator = '', answered = ''] = /coordinator (S\d) · answered: ([S\d, ]+)/.exec((await result.textContent()) ?? '') ?? [];
  await expect(path).toHaveAttribute('data-coordinator', coordinator);
  await expect(path).toHaveAttribute('data-answered', answered.split(', ').join(','));
  const legs = path.locator('line.path-leg');
  await expect(legs).toHaveCount(replicas.filter((id) => id !== coordinator).length);
  for (const id of replicas.filter((r) => r !== coordinator)) {
    await expect(legs.and(page.locator(`[data-to="${id}"]`))).toHaveAttribute('data-answered', String(answered.split(', ').includes(id)));
  }
  await expect(path.locator('circle.path-coordinator')).toHaveCount(1);
  // Long after its messages landed, the path is still drawn while the request is selected.
  await page.waitForTimeout(1_500);
  await expect(legs).toHaveCount(replicas.filter((id) => id !== coordinator).length);
  await page.getByTestId('ring').screenshot({ path: 'test-results/screens/ring-request-path.png' });
  await page.keyboard.press('Escape');
  await expect(path.locator('line.path-leg')).toHaveCount(0);
  await expect(path.locator('circle.path-coordinator')).toHaveCount(0);
  expect(errors).toEqual([]);
});
