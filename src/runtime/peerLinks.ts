// One worker's view of the network: a MessagePort per live peer and the state (cut, epoch) of
// each directed link it takes part in. Moves frames, one packet per peer per turn; decides
// nothing about the protocol.
import type { NodeId } from '../core/ids';
import type { FlushScheduler, PacketCounts } from './packetPort';
import { onPackets, PacketPort } from './packetPort';
import type { LinkState, PeerFrame, PeerPacket } from './workerProtocol';

/** A link never cut: open, epoch 0. */
const openLink = { cut: false, epoch: 0 } as const;

export class PeerLinks {
  private readonly ports = new Map<NodeId, PacketPort<PeerFrame>>();
  /** By sender, then receiver: looked up twice per frame, so no key string is built per lookup. */
  private readonly links = new Map<NodeId, Map<NodeId, LinkState>>();
  /** Over every peer port, for the stats. */
  readonly sent: PacketCounts = { packets: 0, items: 0 };

  constructor(
    private readonly onPacket: (frames: PeerPacket) => void,
    /** When queued frames go out; undefined: at the end of the task that sent them. */
    private readonly schedule?: FlushScheduler,
  ) {}

  /** A new channel to `peer` (at start, or when either side restarted) replaces the old one. */
  addPort(peer: NodeId, port: MessagePort): void {
    this.ports.get(peer)?.close();
    onPackets<PeerFrame>(port, this.onPacket);
    this.ports.set(peer, new PacketPort(port, this.schedule, this.sent));
  }

  removePeer(peer: NodeId): void {
    this.ports.get(peer)?.close();
    this.ports.delete(peer);
  }

  hasPeer(peer: NodeId): boolean {
    return this.ports.has(peer);
  }

  setLink(link: LinkState): void {
    let from = this.links.get(link.from);
    if (from === undefined) this.links.set(link.from, (from = new Map<NodeId, LinkState>()));
    from.set(link.to, link);
  }

  link(from: NodeId, to: NodeId): Pick<LinkState, 'cut' | 'epoch' | 'cutAt'> {
    return this.links.get(from)?.get(to) ?? openLink;
  }

  /** Queues a frame for `to` (posted with the others when the scheduler says); false when there is no channel (the peer is down). */
  post(to: NodeId, frame: PeerFrame): boolean {
    const port = this.ports.get(to);
    if (port === undefined) return false;
    port.push(frame);
    return true;
  }

  /** Posts every frame still queued now (a node about to die sent them before it died). */
  flushAll(): void {
    for (const port of this.ports.values()) port.flush();
  }

  closeAll(): void {
    for (const port of this.ports.values()) port.close();
    this.ports.clear();
  }
}

export function linkName(from: NodeId, to: NodeId): string {
  return `${from}\u0000${to}`;
}

/**
 * True when a cut drops `frame` at its receiver, whose link state is `link`. A frame sent on the
 * link's current epoch is dropped while the link is cut. One sent before the last cut was in
 * flight when it came, and is dropped, unless it was due before the cut: a busy sender may hold
 * a frame past its delivery time (packetPort's whenIdle), and the simulator would have delivered
 * it then. Only the last cut's time is known: a frame from before an earlier one is dropped.
 */
export function cutDrops(link: Pick<LinkState, 'cut' | 'epoch' | 'cutAt'>, frame: Pick<PeerFrame, 'epoch' | 'deliverAt'>): boolean {
  if (frame.epoch >= link.epoch) return link.cut;
  return frame.epoch < link.epoch - 1 || link.cutAt === undefined || frame.deliverAt >= link.cutAt;
}
