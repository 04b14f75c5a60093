// One worker's view of the network: a MessagePort per live peer and the state (cut, epoch) of
// each directed link it takes part in. Moves frames; decides nothing about the protocol.
import type { NodeId } from '../core/ids';
import type { LinkState, PeerFrame } from './workerProtocol';

/** A link never cut: open, epoch 0. */
const openLink = { cut: false, epoch: 0 } as const;

export class PeerLinks {
  private readonly ports = new Map<NodeId, MessagePort>();
  private readonly links = new Map<string, LinkState>();

  constructor(private readonly onFrame: (frame: PeerFrame) => void) {}

  /** A new channel to `peer` (at start, or when either side restarted) replaces the old one. */
  addPort(peer: NodeId, port: MessagePort): void {
    this.ports.get(peer)?.close();
    port.onmessage = (ev: MessageEvent<PeerFrame>) => this.onFrame(ev.data);
    this.ports.set(peer, port);
  }

  removePeer(peer: NodeId): void {
    this.ports.get(peer)?.close();
    this.ports.delete(peer);
  }

  hasPeer(peer: NodeId): boolean {
    return this.ports.has(peer);
  }

  setLink(link: LinkState): void {
    this.links.set(linkName(link.from, link.to), link);
  }

  link(from: NodeId, to: NodeId): { readonly cut: boolean; readonly epoch: number } {
    return this.links.get(linkName(from, to)) ?? openLink;
  }

  /** Posts a frame to `to`; false when there is no channel (the peer is down). */
  post(to: NodeId, frame: PeerFrame): boolean {
    const port = this.ports.get(to);
    if (port === undefined) return false;
    port.postMessage(frame);
    return true;
  }

  closeAll(): void {
    for (const port of this.ports.values()) port.close();
    this.ports.clear();
  }
}

export function linkName(from: NodeId, to: NodeId): string {
  return `${from}\u0000${to}`;
}
