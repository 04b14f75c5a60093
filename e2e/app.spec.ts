// Goal: the production build loads in a real browser and React mounts, with no console
// errors. Method: open the page, wait for the app-ready element, check the title and the
// tagline, and keep a screenshot for people to look at.
import { expect, test } from '@playwright/test';

test('the playground page loads, mounts React and logs no errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));

  await page.goto('/');

  await expect(page.getByTestId('app-ready')).toBeVisible();
  await expect(page).toHaveTitle('Ringlab');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ringlab');
  await expect(
    page.getByText('A Dynamo-style key-value store, running in your browser.'),
  ).toBeVisible();

  await page.screenshot({ path: 'test-results/screens/app-loads.png', fullPage: true });
  expect(errors).toEqual([]);
});
