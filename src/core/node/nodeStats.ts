/** What a node's `stats()` reports, for inspectors, reports and the bench. Pure data. */
import type { ExchangeSummary } from './antiEntropy';
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
