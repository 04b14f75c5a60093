// The live cluster's links, seen from the main thread: cut and heal directed links, partition
// and heal all. Each change goes to both ends' workers (the sender checks cuts at send time, the
// receiver drops by epoch) and into the trace. Messages themselves never pass through here.
import type { NodeId } from '../core/ids';
import { nodeId } from '../core/ids';
import type { HostTraceEvent } from '../core/trace';
import { LinkTable } from './linkTable';
import type { NodeHandle } from './nodeHandle';
import type { LinkState } from './workerProtocol';

export interface NetworkHost {
  members(): NodeId[];
  handle(id: NodeId): NodeHandle | undefined;
  traceHost(lane: NodeId, e: HostTraceEvent): void;
  changed(): void;
  /** The cluster's simulated time: when a cut happens. */
  now(): number;
}

export class LiveNetwork {
  private readonly table = new LinkTable();

  constructor(private readonly host: NetworkHost) {}

  /** Every link state a restarted worker must know (healed links too: epochs matter). */
  all(): LinkState[] {
    return this.table.all();
  }

  cutLinks(): { from: NodeId; to: NodeId }[] {
    return this.table.cutLinks();
  }

  /** Cuts a → b, and b → a unless oneWay. What is in flight on a cut link is dropped. */
  cut(a: NodeId, b: NodeId, oneWay = false): void {
    const at = this.host.now();
    this.apply(this.table.cut(a, b, at), 'linkCut');
    if (!oneWay) this.apply(this.table.cut(b, a, at), 'linkCut');
  }

  /**
   * Cuts the links a reload found cut, before any worker runs (each gets them with its start):
   * no trace event and no save, since the cut happened, and was kept, before the reload.
   */
  restore(cut: readonly { readonly from: string; readonly to: string }[]): void {
    for (const l of cut) this.table.cut(nodeId(l.from), nodeId(l.to));
  }

  heal(a: NodeId, b: NodeId, oneWay = false): void {
    this.apply(this.table.heal(a, b), 'linkHealed');
    if (!oneWay) this.apply(this.table.heal(b, a), 'linkHealed');
  }

  /** Cuts every link between nodes of different groups; a node in no group is alone. */
  partition(groups: readonly (readonly NodeId[])[]): void {
    const groupOf = new Map<NodeId, number>();
    groups.forEach((g, i) => g.forEach((id) => groupOf.set(id, i)));
    const members = this.host.members();
    for (const a of members) for (const b of members) {
      if (a !== b && (groupOf.get(a) ?? `solo:${a}`) !== (groupOf.get(b) ?? `solo:${b}`)) this.cut(a, b, true);
    }
  }

  healAll(): void {
    for (const { from, to } of this.table.cutLinks()) this.heal(from, to, true);
  }

  private apply(link: LinkState | null, type: 'linkCut' | 'linkHealed'): void {
    if (link === null) return;
    void this.host.handle(link.from)?.api.setLink(link);
    void this.host.handle(link.to)?.api.setLink(link);
    this.host.traceHost(link.from, { type, to: link.to });
    this.host.changed();
  }
}
