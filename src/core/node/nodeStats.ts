/** What a node's `stats()` reports, for inspectors, reports and the bench, and how it is gathered. */
import type { AntiEntropy, ExchangeSummary } from './antiEntropy';
import type { Coordinator } from './coordinator';
import type { NodeContext } from './nodeContext';
import type { NodeId } from '../ids';
import type { StorageStats } from '../storage';
import type { MemberStatus } from './membership';

export interface NodeStats {
  readonly keys: number;
  readonly openRequests: number;
  readonly unreachablePeers: NodeId[];
  readonly membership: { id: NodeId; heartbeat: number; status: MemberStatus }[];
  readonly hints: { owner: NodeId; keys: number }[];
  readonly antiEntropy: ExchangeSummary | null;
  readonly antiEntropyKeysReceived: number;
  /** The storage engine's figures (log, memtable, SSTables, bloom filters, caches); null until it opens. */
  readonly storage: StorageStats | null;
}

/** A node's figures now, from its parts. */
export function nodeStatsOf(ctx: NodeContext, coordinator: Coordinator, antiEntropy: AntiEntropy): NodeStats {
  const { store, view, membership } = ctx;
  return {
    keys: store.keyCount,
    openRequests: coordinator.openRequests,
    unreachablePeers: view.unreachablePeers(),
    membership: membership.snapshot(),
    hints: store.hintOwners(),
    antiEntropy: antiEntropy.last,
    antiEntropyKeysReceived: antiEntropy.keysReceivedTotal,
    storage: store.stats(),
  };
}
