/** `npm run bench [ring|sim]`: prints figures for this machine. Benchmarks measure; they assert nothing. */
const only = process.argv[2];
if (only === undefined || only === 'ring') await (await import('./ringBench')).ringBench();
if (only === undefined || only === 'sim') (await import('./simBench')).simBench();
