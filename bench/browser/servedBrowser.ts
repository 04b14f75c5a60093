// The profiling aids' common start: an unminified build (so profiles name functions; NO_BUILD=1
// reuses dist/), the preview server on `port`, and a Chromium with the bench's flags.
import { spawn, spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from '../../scripts/find-browser.mjs';

export async function withServedBrowser(port: number, run: (browser: Browser, url: string) => Promise<void>): Promise<void> {
  const executablePath = findBrowser();
  if (executablePath === undefined) throw new Error('no Chromium');
  if (process.env.NO_BUILD === undefined && spawnSync('npx', ['vite', 'build', '--minify', 'false'], { stdio: 'ignore' }).status !== 0) throw new Error('build failed');
  const server = spawn('node', ['scripts/serve.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const url = `http://127.0.0.1:${port}/`;
  try {
    for (let i = 0; i < 50; i++) {
      if (await fetch(url).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await run(browser, url);
  } finally {
    await browser.close();
    server.kill();
  }
}
