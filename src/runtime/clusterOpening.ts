// The tab's first cluster, opened by the page's first script (src/ui/main.tsx) while the page's
// own chunk still downloads and evaluates: the node workers then get their init, open their
// databases and replay their logs in parallel with the page's first render instead of after it.
// The page's boot takes this opening when it asks for the same cluster; whichever comes first,
// the cluster is opened once (a second open in the same tab would find its own lock taken).
import { chooseClusterName } from './clusterConfig';
import type { OpenResult } from './liveCluster';
import { LiveCluster } from './liveCluster';

let early: { readonly name: string; readonly result: Promise<OpenResult> } | null = null;
let taken = false;

/** Opens the cluster this tab would open, unless the page has already asked for one. */
export function openClusterEarly(): void {
  if (taken || early !== null) return;
  const name = chooseClusterName();
  early = { name, result: LiveCluster.open(name) };
}

/** Opens `clusterName`: the early opening if it is of that cluster, else a new one. */
export function openCluster(clusterName: string): Promise<OpenResult> {
  taken = true;
  const e = early;
  early = null;
  if (e === null || e.name === clusterName) return e?.result ?? LiveCluster.open(clusterName);
  // The tab's cluster changed before the page asked: the early one must not keep its workers and lock.
  void e.result.then((r) => r.kind === 'open' && r.cluster.close());
  return LiveCluster.open(clusterName);
}
