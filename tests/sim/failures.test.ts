/**
 * Goal: the chapter's failure handling, as clients and replicas see it: sloppy quorum keeps
 * writes available where a strict quorum refuses them; hints are handed off once the replica
 * is back; read repair brings a stale replica up to date; gossip lets every node see a dead
 * one go down, and each side of a partition see the other. Method: small seeded clusters in
 * the simulator; assertions on client histories, trace events, and replica state read directly.
 */
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../src/core/ids';
import { makeSim } from './simHarness';

const ids = ['a', 'b', 'c', 'd', 'e'];

describe('failure handling', () => {
  it('with two of three replicas down, N=3 W=2: a sloppy put succeeds, a strict one does not', () => {
    for (const sloppyQuorum of [true, false]) {
      const { cluster, clients } = makeSim(ids, { sloppyQuorum });
      const [first, second, third] = cluster.replicasFor('k');
      cluster.kill(nodeId(second as string));
      cluster.kill(nodeId(third as string));
      clients.call('c1', { op: 'put', key: 'k', value: 'v1', via: first });
      clients.call('c1', { op: 'put', key: 'k', value: 'v2', via: first });
      cluster.runUntil(5000);
      const errors = clients.history().map((h) => h.error);
      if (sloppyQuorum) expect(errors).toEqual([null, null]);
      else expect(errors).toEqual(['timeout', 'unavailable']);
    }
  });

  it('hints land on a fallback, and are handed off to the replica when it comes back', () => {
    const { cluster, clients } = makeSim(ids, { sloppyQuorum: true });
    const [first, second] = cluster.replicasFor('k').map((x) => x as string);
    cluster.kill(nodeId(second as string));
    for (let i = 0; i < 5; i++) clients.call('c1', { op: 'put', key: `k`, value: `v${i}`, via: first });
    cluster.runUntil(3000);
    const hints = cluster.nodeStats();
    const holders = Object.entries(hints).filter(([, s]) => s.hints.some((h) => h.owner === second));
    expect(holders.length).toBeGreaterThan(0);
    cluster.restart(nodeId(second as string));
    cluster.runUntil(30_000);
    expect(cluster.traceEvents().some((e) => e.type === 'hintHandedOff' && e.owner === second)).toBe(true);
    const held = cluster.replicaState().find((r) => r.node === second && r.key === 'k');
    expect(held?.versions.map((v) => v.value)).toEqual(['v4']);
    // The trace marks the writes to the fallback, and only those, as hinted: the views draw them as hints.
    const writes = cluster.traceEvents().filter((e) => e.type === 'send' && e.msg === 'replicaWrite' && e.key === 'k');
    const replicas = cluster.replicasFor('k').map((x) => x as string);
    const hinted = writes.filter((e) => e.type === 'send' && e.hinted === true);
    expect(hinted.length).toBeGreaterThan(0);
    for (const e of writes) expect(e.type === 'send' && e.hinted === true).toBe(e.type === 'send' && !replicas.includes(e.to));
    expect(Object.values(cluster.nodeStats()).every((s) => s.hints.length === 0)).toBe(true);
  });

  it('read repair sends the merged result to a replica that missed a write', () => {
    const { cluster, clients } = makeSim(ids, { readRepair: true });
    const [first, second, third] = cluster.replicasFor('k').map((x) => x as string);
    cluster.cut(nodeId(first as string), nodeId(third as string), true);
    clients.call('c1', { op: 'put', key: 'k', value: 'v1', via: first });
    cluster.runUntil(1000);
    expect(cluster.replicaState().some((r) => r.node === third && r.key === 'k')).toBe(false);
    cluster.healAll();
    clients.call('c1', { op: 'get', key: 'k', via: second, r: 2 });
    cluster.runUntil(3000);
    expect(cluster.traceEvents().some((e) => e.type === 'readRepair' && e.repaired.includes(nodeId(third as string)))).toBe(true);
    expect(cluster.replicaState().find((r) => r.node === third && r.key === 'k')?.versions.map((v) => v.value)).toEqual(['v1']);
  });

  it('with read repair off, the stale replica stays stale', () => {
    const { cluster, clients } = makeSim(ids, { readRepair: false, antiEntropyIntervalMs: 1_000_000 });
    const [first, second, third] = cluster.replicasFor('k').map((x) => x as string);
    cluster.cut(nodeId(first as string), nodeId(third as string), true);
    clients.call('c1', { op: 'put', key: 'k', value: 'v1', via: first });
    cluster.runUntil(1000);
    cluster.healAll();
    clients.call('c1', { op: 'get', key: 'k', via: second, r: 2 });
    cluster.runUntil(3000);
    expect(cluster.replicaState().some((r) => r.node === third && r.key === 'k')).toBe(false);
  });

  it('gossip: every live node sees a killed node go down; during a partition each side sees the other down', () => {
    const { cluster } = makeSim(ids);
    cluster.kill(nodeId('a'));
    cluster.runUntil(15_000);
    for (const id of ['b', 'c', 'd', 'e']) {
      const view = cluster.nodeStats()[id]?.membership.find((m) => m.id === 'a');
      expect(view?.status, `${id}'s view of a`).toBe('down');
    }
    cluster.restart(nodeId('a'));
    cluster.partition([['a', 'b'], ['c', 'd', 'e']]);
    cluster.runUntil(40_000);
    const statusOf = (viewer: string, peer: string) => cluster.nodeStats()[viewer]?.membership.find((m) => m.id === peer)?.status;
    expect(statusOf('a', 'b')).toBe('alive');
    expect(statusOf('a', 'c')).toBe('down');
    expect(statusOf('c', 'a')).toBe('down');
    expect(statusOf('c', 'e')).toBe('alive');
  });
});
