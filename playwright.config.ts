// End-to-end tests in a real Chromium against the production build, served on its own port
// (4317, or E2E_PORT) so that a playground the user already runs on 4173 is left alone, and
// two checkouts can run their suites side by side.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findBrowser, NO_BROWSER_MESSAGE } from './scripts/find-browser.mjs';

const E2E_PORT = Number(process.env.E2E_PORT ?? 4317);
const baseURL = `http://127.0.0.1:${E2E_PORT}`;

const executablePath = findBrowser();
if (executablePath === undefined) {
  // `npm run test:e2e` runs scripts/find-browser.mjs first, which also tries a download.
  console.error(NO_BROWSER_MESSAGE);
  process.exit(1);
}

export default defineConfig({
  testDir: 'e2e',
  // Playwright empties its outputDir on every run; keep it apart from the unit report and
  // the screenshots that sit elsewhere under test-results/.
  outputDir: 'test-results/e2e',
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: 'npx vite build && node scripts/serve.mjs',
    url: baseURL,
    env: { PORT: String(E2E_PORT) },
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
