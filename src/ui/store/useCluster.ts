// The React binding of the cluster store: components read slices through selectors.
import { useStore } from 'zustand';
import type { ClusterState } from './clusterStore';
import { clusterStore } from './clusterStore';

export function useCluster<T>(selector: (s: ClusterState) => T): T {
  return useStore(clusterStore, selector);
}
