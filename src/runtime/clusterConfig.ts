// The live cluster's configuration as it is saved (localStorage): which nodes, their wipe
// counts and up/down state, the quorum settings and the cluster's name. A reload reads it back
// and reopens the same IndexedDB databases, so the cluster returns with its data.
import type { LatencyModel } from '../core/network/latency';
import type { NodeSettings } from '../core/node/settings';
import { defaultNodeSettings } from '../core/node/settings';

export interface SavedNode {
  readonly id: string;
  readonly incarnation: number;
  readonly down: boolean;
  /** This node's wall-clock offset (lww timestamps); the cluster's setting when absent. */
  readonly clockSkewMs?: number;
}

export interface LiveClusterConfig {
  readonly format: 1;
  readonly clusterName: string;
  readonly nodes: readonly SavedNode[];
  readonly vnodes: number;
  readonly settings: NodeSettings;
  readonly latency: LatencyModel;
  /** Chance that a message is lost on the wire; 0 when absent. */
  readonly lossProbability?: number;
  readonly seed: number;
  /** Directed links cut when last saved: a partition outlives a reload. */
  readonly cutLinks?: readonly { readonly from: string; readonly to: string }[];
  /** Simulated ms the clock starts from when opened: where it stood when last closed, or a loaded run's end. */
  readonly resumeAtMs?: number;
}

/** Stands for a LAN: a few ms, spread enough that quorum replies arrive in varied orders. */
export const defaultLiveLatency: LatencyModel = { kind: 'uniform', minMs: 2, maxMs: 12 };

export const defaultClusterName = 'main';

/** The playground's opening cluster: five nodes, N=3, W=2, R=2. */
export function defaultClusterConfig(clusterName: string, seed: number): LiveClusterConfig {
  return {
    format: 1,
    clusterName,
    nodes: ['S1', 'S2', 'S3', 'S4', 'S5'].map((id) => ({ id, incarnation: 0, down: false })),
    vnodes: 16,
    settings: { ...defaultNodeSettings, n: 3, w: 2, r: 2 },
    latency: defaultLiveLatency,
    seed,
  };
}

const configKey = (clusterName: string) => `ringlab:config:${clusterName}`;
/** This tab's cluster: survives a reload of the tab, and a second tab can pick another. */
const tabClusterKey = 'ringlab:tabCluster';
const lastClusterKey = 'ringlab:lastCluster';
const knownClustersKey = 'ringlab:knownClusters';
/** Clusters the switcher lists; older ones keep their data but drop off the list. */
const knownClustersMax = 12;

/** The cluster this tab should open: its own from before a reload, else the last one used. */
export function chooseClusterName(): string {
  return sessionStorage.getItem(tabClusterKey) ?? localStorage.getItem(lastClusterKey) ?? defaultClusterName;
}

export function rememberClusterName(clusterName: string): void {
  sessionStorage.setItem(tabClusterKey, clusterName);
  localStorage.setItem(lastClusterKey, clusterName);
  const rest = knownClusterNames().filter((n) => n !== clusterName);
  localStorage.setItem(knownClustersKey, JSON.stringify([clusterName, ...rest].slice(0, knownClustersMax)));
}

/** Clusters this browser opened lately, newest first, that still have a saved configuration. */
export function knownClusterNames(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(knownClustersKey) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((n): n is string => typeof n === 'string' && localStorage.getItem(configKey(n)) !== null);
  } catch {
    return [];
  }
}

export function loadClusterConfig(clusterName: string): LiveClusterConfig | null {
  const raw = localStorage.getItem(configKey(clusterName));
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!isConfig(parsed) || parsed.clusterName !== clusterName) return null;
    // Settings added to the core since the configuration was saved take their defaults.
    return { ...parsed, settings: { ...defaultNodeSettings, ...parsed.settings } };
  } catch {
    // A damaged entry must not stop the page: the cluster starts fresh instead.
    return null;
  }
}

export function saveClusterConfig(config: LiveClusterConfig): void {
  localStorage.setItem(configKey(config.clusterName), JSON.stringify(config));
}

export function forgetClusterConfig(clusterName: string): void {
  localStorage.removeItem(configKey(clusterName));
}

/** A shallow check: the file is ours and of this format. Settings missing later are defaulted. */
function isConfig(x: unknown): x is LiveClusterConfig {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Partial<Record<keyof LiveClusterConfig, unknown>>;
  return (
    c.format === 1 &&
    typeof c.clusterName === 'string' &&
    Array.isArray(c.nodes) &&
    c.nodes.every((n: unknown) => typeof n === 'object' && n !== null && typeof (n as SavedNode).id === 'string' && typeof (n as SavedNode).incarnation === 'number') &&
    typeof c.vnodes === 'number' &&
    typeof c.settings === 'object' &&
    typeof c.latency === 'object' &&
    typeof c.seed === 'number'
  );
}

/** A name for a brand-new cluster of this tab (when the usual one is open elsewhere). */
export function newClusterName(): string {
  return `lab-${Math.random().toString(36).slice(2, 8)}`;
}
