// Goal: the timeline index keeps events in time order, answers windows by binary search, and
// stays bounded. Method: feed it hand-made events, out of order and past its capacity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParams } from '../../../tests/fcSeed';
import { nodeId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { TimelineIndex } from './timelineIndex';

const up = (at: number, node = 'n1'): TraceEvent => ({ type: 'nodeUp', at, node: nodeId(node) });

describe('TimelineIndex', () => {
  it('keeps events sorted by time when batches arrive out of order', () => {
    const ix = new TimelineIndex();
    ix.append([up(10), up(30)]);
    ix.append([up(20, 'n2'), up(5)]);
    expect(ix.range(0, 100).map((e) => e.at)).toEqual([5, 10, 20, 30]);
    expect(ix.lanes().sort()).toEqual(['n1', 'n2']);
  });

  it('tells a reader a few thousand batches behind where its window changed, and one far behind that anything may have', () => {
    const ix = new TimelineIndex();
    ix.append([up(0)]);
    const seen = ix.version;
    // A busy run's few seconds of batches, one of them reaching back before the others.
    for (let i = 1; i <= 2_000; i++) ix.append([up(i === 1_500 ? 3 : 100 + i)]);
    expect(ix.changedSince(seen)).toBe(3);
    expect(ix.changedSince(ix.version)).toBe(Infinity);
    for (let i = 0; i < 20_000; i++) ix.append([up(5_000 + i)]);
    expect(ix.changedSince(seen)).toBe(-Infinity);
  });

  it('holds every event of interleaved batches in time order, equal times in arrival order', () => {
    // Each batch may be followed by a read: batches are merged at the next read, some one by one, some together.
    const batches = fc.array(fc.tuple(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 20 }), fc.boolean()), { maxLength: 12 });
    fc.assert(
      fc.property(batches, (appended) => {
        const ix = new TimelineIndex();
        let n = 0;
        // Each event's lane is its arrival number, so the order among equal times is visible.
        for (const [batch, read] of appended) {
          ix.append(batch.map((at) => up(at, `n${n++}`)));
          if (read) expect(ix.size).toBe(n);
        }
        const times = appended.map(([batch]) => batch);
        const arrival = times.flat().map((at, i) => ({ at, lane: `n${i}` }));
        const expected = [...arrival].sort((a, b) => a.at - b.at || Number(a.lane.slice(1)) - Number(b.lane.slice(1)));
        const got = ix.range(-1, 100).map((e) => ({ at: e.at, lane: e.node }));
        expect(got).toEqual(expected);
      }),
      fcParams(200),
    );
  });

  it('knows the longest message flight, for how far back a window looks', () => {
    const ix = new TimelineIndex();
    const send = (at: number, deliverAt: number): TraceEvent => ({ type: 'send', at, node: nodeId('n1'), msgId: at as never, to: nodeId('n2'), msg: 'gossip' as never, deliverAt });
    ix.append([send(0, 3), send(10, 40), send(20, 21)]);
    expect(ix.longestFlightMs()).toBe(30);
    ix.clear();
    expect(ix.longestFlightMs()).toBe(0);
  });

  it('counts a client leg as a flight, whichever end lands first', () => {
    const ix = new TimelineIndex();
    const c = nodeId('c1');
    const asked = (at: number, node: string): TraceEvent => ({ type: 'clientRequest', at, node: nodeId(node), client: c as never, reqId: 7 as never, op: 'get', key: 'k' });
    ix.append([asked(14, 'n1')]);
    ix.append([asked(10, 'c1')]);
    expect(ix.longestFlightMs()).toBe(4);
    // The reply: the client's clientReply lands before the coordinator's quorum.
    ix.append([{ type: 'clientReply', at: 30, node: c, client: c as never, reqId: 7 as never, op: 'get', key: 'k', ok: true }]);
    ix.append([{ type: 'quorum', at: 21, node: nodeId('n1'), reqId: 7 as never, key: 'k', ok: true, replicas: [] }]);
    expect(ix.longestFlightMs()).toBe(9);
  });

  it('returns only the events inside a window', () => {
    const ix = new TimelineIndex();
    ix.append(Array.from({ length: 1000 }, (_, i) => up(i)));
    expect(ix.range(100, 110).map((e) => e.at)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
  });

  it('evicts the oldest events past its capacity, and counts them', () => {
    const ix = new TimelineIndex(100);
    ix.append(Array.from({ length: 150 }, (_, i) => up(i)));
    expect(ix.size).toBeLessThanOrEqual(100);
    expect(ix.evicted + ix.size).toBe(150);
    expect(ix.firstAt()).toBeGreaterThan(0);
  });

  it('evicts whole groups of events at one time: what memory keeps of its first time is all of it', () => {
    const ix = new TimelineIndex(100);
    // Groups of 7 events per millisecond: a cut at the plain count would fall inside one.
    const times = Array.from({ length: 150 }, (_, i) => Math.floor(i / 7));
    ix.append(times.map((at, i) => up(at, `n${i % 7}`)));
    expect(ix.size).toBeLessThanOrEqual(100);
    const first = ix.firstAt();
    expect(ix.count(first, first + 1)).toBe(times.filter((t) => t === first).length);
    expect(ix.evicted + ix.size).toBe(150);
  });

  it('finds the next delivery after a time', () => {
    const ix = new TimelineIndex();
    const send = (at: number, deliverAt: number): TraceEvent => ({ type: 'send', at, node: nodeId('n1'), msgId: at as never, to: nodeId('n2'), msg: 'gossip' as never, deliverAt });
    ix.append([send(0, 12), send(5, 8), send(6, 30)]);
    expect(ix.nextDeliveryAfter(9, 100)).toBe(12);
    expect(ix.nextDeliveryAfter(40, 100)).toBeNull();
  });

  it('skips a message already delivered or dropped past the time asked (a worker paused late)', () => {
    const ix = new TimelineIndex();
    const send = (at: number, deliverAt: number): TraceEvent => ({ type: 'send', at, node: nodeId('n1'), msgId: at as never, to: nodeId('n2'), msg: 'gossip' as never, deliverAt });
    ix.append([send(0, 12), send(1, 11), send(2, 14)]);
    ix.append([{ type: 'deliver', at: 11, node: nodeId('n2'), msgId: 1 as never, from: nodeId('n1'), msg: 'gossip' as never }]);
    ix.append([{ type: 'drop', at: 12, node: nodeId('n1'), msgId: 0 as never, to: nodeId('n2'), msg: 'gossip' as never, reason: 'cut' }]);
    expect(ix.nextDeliveryAfter(10, 100)).toBe(14);
  });

  it('counts a client hop on the wire as a message, until the node takes the request or the client its reply', () => {
    const ix = new TimelineIndex();
    const alice = 'alice' as never;
    const req = 7 as never;
    ix.append([
      { type: 'clientRequest', at: 0, node: alice, client: alice, reqId: req, op: 'put', key: 'k' },
      { type: 'clientHop', at: 0, node: alice, leg: 'request', client: alice, reqId: req, to: nodeId('n2'), deliverAt: 3 },
    ]);
    expect(ix.nextDeliveryAfter(1, 100)).toBe(3);
    ix.append([
      { type: 'clientRequest', at: 3, node: nodeId('n2'), client: alice, reqId: req, op: 'put', key: 'k' },
      { type: 'clientHop', at: 9, node: nodeId('n2'), leg: 'reply', client: alice, reqId: req, to: alice, deliverAt: 11 },
    ]);
    expect(ix.nextDeliveryAfter(4, 100)).toBe(11);
    ix.append([{ type: 'clientReply', at: 11, node: alice, client: alice, reqId: req, op: 'put', key: 'k', ok: true }]);
    expect(ix.nextDeliveryAfter(4, 100)).toBeNull();
  });
});
