// One node's place in the simulated cluster (its disk, its seeded randomness, its current life)
// and what can be read from all of them without changing the run: replica contents, how each
// member ended, stats. SimCluster (simCluster.ts) owns the slots and drives them.
import type { ClientRequest } from '../core/clientApi';
import type { Timer } from '../core/env';
import type { NodeId } from '../core/ids';
import type { Message } from '../core/messages';
import type { StoreNode, AdoptedEntry, NodeStats } from '../core/node/storeNode';
import { maxHintedKeys } from '../core/node/hintStore';
import type { Random } from '../core/prng';
import type { Version } from '../core/versions/version';
import type { SimStorage } from './simDisk';
import type { SimClusterConfig, SimNodeSpec } from './simConfig';

/** What the event loop hands messages, timers and client requests to (simLoop.ts). */
export interface HostedNode {
  onMessage(from: NodeId, m: Message): void;
  onTimer(t: Timer): void;
  onClientRequest(req: ClientRequest): void;
}

/**
 * A store node in the cluster; the loop is generic over `N` only so that the simulator bench can
 * measure the event machinery with trivial nodes (bench/simCeiling.ts).
 */
export interface Slot<N extends HostedNode = StoreNode> {
  /** Its id, zone and weight; the zone changes when the node is moved to another zone. */
  spec: SimNodeSpec;
  readonly disk: SimStorage;
  readonly random: Random;
  node: N | null;
  /** Bumped at every start and kill: timers of an earlier life never fire. */
  generation: number;
  incarnation: number;
  member: boolean;
  /** Streaming its ranges away before it leaves the cluster. */
  leaving: boolean;
}

export type Slots = ReadonlyMap<NodeId, Slot>;

export type SimNodeStats = NodeStats & { alive: boolean; diskAppends: number; diskRecords: number };

/** A member's versions of every key: a live node's engine, else its disk (what it will come back with). */
function keysOf(slot: Slot, conflicts: SimClusterConfig['conflicts']): ReadonlyMap<string, readonly Version[]> {
  let live: ReadonlyMap<string, readonly Version[]> | undefined;
  // A node still opening its engine has nothing in memory yet: its disk is what it holds.
  slot.node?.scanReplica((r) => {
    if (r.ok) live = r.keys;
  }, slot.disk.instantIo());
  return live ?? slot.disk.durableKeys(conflicts);
}

/**
 * Each member's versions of every key, read directly: a live node's storage engine (memtables
 * and SSTables), a dead node's disk. Blocks are read through the device's instant view, so
 * looking does not change the run.
 */
export function replicaStateOf(slots: Slots, conflicts: SimClusterConfig['conflicts']): { node: NodeId; key: string; versions: readonly Version[] }[] {
  const out: { node: NodeId; key: string; versions: readonly Version[] }[] = [];
  for (const [id, slot] of slots) {
    if (!slot.member) continue;
    for (const [key, versions] of keysOf(slot, conflicts)) if (versions.length > 0) out.push({ node: id, key, versions });
  }
  return out;
}

/** How a member ended (its zone and weight, up or down, wipe count, hints held): to load the run elsewhere. */
export interface MemberEnd {
  readonly id: NodeId;
  readonly zone: string | undefined;
  readonly weight: number | undefined;
  readonly alive: boolean;
  readonly incarnation: number;
  readonly hints: AdoptedEntry[];
}

export function memberEndsOf(slots: Slots): MemberEnd[] {
  return [...slots].filter(([, s]) => s.member).map(([id, slot]) => {
    const held = slot.node?.hintsHeld(maxHintedKeys).flatMap((h) => h.keys.map((k) => ({ ...k, hintFor: h.owner })));
    const onDisk = [...slot.disk.hints.durableRecords()].filter((r) => r.hintFor !== undefined && r.versions.length > 0);
    const hints = held ?? onDisk.map((r) => ({ key: r.key, versions: r.versions, hintFor: r.hintFor }));
    return { id, zone: slot.spec.zone, weight: slot.spec.weight, alive: slot.node !== null, incarnation: slot.incarnation, hints };
  });
}

export function nodeStatsOf(slots: Slots): Record<string, SimNodeStats> {
  const out: Record<string, SimNodeStats> = {};
  for (const [id, slot] of slots) {
    if (!slot.member) continue;
    const s = slot.node?.stats() ?? { keys: 0, openRequests: 0, unreachablePeers: [], membership: [], hints: [], antiEntropy: null, antiEntropyKeysReceived: 0, storage: null };
    out[id] = { ...s, alive: slot.node !== null, diskAppends: slot.disk.appends, diskRecords: slot.disk.recordsAppended };
  }
  return out;
}

/** Keys held by live members, counting each replica copy. */
export function keyCountOf(slots: Slots): number {
  let n = 0;
  for (const slot of slots.values()) if (slot.member && slot.node !== null) n += slot.node.stats().keys;
  return n;
}
