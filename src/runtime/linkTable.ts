// The main thread's truth about links: which directed links are cut, and each link's epoch (how
// many times it was cut). Workers get a copy of each change; this table is what a restart sends.
import type { NodeId } from '../core/ids';
import { linkName } from './peerLinks';
import type { LinkState } from './workerProtocol';

export class LinkTable {
  private readonly links = new Map<string, LinkState>();

  /** Cuts from → to at simulated time `atMs` (unknown for a restored cut); returns the new state, or null if it was already cut. */
  cut(from: NodeId, to: NodeId, atMs?: number): LinkState | null {
    const now = this.get(from, to);
    if (now.cut) return null;
    const next: LinkState = atMs === undefined ? { from, to, cut: true, epoch: now.epoch + 1 } : { from, to, cut: true, epoch: now.epoch + 1, cutAt: atMs };
    this.links.set(linkName(from, to), next);
    return next;
  }

  /** Heals from → to; returns the new state, or null if it was not cut. The epoch stays. */
  heal(from: NodeId, to: NodeId): LinkState | null {
    const now = this.get(from, to);
    if (!now.cut) return null;
    const next = { ...now, cut: false };
    this.links.set(linkName(from, to), next);
    return next;
  }

  get(from: NodeId, to: NodeId): LinkState {
    return this.links.get(linkName(from, to)) ?? { from, to, cut: false, epoch: 0 };
  }

  /** Every link ever cut (healed ones too: their epochs matter to messages still in flight). */
  all(): LinkState[] {
    return [...this.links.values()];
  }

  cutLinks(): { from: NodeId; to: NodeId }[] {
    return this.all().filter((l) => l.cut).map(({ from, to }) => ({ from, to }));
  }
}
