// Commands that change the running cluster's settings and network shape from the ring and the
// settings panels. Thin: each calls the LiveCluster and publishes its refusal, if any.
import type { NodeId } from '../../core/ids';
import type { ConflictMode } from '../../core/versions/siblings';
import type { SettingsChange } from '../../runtime/clusterSnapshot';
import type { LiveStorageSettings, NetworkModel } from '../../runtime/workerProtocol';
import { answerNow, clusterStore, currentCluster } from './clusterStore';

/** Applies a settings change to every node (and the saved configuration); a refusal shows as the notice. */
export function changeSettings(change: SettingsChange): void {
  const c = currentCluster();
  if (c === null) return;
  clusterStore.setState({ notice: c.setSettings(change) });
  answerNow();
}

/**
 * Vector clocks or last-write-wins, cluster-wide. A node's store merges by the mode it started
 * with, so every running node restarts (its disk kept) to take the new one up, as the
 * simulator does for a `set` step; requests in flight at that moment time out.
 */
export function changeConflictMode(conflicts: ConflictMode): void {
  const c = currentCluster();
  if (c === null || c.snapshot().settings.conflicts === conflicts) return;
  const why = c.setSettings({ conflicts });
  clusterStore.setState({ notice: why });
  if (why !== null) return;
  for (const n of c.snapshot().nodes) {
    if (n.state === 'down') continue;
    c.kill(n.id);
    c.restart(n.id);
  }
  answerNow();
}

/** Cuts every link between the two groups, both ways; links within a group stay as they are. */
export function partition(groups: readonly (readonly NodeId[])[]): void {
  currentCluster()?.network.partition(groups);
  answerNow();
}

/** Latency and loss for every link from now on. */
export function changeNetwork(network: NetworkModel): void {
  currentCluster()?.setNetwork(network);
  answerNow();
}

/** One node's clock skew in ms: last-write-wins timestamps are its now plus this. */
export function changeClockSkew(id: NodeId, clockSkewMs: number): void {
  currentCluster()?.setClockSkew(id, clockSkewMs);
  answerNow();
}

/** IndexedDB durability and memtable size for every node, from each node's next start. */
export function changeStorage(storage: LiveStorageSettings): void {
  currentCluster()?.setStorage(storage);
  answerNow();
}
