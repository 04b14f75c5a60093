// Entry point of the page, kept tiny: it starts the node workers of a default cluster (five
// nodes, runtime/clusterConfig.ts) first, then loads the page itself (startPage.tsx) as a chunk
// of its own. The workers download and start while that chunk downloads and the main thread is
// free; started after it, they waited on the busy main thread for over a second of a first
// visit. See runtime/nodeWorkers.ts.
import { prewarmNodeWorkers } from '../runtime/nodeWorkers';

prewarmNodeWorkers(5);
import('./startPage.tsx').catch((error: unknown) => {
  // Never a blank page: say what failed, as text.
  const root = document.getElementById('root');
  if (root !== null) root.textContent = `Ringlab could not load: ${String(error)}`;
});
