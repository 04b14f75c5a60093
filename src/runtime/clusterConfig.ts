// The live cluster's configuration as it is saved (localStorage): which nodes, their wipe
// counts and up/down state, their zones and weights, the ring's epoch and any join or leave
// still under way, the quorum settings and the cluster's name. A reload reads it back and
// reopens the same IndexedDB databases, so the cluster returns with its data and membership.
import { assertNever } from '../core/assertNever';
import type { AutoscaleConfig } from '../core/autoscaler';
import type { NodeId } from '../core/ids';
import { nodeId } from '../core/ids';
import type { LatencyModel, SimpleLatency } from '../core/network/latency';
import type { NodeSettings } from '../core/node/settings';
import type { RingMember } from '../core/ring';
import { defaultNodeSettings } from '../core/node/settings';
import { defaultStorageOptions } from '../core/storage';
import type { LiveStorageSettings, NetworkModel } from './workerProtocol';
import { chooseClusterName, defaultClusterName, lastClusterKey, tabClusterKey } from './clusterName';

export { chooseClusterName, defaultClusterName };

export interface SavedNode {
  readonly id: string;
  readonly incarnation: number;
  readonly down: boolean;
  /** This node's wall-clock offset (lww timestamps); the cluster's setting when absent. */
  readonly clockSkewMs?: number;
  /** The zone (data centre) the node sits in; none when absent. */
  readonly zone?: string;
  /** Relative capacity: `weight × vnodes` tokens; 1 when absent. */
  readonly weight?: number;
  /**
   * The node left the ring. Kept (with its incarnation raised) so that a node joining later
   * under the same id writes dots as a new actor, never reusing the old one's counters.
   */
  readonly left?: boolean;
  /**
   * The palette slot the page draws the node's colour from (the page picks it when it first
   * draws the node: ui/ring/palette.ts), saved so that the colour survives a reload; absent
   * until then. Not the node's list position: the others keep their colours when one leaves.
   */
  readonly colourSlot?: number;
}

/**
 * A join, leave or zone move not yet settled when the configuration was saved: a reload starts
 * the nodes on the ring before it and runs the change again (streaming is idempotent: versions
 * merge). A zone move keeps the zone it left, so that ring can be rebuilt.
 */
export type PendingRingChange =
  | { readonly kind: 'join' | 'leave'; readonly id: string }
  | { readonly kind: 'zone'; readonly id: string; readonly fromZone?: string };

export type RingChangeKind = PendingRingChange['kind'];

/** What the node concerned is doing while a change of each kind is under way, in the page's words. */
export const ringChangeDoing = { join: 'joining', leave: 'leaving', zone: 'changing zone' } as const satisfies Record<RingChangeKind, string>;

export interface LiveClusterConfig {
  readonly format: 1;
  readonly clusterName: string;
  readonly nodes: readonly SavedNode[];
  readonly vnodes: number;
  readonly settings: NodeSettings;
  readonly latency: LatencyModel;
  /** Chance that a message is lost on the wire; 0 when absent. */
  readonly lossProbability?: number;
  /** Added between nodes of different zones (kept from a shared run); none when absent. */
  readonly interZoneLatency?: SimpleLatency;
  readonly seed: number;
  /** Directed links cut when last saved: a partition outlives a reload. */
  readonly cutLinks?: readonly { readonly from: string; readonly to: string }[];
  /** Simulated ms the clock starts from when opened: where it stood when last closed, or a loaded run's end. */
  readonly resumeAtMs?: number;
  /** The id counters, saved with resumeAtMs (see clusterIds.ts); absent when saved by an older version. */
  readonly nextRequestId?: number;
  readonly lastLife?: number;
  /** Each node's storage engine settings; the defaults when absent (saved before they existed). */
  readonly storage?: LiveStorageSettings;
  /** Ring changes so far (0 when absent): a node started later joins at this epoch. */
  readonly ringEpoch?: number;
  /** The ring change under way, if any: the ring at `ringEpoch` includes it. */
  readonly pendingChange?: PendingRingChange;
  /** Autoscaling settings (liveAutoscaler.ts); off with the defaults when absent. */
  readonly autoscale?: AutoscaleConfig;
}

/** The network in force: latency, loss (0 when absent) and the delay between zones, if any. */
export function networkOf(config: LiveClusterConfig): NetworkModel {
  const { latency, lossProbability, interZoneLatency } = config;
  return { latency, lossProbability: lossProbability ?? 0, ...(interZoneLatency !== undefined ? { interZoneLatency } : {}) };
}

/** The cluster's settings with node `id`'s own clock skew. */
export function nodeSettingsOf(config: LiveClusterConfig, id: string): NodeSettings {
  const skew = config.nodes.find((n) => n.id === id)?.clockSkewMs;
  return skew === undefined ? config.settings : { ...config.settings, clockSkewMs: skew };
}

/** `config` with the network's latency, loss (kept below 1) and delay between zones (gone when the network has none). */
export function withNetwork(config: LiveClusterConfig, network: NetworkModel): LiveClusterConfig {
  const next: { -readonly [K in keyof LiveClusterConfig]: LiveClusterConfig[K] } = {
    ...config,
    latency: network.latency,
    lossProbability: Math.min(0.99, Math.max(0, network.lossProbability)),
  };
  if (network.interZoneLatency === undefined) delete next.interZoneLatency;
  else next.interZoneLatency = network.interZoneLatency;
  return next;
}

/** Ring members now (the newest ring: a joining node in, a leaving one out). */
export function ringMembersOf(config: LiveClusterConfig): RingMember[] {
  const leaving = config.pendingChange?.kind === 'leave' ? config.pendingChange.id : null;
  return config.nodes.filter((n) => n.left !== true && n.id !== leaving).map(memberOf);
}

/** Ring members before the pending change (the same as now when there is none). */
export function previousMembersOf(config: LiveClusterConfig): RingMember[] {
  const p = config.pendingChange;
  if (p === undefined) return ringMembersOf(config);
  switch (p.kind) {
    case 'join':
      return ringMembersOf(config).filter((m) => m.id !== p.id);
    case 'leave':
      return config.nodes.filter((n) => n.left !== true).map(memberOf);
    case 'zone': {
      const { fromZone } = p;
      return ringMembersOf(config).map((m) => (m.id !== p.id ? m : { id: m.id, ...(fromZone !== undefined ? { zone: fromZone } : {}), ...(m.weight !== undefined ? { weight: m.weight } : {}) }));
    }
    default:
      return assertNever(p, 'ring change');
  }
}

/** `config` with each present node's colour slot as `slots` has it; null when none changes. */
export function withColourSlots(config: LiveClusterConfig, slots: ReadonlyMap<string, number>): LiveClusterConfig | null {
  let changed = false;
  const nodes = config.nodes.map((n) => {
    const colourSlot = slots.get(n.id);
    if (n.left === true || colourSlot === undefined || colourSlot === n.colourSlot) return n;
    changed = true;
    return { ...n, colourSlot };
  });
  return changed ? { ...config, nodes } : null;
}

/** Nodes that hold a place in the cluster (not left), including one that is leaving. */
export function presentNodes(config: LiveClusterConfig): SavedNode[] {
  return config.nodes.filter((n) => n.left !== true);
}

/** A saved node as the ring sees it: id, zone and weight. */
export function memberOf(n: SavedNode): RingMember {
  const id: NodeId = nodeId(n.id);
  return { id, ...(n.zone !== undefined ? { zone: n.zone } : {}), ...(n.weight !== undefined ? { weight: n.weight } : {}) };
}

/** IndexedDB's default durability, and the engine's default memtable size and tombstone grace. */
export const defaultLiveStorage: LiveStorageSettings = { durability: 'default', memtableBytesMax: defaultStorageOptions.memtableBytesMax, tombstoneGraceMs: defaultStorageOptions.tombstoneGraceMs };

/** Stands for a LAN: a few ms, spread enough that quorum replies arrive in varied orders. */
export const defaultLiveLatency: LatencyModel = { kind: 'uniform', minMs: 2, maxMs: 12 };


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
    // A new cluster's ids start at 1; only one saved without counters starts past an old version's.
    nextRequestId: 1,
    lastLife: 0,
  };
}

const configKey = (clusterName: string) => `ringlab:config:${clusterName}`;
const knownClustersKey = 'ringlab:knownClusters';
/** Clusters the switcher lists; older ones keep their data but drop off the list. */
const knownClustersMax = 12;

/**
 * Makes `clusterName` this tab's and the browser's last. Returns why it could not (a full or
 * refused storage throws on setItem) instead of throwing: the cluster still opens, and a reload
 * may then open another one, which the page says.
 */
export function rememberClusterName(clusterName: string): string | null {
  try {
    sessionStorage.setItem(tabClusterKey, clusterName);
    localStorage.setItem(lastClusterKey, clusterName);
    listClusterName(clusterName);
    return null;
  } catch (e) {
    return `the browser refused to remember this cluster as the one to open (${e instanceof Error ? e.message : String(e)}): a reload may open another cluster`;
  }
}

/**
 * Puts a saved cluster first in the switcher's list, without making it this tab's: from then on
 * no tab's sweep forgets its kept trace (a loaded cluster's replay is written before it opens).
 */
export function listClusterName(clusterName: string): void {
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

/** A brand-new cluster's seed: every random draw of its nodes derives from it. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
