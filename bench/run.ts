/**
 * `npm run bench [ring|sim|browser]`: prints figures for this machine. Benchmarks measure;
 * they assert nothing. The browser part builds the page and drives the system Chromium.
 */
import { spawnSync } from 'node:child_process';
import { importBundled } from './bundle';

const only = process.argv[2];
if (only === undefined || only === 'ring') await (await import('./ringBench')).ringBench();
if (only === undefined || only === 'sim') {
  const args = process.argv.slice(3);
  // Bundled unless profiling (a profile names each function's source file) or asked not to.
  const viaTsx = args.includes('--tsx') || args.includes('--profile');
  const bench = viaTsx ? await import('./simBench') : ((await importBundled('bench/simBench.ts')) as typeof import('./simBench'));
  console.log(viaTsx ? 'sim: sources run through tsx (esbuild keepNames: every closure is named when made)' : 'sim: bundled by Vite before running, as the browser build is (--tsx runs the sources through tsx)');
  bench.simBench(args);
}
if (only === undefined || only === 'rebalance') (await import('./rebalanceBench')).rebalanceBench();
if (only === undefined || only === 'browser') {
  // Its own process: it launches a browser and a server, and exits when done.
  spawnSync('node', ['--import', 'tsx', 'bench/browser/run.ts', ...process.argv.slice(3)], { stdio: 'inherit' });
}
