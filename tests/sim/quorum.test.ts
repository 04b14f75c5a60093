/**
 * Goal: the coordinator's quorum rules, as a client sees them. Method: small seeded clusters
 * in the simulator with fixed latency, driven through simulated clients; each test asserts the
 * client's history and, where it matters, replica state read directly.
 */
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../src/core/ids';
import { makeSim } from './simHarness';

const ids = ['a', 'b', 'c', 'd', 'e'];

describe('quorum coordinator', () => {
  it('a put with W=2 succeeds when one replica is partitioned away', () => {
    const { cluster, clients } = makeSim(ids);
    const [first, second, third] = cluster.replicasFor('k');
    cluster.partition([[third as string], ids.filter((x) => x !== third)]);
    clients.call('c1', { op: 'put', key: 'k', value: 'v1', via: first });
    clients.call('c1', { op: 'get', key: 'k', via: second });
    cluster.runUntil(3000);
    const [put, get] = clients.history();
    expect(put).toMatchObject({ ok: true, op: 'put' });
    expect(get?.ok).toBe(true);
    expect(get?.versions.map((v) => v.value)).toEqual(['v1']);
    expect(cluster.replicaState().some((r) => r.node === third && r.key === 'k')).toBe(false);
  });

  it('a put that misses W times out (indefinite); once the view knows, the next is unavailable (definite)', () => {
    const { cluster, clients } = makeSim(ids);
    const [first, second, third] = cluster.replicasFor('k');
    cluster.kill(nodeId(second as string));
    cluster.kill(nodeId(third as string));
    clients.call('c1', { op: 'put', key: 'k', value: 'v1', via: first });
    clients.call('c1', { op: 'put', key: 'k', value: 'v2', via: first });
    cluster.runUntil(5000);
    const [p1, p2] = clients.history();
    expect(p1).toMatchObject({ ok: false, error: 'timeout' });
    expect(p2).toMatchObject({ ok: false, error: 'unavailable' });
    // The definite failure wrote nothing anywhere; the indefinite one reached the coordinator.
    const stored = cluster.replicaState().flatMap((r) => r.versions.map((v) => v.value));
    expect(stored).not.toContain('v2');
    expect(stored).toContain('v1');
  });

  it('a replica that comes back is noticed again, and puts succeed', () => {
    const { cluster, clients } = makeSim(ids);
    const [first, second, third] = cluster.replicasFor('k');
    cluster.kill(nodeId(second as string));
    cluster.kill(nodeId(third as string));
    clients.call('c1', { op: 'put', key: 'k', value: 'v1', via: first });
    cluster.runUntil(2000);
    cluster.restart(nodeId(second as string));
    cluster.runUntil(2100);
    clients.call('c1', { op: 'put', key: 'k', value: 'v2', via: first }); // refused, but probes
    cluster.runUntil(3000);
    clients.call('c1', { op: 'put', key: 'k', value: 'v3', via: first });
    cluster.runUntil(4000);
    expect(clients.history().map((h) => h.error)).toEqual(['timeout', 'unavailable', null]);
  });

  it('a node outside the preference list forwards once, and the replica coordinates', () => {
    const { cluster, clients } = makeSim(ids);
    const replicas = cluster.replicasFor('k');
    const outsider = ids.find((x) => !replicas.includes(nodeId(x)));
    clients.call('c1', { op: 'put', key: 'k', value: 'v1', via: outsider });
    cluster.runUntil(1000);
    const [put] = clients.history();
    expect(put?.ok).toBe(true);
    expect(replicas).toContain(put?.coordinator);
    expect(put?.versions[0]?.dot.node).toBe(put?.coordinator);
    const forwards = cluster.traceEvents().filter((e) => e.type === 'send' && e.msg === 'forward');
    expect(forwards).toHaveLength(1);
  });

  it('refuses oversized keys and values and bad W/R with invalid, storing nothing', () => {
    const { cluster, clients } = makeSim(ids);
    clients.call('c1', { op: 'put', key: 'x'.repeat(1025), value: 'v' });
    clients.call('c1', { op: 'put', key: 'k', value: 'é'.repeat(5121) });
    clients.call('c1', { op: 'put', key: 'k', value: 'v', w: 4 });
    clients.call('c1', { op: 'get', key: 'k', r: 0 });
    clients.call('c1', { op: 'put', key: 'k', value: 'é'.repeat(5000) });
    cluster.runUntil(2000);
    const h = clients.history();
    expect(h.map((x) => x.error)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', null]);
    expect(cluster.replicaState().filter((r) => r.key === 'k')).toHaveLength(3);
  });

  it('refuses a request through a node the cluster does not have with invalid, storing nothing, and goes on', () => {
    const { cluster, clients } = makeSim(ids);
    clients.call('c1', { op: 'put', key: 'k', value: 'v', via: 'nobody' });
    clients.call('c1', { op: 'get', key: 'k', via: 'gone' });
    clients.call('c1', { op: 'put', key: 'other', value: 'v' });
    cluster.runUntil(2000);
    const h = clients.history();
    expect(h.map((x) => [x.ok, x.error])).toEqual([
      [false, 'invalid'],
      [false, 'invalid'],
      [true, null],
    ]);
    expect(h[0]?.completeAt).toBe(h[0]?.invokeAt);
    expect(cluster.replicaState().filter((r) => r.key === 'k')).toHaveLength(0);
  });

  it('a restarted replica recovers its data by replaying its commit log', () => {
    const { cluster, clients } = makeSim(ids);
    const [first, second] = cluster.replicasFor('k');
    for (let i = 0; i < 20; i++) clients.call('c1', { op: 'put', key: 'k', value: `v${i}`, via: first });
    cluster.runUntil(3000);
    cluster.kill(nodeId(second as string));
    cluster.restart(nodeId(second as string));
    cluster.runUntil(3100);
    const held = cluster.replicaState().find((r) => r.node === second && r.key === 'k');
    expect(held?.versions.map((v) => v.value)).toEqual(['v19']);
    expect(cluster.traceEvents().some((e) => e.type === 'recovered' && e.node === second && e.keys === 1)).toBe(true);
  });

  it('a get with R=3 waits for the slowest replica; with R=1 it answers from the coordinator', () => {
    const { cluster, clients } = makeSim(ids, {}, { latency: { write: { kind: 'fixed', ms: 5 }, ack: { kind: 'fixed', ms: 5 }, read: { kind: 'fixed', ms: 50 }, response: { kind: 'fixed', ms: 50 }, other: { kind: 'fixed', ms: 1 } } });
    const [first] = cluster.replicasFor('k');
    // After every node has opened its storage engine (SSTables, commit log, hints: three disk reads).
    cluster.runUntil(10);
    clients.call('c1', { op: 'get', key: 'k', via: first, r: 3 });
    clients.call('c1', { op: 'get', key: 'k', via: first, r: 1 });
    cluster.runUntil(2000);
    const [slow, fast] = clients.history();
    expect((slow?.completeAt ?? 0) - (slow?.invokeAt ?? 0)).toBe(102);
    expect((fast?.completeAt ?? 0) - (fast?.invokeAt ?? 0)).toBe(2);
  });
});
