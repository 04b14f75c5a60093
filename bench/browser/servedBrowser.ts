// The profiling aids' common start: an unminified build (so profiles name functions; NO_BUILD=1
// reuses dist/), the preview server on `port`, and a Chromium with the bench's flags.
import { spawn, spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from '../../scripts/find-browser.mjs';

/**
 * Fails when something already answers on `port`. The preview server there would be left from
 * an interrupted run (a timeout kills the bench, not its server): the new server cannot bind
 * the port and exits, and the run silently measures the old server's build.
 */
export async function assertPortFree(port: number): Promise<void> {
  if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) {
    throw new Error(`port ${port} already answers (a server left from an earlier run?): stop it, or set BENCH_PORT`);
  }
}

export async function withServedBrowser(port: number, run: (browser: Browser, url: string) => Promise<void>): Promise<void> {
  const executablePath = findBrowser();
  if (executablePath === undefined) throw new Error('no Chromium');
  await assertPortFree(port);
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
