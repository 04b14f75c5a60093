// Goal: what one task sends on a port arrives as one packet, in send order, and the next task's
// items go in the next packet; nothing is held past the task. Method: a real MessageChannel.
import { describe, expect, it } from 'vitest';
import { afterQueuedTasks, PacketPort } from './packetPort';

function receive(port: MessagePort, packets: number): Promise<number[][]> {
  const got: number[][] = [];
  return new Promise((resolve) => {
    port.onmessage = (ev: MessageEvent<number[]>) => {
      got.push(ev.data);
      if (got.length === packets) resolve(got);
    };
  });
}

describe('PacketPort', () => {
  it('sends the items of one task as one packet, in order, and the next task’s apart', async () => {
    const channel = new MessageChannel();
    const out = new PacketPort<number>(channel.port1);
    const arrived = receive(channel.port2, 2);
    for (let i = 0; i < 5; i++) out.push(i);
    setTimeout(() => out.push(5), 0);
    expect(await arrived).toEqual([[0, 1, 2, 3, 4], [5]]);
    channel.port1.close();
    channel.port2.close();
  });

  it('counts the packets it posts and the items they carry', async () => {
    const channel = new MessageChannel();
    const counts = { packets: 0, items: 0 };
    const out = new PacketPort<number>(channel.port1, undefined, counts);
    const arrived = receive(channel.port2, 2);
    for (let i = 0; i < 3; i++) out.push(i);
    setTimeout(() => out.push(3), 0);
    const packets = await arrived;
    expect(counts).toEqual({ packets: packets.length, items: packets.flat().length });
    channel.port1.close();
    channel.port2.close();
  });

  it('close sends what is queued first', async () => {
    const channel = new MessageChannel();
    const out = new PacketPort<number>(channel.port1);
    const arrived = receive(channel.port2, 1);
    out.push(7);
    out.close();
    expect(await arrived).toEqual([[7]]);
    channel.port2.close();
  });
});

describe('afterQueuedTasks', () => {
  it('gathers what later microtasks and already-queued messages send into one packet', async () => {
    const channel = new MessageChannel();
    const inbox = new MessageChannel();
    const out = new PacketPort<number>(channel.port1, afterQueuedTasks());
    const arrived = receive(channel.port2, 2);
    // Two messages already queued when the first send happens: what each one's handler sends
    // travels in the same packet, as the page's requests sent from two nodes' replies do.
    inbox.port2.onmessage = (ev: MessageEvent<number>) => void Promise.resolve().then(() => out.push(ev.data));
    inbox.port1.postMessage(1);
    inbox.port1.postMessage(2);
    await new Promise((r) => setTimeout(r, 20));
    out.push(3);
    expect(await arrived).toEqual([[1, 2], [3]]);
    for (const p of [channel.port1, channel.port2, inbox.port1, inbox.port2]) p.close();
  });
});
