/**
 * Goal: the simulated network's fault model. A cut drops what is in flight on the link and
 * everything sent until it heals; a one-way cut leaves the other direction working; loss drops
 * at the configured rate; a network step changes latency and loss from its moment on; a killed
 * node keeps only what reached its disk; a client's hops are on the wire like messages. Method: small
 * clusters with fixed latency, asserting on trace events and client histories.
 */
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../src/core/ids';
import { makeSim } from './simHarness';

const ids = ['a', 'b', 'c', 'd', 'e'];

describe('simulated network', () => {
  it('a cut drops the messages already in flight on the link, and a heal lets new ones through', () => {
    const { cluster, clients } = makeSim(ids, {}, { latency: { kind: 'fixed', ms: 20 } });
    const [first, second] = cluster.replicasFor('k').map((x) => x as string);
    clients.call('c1', { op: 'put', key: 'k', value: 'v1', via: first });
    cluster.runUntil(25); // the replica writes left `first` at ≈ 21 ms and are in flight
    cluster.cut(nodeId(first as string), nodeId(second as string), true);
    cluster.runUntil(200);
    const drops = cluster.traceEvents().filter((e) => e.type === 'drop' && e.node === first && e.to === second);
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.every((e) => e.type === 'drop' && e.reason === 'cut')).toBe(true);
    cluster.heal(nodeId(first as string), nodeId(second as string), true);
    clients.call('c1', { op: 'put', key: 'k', value: 'v2', via: first });
    cluster.runUntil(1000);
    const delivered = cluster.traceEvents().filter((e) => e.type === 'deliver' && e.node === second && e.from === first && e.at > 200);
    expect(delivered.length).toBeGreaterThan(0);
  });

  it('a client’s request and its reply are traced on the wire, landing exactly when the node takes it and the client gets it', () => {
    const { cluster, clients } = makeSim(ids, {}, { latency: { kind: 'fixed', ms: 20 } });
    clients.call('c1', { op: 'put', key: 'k', value: 'v', via: 'a' });
    cluster.runUntil(500);
    const events = cluster.traceEvents();
    const hops = events.filter((e) => e.type === 'clientHop');
    expect(hops.map((e) => [e.leg, e.node, e.to, e.deliverAt - e.at])).toEqual([
      ['request', 'c1', 'a', 20],
      ['reply', 'a', 'c1', 20],
    ]);
    const taken = events.find((e) => e.type === 'clientRequest' && e.node === 'a');
    const got = events.find((e) => e.type === 'clientReply');
    expect(hops.map((e) => (e.type === 'clientHop' ? e.deliverAt : NaN))).toEqual([taken?.at, got?.at]);
  });

  it('a one-way cut stops only its own direction', () => {
    const { cluster } = makeSim(ids);
    cluster.cut(nodeId('a'), nodeId('b'), true);
    expect(cluster.traceEvents().filter((e) => e.type === 'linkCut')).toHaveLength(1);
    cluster.healAll();
    expect(cluster.traceEvents().filter((e) => e.type === 'linkHealed')).toHaveLength(1);
  });

  it('message loss drops about the configured fraction, each drop traced as loss', () => {
    const { cluster, clients } = makeSim(ids, { requestTimeoutMs: 200 }, { loss: 0.2 });
    for (let i = 0; i < 300; i++) clients.call(`c${i % 10}`, { op: 'put', key: `k${i}`, value: i });
    cluster.runUntil(60_000);
    const sends = cluster.traceEvents().filter((e) => e.type === 'send').length;
    const lost = cluster.traceEvents().filter((e) => e.type === 'drop' && e.reason === 'loss').length;
    expect(lost / sends).toBeGreaterThan(0.15);
    expect(lost / sends).toBeLessThan(0.25);
  });

  it('messages to a dead node are dropped as dead, and its client times out', () => {
    const { cluster, clients } = makeSim(ids);
    const [first] = cluster.replicasFor('k').map((x) => x as string);
    cluster.kill(nodeId(first as string));
    clients.call('c1', { op: 'get', key: 'k', via: first });
    cluster.runUntil(5000);
    expect(clients.history()[0]).toMatchObject({ ok: false, error: 'timeout' });
    expect(cluster.traceEvents().some((e) => e.type === 'drop' && e.reason === 'dead')).toBe(true);
  });

  it('a network change applies to messages sent from then on: no loss before it, every message lost after it, a new latency', () => {
    const { cluster, clients } = makeSim(ids, { requestTimeoutMs: 200 }, { latency: { kind: 'fixed', ms: 3 } });
    for (let i = 0; i < 20; i++) clients.call(`c${i}`, { op: 'put', key: `k${i}`, value: i });
    cluster.runUntil(1000);
    cluster.changeNetwork({ latency: { kind: 'fixed', ms: 40 } });
    for (let i = 0; i < 20; i++) clients.call(`d${i}`, { op: 'put', key: `k${i}`, value: i });
    cluster.runUntil(2000);
    cluster.changeNetwork({ loss: 1 });
    for (let i = 0; i < 20; i++) clients.call(`e${i}`, { op: 'put', key: `k${i}`, value: i });
    cluster.runUntil(4000);
    const events = cluster.traceEvents();
    expect(events.filter((e) => e.type === 'drop' && e.reason === 'loss' && e.at < 2000)).toEqual([]);
    expect(events.filter((e) => e.type === 'drop' && e.reason === 'loss' && e.at >= 2000).length).toBeGreaterThan(20);
    expect(events.filter((e) => e.type === 'deliver' && e.at > 2000 + 3)).toEqual([]);
    expect(events.filter((e) => e.type === 'deliver' && e.at < 1000).length).toBeGreaterThan(20);
    expect(cluster.networkSettings()).toMatchObject({ latency: { kind: 'fixed', ms: 40 }, loss: 1 });
    const history = clients.history();
    expect(history.filter((h) => h.client.startsWith('e')).every((h) => !h.ok)).toBe(true);
    // Between the two changes every put crossed 40 ms links: a round trip to a replica at least.
    const slow = history.filter((h) => h.client.startsWith('d') && h.ok);
    expect(slow.length).toBe(20);
    for (const h of slow) expect(h.completeAt - h.invokeAt).toBeGreaterThanOrEqual(80);
    expect(Math.max(...history.filter((h) => h.client.startsWith('c')).map((h) => h.completeAt - h.invokeAt))).toBeLessThan(80);
  });
});
