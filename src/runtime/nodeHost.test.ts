// Goal: the worker-side host keeps the live network's promises: quorum requests work over
// MessagePorts, a cut link drops at send time, a message stamped with an older link epoch is
// dropped on arrival, and pause freezes delivery until resume. Method: like comlink's own tests,
// run two NodeHosts in one process over a real MessageChannel, no Worker spawned, with an
// in-memory storage engine device (completing on a later task, as IndexedDB does) and a fixed latency.
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientReply, ClientRequest } from '../core/clientApi';
import type { Disk, LogRecord, NodeStorage } from '../core/disk';
import type { NodeId } from '../core/ids';
import { clientId, msgId, nodeId, requestId } from '../core/ids';
import { defaultNodeSettings } from '../core/node/settings';
import { defaultStorageOptions, lz77Compressor, MemoryDevice } from '../core/storage';
import type { Version } from '../core/versions/version';
import type { TraceEvent } from '../core/trace';
import { NodeHost } from './nodeHost';
import { deviceWhenOpen, failedDevice } from './storage/agendaStorage';
import { SimClock, wallClockMs } from './simClock';
import { TraceBatcher } from './traceBatcher';
import { decodeEvents } from './traceDecoder';
import type { WorkerEvent } from './workerProtocol';

const A = nodeId('A');
const B = nodeId('B');

/** Node storage on a memory device; while `hold()` answers a list, completions wait there for the test to run them. */
function memoryStorage(hold: () => (() => void)[] | undefined = () => undefined): NodeStorage {
  const device = new MemoryDevice((_op, complete) => {
    const held = hold();
    if (held === undefined) setTimeout(complete, 0);
    else held.push(complete);
  });
  return { device, compressor: lz77Compressor, options: defaultStorageOptions, hints: memoryDisk() };
}

/** The versions a host's node holds for `key`, read through a full scan of its storage engine. */
function versionsOf(host: NodeHost, key: string): Promise<readonly Version[]> {
  return new Promise((resolve, reject) =>
    host.node.scanReplica((r) => {
      if (r.ok) resolve(r.keys.get(key) ?? []);
      else reject(new Error(r.message));
    }),
  );
}

function memoryDisk(): Disk {
  const records = new Map<string, LogRecord>();
  return {
    append: (rs, done) => setTimeout(() => {
      for (const r of rs) records.set(r.key, r);
      done({ ok: true });
    }, 0),
    replay: (done) => setTimeout(() => done({ ok: true, records: [...records.values()] }), 0),
  };
}

interface Rig {
  readonly hosts: Record<'A' | 'B', NodeHost>;
  readonly clock: SimClock;
  readonly trace: TraceEvent[];
  stop(): void;
}

/** Zones of A and B, and the delay added between zones; none by default. */
interface RigOptions {
  readonly zones?: { readonly A: string; readonly B: string };
  readonly interZoneLatency?: { readonly kind: 'fixed'; readonly ms: number };
  /** A's disk completions wait here once A has started, for the test to run them. */
  readonly heldAtA?: (() => void)[];
  /** A's database cannot open, with this message: its device fails everything, as the worker makes it. */
  readonly unopenedAtA?: string;
  /** A's packets wait here, for the test to send them (a busy worker holds its frames). */
  readonly heldPacketsAtA?: (() => void)[];
}

async function rig(options: RigOptions = {}): Promise<Rig> {
  const clock = new SimClock({ simTime: 0, realTime: wallClockMs(), speed: 1, paused: false });
  const trace: TraceEvent[] = [];
  const ports: MessagePort[] = [];
  const make = (id: NodeId, life: number) => {
    const events = new MessageChannel();
    events.port1.onmessage = (ev: MessageEvent<WorkerEvent>) => {
      if (ev.data.type === 'trace') trace.push(...decodeEvents<TraceEvent>(ev.data.bytes));
    };
    ports.push(events.port1, events.port2);
    const settings = { ...defaultNodeSettings, n: 2, w: 2, r: 2, requestTimeoutMs: 150 };
    const members = [
      { id: A, ...(options.zones !== undefined ? { zone: options.zones.A } : {}) },
      { id: B, ...(options.zones !== undefined ? { zone: options.zones.B } : {}) },
    ];
    const params = { id, incarnation: 0, members, vnodes: 8, ...(options.interZoneLatency !== undefined ? { interZoneLatency: options.interZoneLatency } : {}), settings, clusterName: 't', seed: 1, life, latency: { kind: 'fixed', ms: 5 } as const, clock: clock.current, links: [], events: events.port2, storage: { durability: 'default', memtableBytesMax: 1024 } } as const;
    // Recovery needs its completions: A's are held only once it has started.
    const hold = () => (id === A && started ? options.heldAtA : undefined);
    const storage = memoryStorage(hold);
    const unopened = id === A ? options.unopenedAtA : undefined;
    const device = unopened === undefined ? storage.device : deviceWhenOpen(Promise.resolve(failedDevice(unopened)));
    const held = id === A ? options.heldPacketsAtA : undefined;
    return new NodeHost(params, { ...storage, device }, clock, new TraceBatcher(events.port2), held === undefined ? undefined : (f) => held.push(f));
  };
  let started = false;
  const hosts = { A: make(A, 1), B: make(B, 2) };
  const link = new MessageChannel();
  hosts.A.links.addPort(B, link.port1);
  hosts.B.links.addPort(A, link.port2);
  await Promise.all([hosts.A.start(), hosts.B.start()]);
  started = true;
  return {
    hosts,
    clock,
    trace,
    stop: () => {
      hosts.A.stop();
      hosts.B.stop();
      for (const p of ports) p.close();
    },
  };
}

let nextReq = 1;
function put(host: NodeHost, key: string, value: string): Promise<ClientReply> {
  const req: ClientRequest = { reqId: requestId(nextReq++), client: clientId('c'), op: { kind: 'put', key, value, context: {} } };
  return host.request(req);
}

const flushTrace = () => new Promise((r) => setTimeout(r, 40));

let current: Rig | null = null;
afterEach(() => {
  current?.stop();
  current = null;
});

describe('NodeHost over a MessageChannel', () => {
  it('a put with W=2 succeeds once both replicas stored it durably', async () => {
    current = await rig();
    const reply = await put(current.hosts.A, 'k', 'v');
    expect(reply.ok).toBe(true);
    if (reply.ok) expect([...reply.replicas].sort()).toEqual([A, B]);
    expect((await versionsOf(current.hosts.B, 'k')).map((v) => v.value)).toEqual(['v']);
  });

  it('traces a client’s request and the reply with their delivery times, where their hops are sampled', async () => {
    current = await rig();
    expect((await put(current.hosts.A, 'hop', 'v')).ok).toBe(true);
    await flushTrace();
    const hops = current.trace.filter((e) => e.type === 'clientHop');
    const [request, reply] = hops;
    expect(hops.map((e) => [e.leg, e.node, e.to])).toEqual([
      ['request', 'c', A],
      ['reply', A, 'c'],
    ]);
    // The request lands when the node takes it; the reply leaves when the quorum answered.
    const taken = current.trace.find((e) => e.type === 'clientRequest' && e.node === A);
    const quorum = current.trace.find((e) => e.type === 'quorum');
    expect(request?.type === 'clientHop' ? request.deliverAt - request.at : NaN).toBeCloseTo(5, 0);
    expect(taken?.at).toBeGreaterThanOrEqual(request?.type === 'clientHop' ? request.deliverAt : Infinity);
    expect(reply?.at).toBeCloseTo(quorum?.at ?? NaN, 0);
    expect(reply?.type === 'clientHop' ? reply.deliverAt - reply.at : NaN).toBeCloseTo(5, 0);
  });

  it('between zones a message takes the inter-zone delay on top of the link’s; within a zone it does not', async () => {
    const hopsOf = async (zones: { A: string; B: string }) => {
      current = await rig({ zones, interZoneLatency: { kind: 'fixed', ms: 40 } });
      expect((await put(current.hosts.A, 'k', 'v')).ok).toBe(true);
      await flushTrace();
      const hops = current.trace.flatMap((e) => (e.type === 'send' && e.node === A && e.to === B ? [e.deliverAt - e.at] : []));
      current.stop();
      current = null;
      return hops;
    };
    const apart = await hopsOf({ A: 'z1', B: 'z2' });
    expect(apart.length).toBeGreaterThan(0);
    for (const ms of apart) expect(ms).toBeCloseTo(45, 0);
    const together = await hopsOf({ A: 'z1', B: 'z1' });
    expect(together.length).toBeGreaterThan(0);
    for (const ms of together) expect(ms).toBeCloseTo(5, 0);
  });

  it('a cut link drops at send time, traces the drop, and the put times out', async () => {
    current = await rig();
    const cut = { from: A, to: B, cut: true, epoch: 1 };
    current.hosts.A.links.setLink(cut);
    current.hosts.B.links.setLink(cut);
    const reply = await put(current.hosts.A, 'k', 'v');
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toBe('timeout');
    await flushTrace();
    expect(current.trace.some((e) => e.type === 'drop' && e.node === A && e.to === B && e.reason === 'cut')).toBe(true);
    expect(await versionsOf(current.hosts.B, 'k')).toEqual([]);
  });

  it('a message stamped with an older link epoch is dropped on arrival, even after a heal', async () => {
    current = await rig();
    // B has heard of a cut and heal of A → B that A has not heard of yet: A still stamps epoch 0.
    current.hosts.B.links.setLink({ from: A, to: B, cut: false, epoch: 1 });
    const reply = await put(current.hosts.A, 'k', 'v');
    expect(reply.ok).toBe(false);
    await flushTrace();
    const drops = current.trace.filter((e) => e.type === 'drop' && e.reason === 'cut');
    expect(drops.length).toBeGreaterThan(0);
    expect(await versionsOf(current.hosts.B, 'k')).toEqual([]);
  });

  it('a frame its busy sender held past its delivery time is delivered after a later cut, and one due after the cut is dropped', async () => {
    const heldPacketsAtA: (() => void)[] = [];
    current = await rig({ heldPacketsAtA });
    const { hosts, clock } = current;
    const first = put(hosts.A, 'due-before', 'v');
    // Due 5 ms after it was sent; the cut of A → B comes 30 ms later, before A sends it.
    await new Promise((r) => setTimeout(r, 30));
    const cut = { from: A, to: B, cut: true, epoch: 1, cutAt: clock.now() };
    hosts.A.links.setLink(cut);
    hosts.B.links.setLink(cut);
    for (const f of heldPacketsAtA.splice(0)) f();
    expect((await first).ok).toBe(true);
    expect((await versionsOf(hosts.B, 'due-before')).map((v) => v.value)).toEqual(['v']);
    // Healed; then a second cut (and heal) comes as the next write is sent, due 5 ms later: B
    // hears of it before A sends the write, and drops it.
    hosts.A.links.setLink({ ...cut, cut: false });
    hosts.B.links.setLink({ ...cut, cut: false });
    const asked = clock.now();
    const later = put(hosts.A, 'due-after', 'w');
    await new Promise((r) => setTimeout(r, 20));
    hosts.B.links.setLink({ from: A, to: B, cut: false, epoch: 2, cutAt: asked });
    for (const f of heldPacketsAtA.splice(0)) f();
    expect((await later).ok).toBe(false);
    await flushTrace();
    expect(current.trace.filter((e) => e.type === 'drop' && e.reason === 'cut').length).toBeGreaterThan(0);
    expect(await versionsOf(hosts.B, 'due-after')).toEqual([]);
  });

  it('a killed node traces the messages it held undelivered as dropped (dead)', async () => {
    current = await rig();
    const { hosts, clock } = current;
    hosts.A.links.post(B, { type: 'message', msgId: msgId(77), from: A, m: { type: 'ping' }, deliverAt: clock.now() + 60_000, epoch: 0 });
    await new Promise((r) => setTimeout(r, 30));
    expect(hosts.B.stats().agenda).toBeGreaterThan(0);
    hosts.B.kill();
    await flushTrace();
    expect(current.trace.filter((e) => e.type === 'drop' && e.msgId === msgId(77)).map((e) => e.type === 'drop' && e.reason)).toEqual(['dead']);
  });

  it('the timers of answered requests leave the agenda at once, not when they would have fired', async () => {
    current = await rig();
    const host = current.hosts.A;
    const before = host.stats().agenda;
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => put(host, `k${i}`, 'v')));
    expect(replies.every((r) => r.ok)).toBe(true);
    // Each request set a request timeout and a replica timeout (150 ms and less) and cleared
    // both when answered, well before either was due; kept until then, they were 40 items more.
    expect(host.stats().agenda).toBeLessThan(before + 5);
  });

  it('pause freezes delivery and timers; resume finishes the request', async () => {
    current = await rig();
    const { clock } = current;
    clock.set({ ...clock.current, simTime: clock.now(), realTime: wallClockMs(), paused: true });
    current.hosts.A.clockChanged();
    current.hosts.B.clockChanged();
    let settled = false;
    const pending = put(current.hosts.A, 'k', 'v').then((r) => {
      settled = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    expect(current.hosts.A.stats().agenda).toBeGreaterThan(0);
    clock.set({ ...clock.current, simTime: clock.now(), realTime: wallClockMs(), paused: false });
    current.hosts.A.clockChanged();
    current.hosts.B.clockChanged();
    expect((await pending).ok).toBe(true);
  });

  it('a node whose database cannot open says so, and fails the requests that need its disk', async () => {
    current = await rig({ unopenedAtA: 'opening the node database failed: quota used up' });
    expect((await put(current.hosts.A, 'k', 'v')).ok).toBe(false);
    await flushTrace();
    const errors = current.trace.filter((e) => e.type === 'diskError' && e.node === A).map((e) => (e.type === 'diskError' ? e.message : ''));
    expect(errors[0]).toMatch(/^cannot open its database: .*opening the node database failed: quota used up; it fails every request that needs its disk$/);
  });

  it('a disk completion that arrives while paused waits for resume', async () => {
    const heldAtA: (() => void)[] = [];
    current = await rig({ heldAtA });
    const { clock, hosts } = current;
    let settled = false;
    const pending = put(hosts.A, 'k', 'v').then((r) => {
      settled = true;
      return r;
    });
    // The coordinator's own append is on A's disk now, held.
    await new Promise((r) => setTimeout(r, 50));
    expect(heldAtA.length).toBeGreaterThan(0);
    clock.set({ ...clock.current, simTime: clock.now(), realTime: wallClockMs(), paused: true });
    hosts.A.clockChanged();
    hosts.B.clockChanged();
    const pausedAt = clock.now();
    for (const run of heldAtA.splice(0)) run();
    await new Promise((r) => setTimeout(r, 200));
    // Completed on disk, but the node has not acted on it: it waits in the agenda, time stands.
    expect(settled).toBe(false);
    expect(hosts.A.stats().agenda).toBeGreaterThan(0);
    expect(clock.now()).toBe(pausedAt);
    clock.set({ ...clock.current, simTime: clock.now(), realTime: wallClockMs(), paused: false });
    hosts.A.clockChanged();
    hosts.B.clockChanged();
    // Later appends (B's ack is counted after A's own write) complete as they come.
    const drain = setInterval(() => {
      for (const run of heldAtA.splice(0)) run();
    }, 1);
    try {
      expect((await pending).ok).toBe(true);
    } finally {
      clearInterval(drain);
    }
  });
});
