// Goal: the page's common actions work from the keyboard, and "?" lists the shortcuts.
// Method: press keys as a user would and check the visible state they change.
import { expect, test } from '@playwright/test';
import { collectErrors, openFreshCluster } from './helpers';

test('space pauses and resumes, "?" lists the shortcuts, and the timeline scrolls by keyboard', async ({ page }) => {
  const errors = collectErrors(page);
  await openFreshCluster(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId('clock-state')).toHaveText('running');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('clock-state')).toHaveText('paused');
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('clock-state')).toHaveText('running');

  await page.keyboard.press('Shift+?');
  const dialog = page.getByTestId('shortcuts');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('play / pause');
  await expect(dialog).toContainText('step to next message');
  await page.screenshot({ path: 'test-results/screens/shortcuts.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('[');
  await expect(page.getByTestId('timeline-follow')).toHaveText('follow the present');
  await page.keyboard.press('f');
  await expect(page.getByTestId('timeline-follow')).toHaveText('following the present');
  await page.keyboard.press('t');
  await expect(page.getByTestId('timeline-canvas')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('timeline-follow')).toHaveText('follow the present');
  expect(errors).toEqual([]);
});
