// Which cluster this tab shows, when there are several: the visitor's own ("home") and those
// loaded from share links. Switching closes the open cluster (its disks and configuration
// stay) and opens the other; the timeline starts again from that cluster's live trace.
import type { OpenResult } from '../../runtime/liveCluster';
import { switchCluster } from '../store/clusterStore';
import { backToLive, continueLive } from '../timeline/timelineFeed';

/** Survives a reload of the tab (as the tab's cluster does), so "back" still knows the way. */
const homeKey = 'ringlab:homeCluster';

/** The visitor's own cluster, once a share link has taken the tab elsewhere; else null. */
export function homeCluster(): string | null {
  return sessionStorage.getItem(homeKey);
}

export function rememberHome(clusterName: string): void {
  sessionStorage.setItem(homeKey, clusterName);
}

/** Shows a saved cluster as it was left; the timeline shows its live trace from now on. */
export async function goToCluster(clusterName: string): Promise<void> {
  await switchCluster(clusterName);
  backToLive();
  if (clusterName === homeCluster()) sessionStorage.removeItem(homeKey);
}

/**
 * Opens a cluster loaded from a shared run. The replayed trace stays on the timeline and the
 * live one follows it, since the loaded cluster's clock goes on from the run's end.
 */
export async function goToLoadedCluster(clusterName: string, open: (name: string) => Promise<OpenResult>): Promise<void> {
  await switchCluster(clusterName, open);
  continueLive();
}
