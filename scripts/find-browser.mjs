// Finds the Chromium that the end-to-end tests drive. Prints its path, or exactly one line
// saying how to get one, and never a wall of installer errors.
//
// Order: a system Chromium or Chrome (Debian's package works with Playwright through
// executablePath), then Playwright's own downloaded build, then one attempt to download it.
// As a module it exports findBrowser(), which only looks and never installs, so that
// playwright.config.ts can call it cheaply.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// From @playwright/test, a declared dependency (it re-exports playwright-core's browsers).
import { chromium } from '@playwright/test';

/** Printed alone when no browser can be had, so the reason is the one thing on screen. */
export const NO_BROWSER_MESSAGE =
  'No browser for the end-to-end tests: install Chromium (Debian/Ubuntu: sudo apt-get install chromium), or run: npx playwright install --with-deps chromium';

/**
 * How the tests and the benches launch Chromium: headless, sandbox-free (CI runs as root in a
 * container), and quiet: nothing reaches the network beyond the local preview server.
 *
 * Chromium 156 also loads its omnibox popup (a WebUI page in a renderer of its own) in every new
 * window, and each test and each first visit of the benches is a fresh context, so a new window.
 * That load took about 1.1 s of CPU in the very second the page itself loaded, on 2 cores: half
 * of what a first visit measured was the browser's own UI. A user's window has it loaded long
 * before they open the playground, so the tests and benches turn it off.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup',
];

/** Where distribution packages put Chromium or Chrome, most likely first. */
const SYSTEM_BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Bounds the one download attempt, which can stall where the network is closed. */
const INSTALL_TIMEOUT_MS = 5 * 60 * 1000;

/** @returns {string | undefined} the path of Playwright's own Chromium, if it is on disk */
function bundledChromiumPath() {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Looks for a usable Chromium without installing anything.
 * CHROMIUM_PATH, when set to an existing file, wins (for a browser in an unusual place).
 * @returns {string | undefined}
 */
export function findBrowser() {
  const override = process.env.CHROMIUM_PATH;
  if (override && existsSync(override)) return override;
  const systemPath = SYSTEM_BROWSER_PATHS.find((path) => existsSync(path));
  return systemPath ?? bundledChromiumPath();
}

/**
 * Downloads Playwright's Chromium once, output captured so that a failure stays quiet.
 * @returns {string | undefined} the installed path, or undefined if the download failed
 */
function installBundledChromium() {
  console.error(`No Chromium found: downloading Playwright's (at most ${INSTALL_TIMEOUT_MS / 60_000} minutes)…`);
  const result = spawnSync('npx', ['playwright', 'install', 'chromium'], {
    stdio: 'pipe',
    timeout: INSTALL_TIMEOUT_MS,
    encoding: 'utf8',
  });
  if (result.error || result.status !== 0) return undefined;
  return bundledChromiumPath();
}

/**
 * True if Chromium at `path` starts. A browser without its shared libraries (a download on a
 * bare machine, now or on an earlier run) would otherwise fail every test with the same long
 * "missing dependencies" box.
 * @param {string} path
 */
async function launches(path) {
  try {
    const browser = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
    await browser.close();
    return true;
  } catch {
    return false;
  }
}

const isMain = process.argv[1] === fileURLToPath(import.meta.url);
if (isMain) {
  const path = findBrowser() ?? installBundledChromium();
  if (path === undefined || !(await launches(path))) {
    console.error(NO_BROWSER_MESSAGE);
    process.exit(1);
  }
  console.log(path);
}
