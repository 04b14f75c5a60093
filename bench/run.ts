/**
 * `npm run bench [ring|sim|browser]`: prints figures for this machine. Benchmarks measure;
 * they assert nothing. The browser part builds the page and drives the system Chromium.
 */
import { spawnSync } from 'node:child_process';

const only = process.argv[2];
if (only === undefined || only === 'ring') await (await import('./ringBench')).ringBench();
if (only === undefined || only === 'sim') (await import('./simBench')).simBench(process.argv.slice(3));
if (only === undefined || only === 'rebalance') (await import('./rebalanceBench')).rebalanceBench();
if (only === undefined || only === 'browser') {
  // Its own process: it launches a browser and a server, and exits when done.
  spawnSync('node', ['--import', 'tsx', 'bench/browser/run.ts', ...process.argv.slice(3)], { stdio: 'inherit' });
}
