// Goal: a node's frames to its peers leave when its scheduler says, and all of them leave when it
// dies (flushAll), so a frame traced as sent is never lost with the worker. Method: two PeerLinks
// over a real MessageChannel, the sender's flushes held by a scheduler the test runs by hand.
import { describe, expect, it } from 'vitest';
import { msgId, nodeId } from '../core/ids';
import type { FlushScheduler } from './packetPort';
import { cutDrops, PeerLinks } from './peerLinks';
import type { PeerFrame, PeerPacket } from './workerProtocol';

const A = nodeId('A');
const B = nodeId('B');
const frame = (n: number): PeerFrame => ({ type: 'message', msgId: msgId(n), from: A, m: { type: 'ping' }, deliverAt: 0, epoch: 0 });
const settle = () => new Promise((r) => setTimeout(r, 20));

function pair(schedule: FlushScheduler): { a: PeerLinks; received: PeerPacket[]; close: () => void } {
  const received: PeerPacket[] = [];
  const channel = new MessageChannel();
  const a = new PeerLinks(() => undefined, schedule);
  const b = new PeerLinks((p) => received.push(p));
  a.addPort(B, channel.port1);
  b.addPort(A, channel.port2);
  return { a, received, close: () => { a.closeAll(); b.closeAll(); } };
}

describe('PeerLinks', () => {
  it('frames queued in several turns travel as one packet when the scheduler runs', async () => {
    const held: (() => void)[] = [];
    const { a, received, close } = pair((f) => held.push(f));
    a.post(B, frame(1));
    a.post(B, frame(2));
    await settle();
    expect(received).toEqual([]);
    for (const f of held.splice(0)) f();
    await settle();
    expect(received.map((p) => p.map((f) => f.msgId))).toEqual([[msgId(1), msgId(2)]]);
    close();
  });

  it('flushAll posts what the scheduler still holds: a dying node’s sent frames are not lost', async () => {
    const { a, received, close } = pair(() => undefined);
    a.post(B, frame(7));
    a.flushAll();
    await settle();
    expect(received.flat().map((f) => f.msgId)).toEqual([msgId(7)]);
    close();
  });
});

describe('cutDrops', () => {
  const due = (epoch: number, deliverAt: number) => ({ epoch, deliverAt });

  it('drops a frame of the current epoch only while the link is cut', () => {
    expect(cutDrops({ cut: false, epoch: 0 }, due(0, 10))).toBe(false);
    expect(cutDrops({ cut: true, epoch: 1, cutAt: 5 }, due(1, 10))).toBe(true);
    expect(cutDrops({ cut: false, epoch: 1, cutAt: 5 }, due(1, 10))).toBe(false);
  });

  it('drops a frame the last cut found in flight, and delivers one that was due before it, cut or healed since', () => {
    for (const cut of [true, false]) {
      expect(cutDrops({ cut, epoch: 1, cutAt: 20 }, due(0, 25))).toBe(true);
      expect(cutDrops({ cut, epoch: 1, cutAt: 20 }, due(0, 20))).toBe(true);
      expect(cutDrops({ cut, epoch: 1, cutAt: 20 }, due(0, 19.5))).toBe(false);
    }
  });

  it('drops a frame from before an earlier cut, and any older frame when the cut’s time is unknown (a restored cut)', () => {
    expect(cutDrops({ cut: true, epoch: 2, cutAt: 40 }, due(0, 10))).toBe(true);
    expect(cutDrops({ cut: true, epoch: 1 }, due(0, 10))).toBe(true);
  });
});
