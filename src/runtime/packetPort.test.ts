// Goal: what one task sends on a port arrives as one packet, in send order, and the next task's
// items go in the next packet; nothing is held past the task, or past the thread's next idle
// moment with whenIdle, and no port holds more than packetItemsMax items. Method: a real
// MessageChannel; for whenIdle, a stand-in `scheduler` whose background tasks the test runs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterQueuedTasks, idleWaitMsMax, onPackets, PacketPort, packetItemsMax, whenIdle } from './packetPort';

function receive(port: MessagePort, packets: number): Promise<number[][]> {
  const got: number[][] = [];
  return new Promise((resolve) => {
    onPackets<number>(port, (items) => {
      got.push(items);
      if (got.length === packets) resolve(got);
    });
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

  it('items arrive as they were sent: strings, nested objects and lists', async () => {
    const channel = new MessageChannel();
    const out = new PacketPort<unknown>(channel.port1);
    const got = new Promise<unknown[]>((resolve) => onPackets<unknown>(channel.port2, resolve));
    const items = [{ key: 'k\u0000\ud800"', versions: [{ value: { a: [1, null, true] }, clock: JSON.parse('{"__proto__": 2}') as unknown }] }, 'plain', 1.5];
    for (const item of items) out.push(item);
    const [first] = (await got) as [{ key: string; versions: [{ clock: object }] }];
    expect(await got).toEqual(items);
    // A lone surrogate and an own key named __proto__ (both user input) come through as they were.
    expect(first.key).toBe('k\u0000\ud800"');
    expect(Object.keys(first.versions[0].clock)).toEqual(['__proto__']);
    channel.port1.close();
    channel.port2.close();
  });

  it('posts a packet at once when it reaches packetItemsMax items, however long its scheduler waits', async () => {
    const channel = new MessageChannel();
    const out = new PacketPort<number>(channel.port1, () => undefined);
    const arrived = receive(channel.port2, 1);
    for (let i = 0; i <= packetItemsMax; i++) out.push(i);
    expect((await arrived)[0]).toHaveLength(packetItemsMax);
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

describe('whenIdle', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  /** A stand-in for the browser's scheduler: the test runs its background tasks by hand. */
  function stubScheduler(): { posted: { run: () => void; priority: unknown }[] } {
    const posted: { run: () => void; priority: unknown }[] = [];
    vi.stubGlobal('scheduler', {
      postTask: (run: () => void, options?: { priority?: string }) => {
        posted.push({ run, priority: options?.priority });
        return Promise.resolve();
      },
    });
    return { posted };
  }

  it('runs every port’s flush of a turn in one background task, in order', () => {
    const { posted } = stubScheduler();
    const schedule = whenIdle();
    const ran: string[] = [];
    schedule(() => ran.push('peer'));
    schedule(() => ran.push('replies'));
    expect(posted.map((p) => p.priority)).toEqual(['background']);
    expect(ran).toEqual([]);
    posted[0]?.run();
    expect(ran).toEqual(['peer', 'replies']);
    schedule(() => ran.push('next turn'));
    expect(posted).toHaveLength(2);
  });

  it('does not wait for a thread that stays busy: a turn that begins idleWaitMsMax later runs what waits', () => {
    const { posted } = stubScheduler();
    let nowMs = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => nowMs);
    const schedule = whenIdle();
    const ran: string[] = [];
    schedule(() => ran.push('first'));
    nowMs += idleWaitMsMax / 2;
    schedule(() => ran.push('soon'));
    expect(ran).toEqual([]);
    nowMs += idleWaitMsMax;
    schedule(() => ran.push('late'));
    expect(ran).toEqual(['first', 'soon', 'late']);
    // The background task still comes; it finds nothing left to run.
    posted[0]?.run();
    expect(ran).toEqual(['first', 'soon', 'late']);
  });

  it('sends what waits idleWaitMsMax into the wait even when no background task ever runs and nothing else is sent', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { posted } = stubScheduler();
      const schedule = whenIdle();
      const ran: string[] = [];
      schedule(() => ran.push('only'));
      vi.advanceTimersByTime(idleWaitMsMax - 1);
      expect(ran).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(ran).toEqual(['only']);
      // The next wait is served by the background task still pending (one at most), or its own timer.
      schedule(() => ran.push('next'));
      expect(posted).toHaveLength(1);
      posted[0]?.run();
      expect(ran).toEqual(['only', 'next']);
      schedule(() => ran.push('third'));
      expect(posted).toHaveLength(2);
      vi.advanceTimersByTime(idleWaitMsMax);
      expect(ran).toEqual(['only', 'next', 'third']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a flush that throws does not keep the turn’s other flushes from running', () => {
    const { posted } = stubScheduler();
    const schedule = whenIdle();
    const ran: string[] = [];
    schedule(() => {
      throw new Error('cannot encode');
    });
    schedule(() => ran.push('other port'));
    expect(() => posted[0]?.run()).toThrow('cannot encode');
    expect(ran).toEqual(['other port']);
  });

  it('a port whose flush a busy turn ran at once still sends the item that began it', async () => {
    stubScheduler();
    let nowMs = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => nowMs);
    const schedule = whenIdle();
    const channel = new MessageChannel();
    const out = new PacketPort<number>(channel.port1, schedule);
    const arrived = receive(channel.port2, 1);
    schedule(() => undefined);
    nowMs += 2 * idleWaitMsMax;
    out.push(1);
    expect(await arrived).toEqual([[1]]);
    channel.port1.close();
    channel.port2.close();
  });
});
