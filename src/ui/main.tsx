// Entry point of the page, kept tiny: it starts the node workers of a default cluster (five
// nodes, runtime/clusterConfig.ts) first, then loads two chunks at once: the cluster's opening
// (runtime/clusterOpening.ts), which hands those workers their nodes as soon as it arrives, and
// the page itself (startPage.tsx). The nodes open their databases and recover while the page's
// larger chunk downloads, evaluates and first renders; started after it, they waited on the busy
// main thread for over a second of a first visit. See runtime/nodeWorkers.ts. The cluster's
// lock is asked for here too (runtime/clusterLock.ts), so it is held when the opening arrives.
import { requestClusterLockEarly } from '../runtime/clusterLock';
import { chooseClusterName } from '../runtime/clusterName';
import { prewarmNodeWorkers } from '../runtime/nodeWorkers';
// With the entry, so the page's shell in index.html is styled from the first paint.
import './styles.css';

prewarmNodeWorkers(5);
requestClusterLockEarly(chooseClusterName());

/** Never a blank page: say what failed, as text. */
function cannotLoad(error: unknown): void {
  const root = document.getElementById('root');
  if (root !== null) root.textContent = `Ringlab could not load: ${String(error)}`;
}

import('../runtime/clusterOpening').then((m) => m.openClusterEarly(), cannotLoad);
import('./startPage.tsx').catch(cannotLoad);
