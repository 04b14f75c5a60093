// Goal: the messages drawn in flight are exactly those the trace says are on the wire, client
// hops included. Method: feed hand-made trace events and ask what is in flight at chosen times.
import { describe, expect, it } from 'vitest';
import type { OpKind } from '../../core/clientApi';
import { clientId, msgId, nodeId, requestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { FlightLog, flightsMax, progressOf } from './flightLog';

const S1 = nodeId('S1');
const S2 = nodeId('S2');
const S4 = nodeId('S4');
const req = requestId(7);

const send = (id: number, to: typeof S1, at: number, deliverAt: number): TraceEvent => ({ type: 'send', at, node: S1, msgId: msgId(id), to, msg: 'replicaWrite', key: 'k', reqId: req, deliverAt });

const alice = clientId('alice');
/** alice's request as the page traces it: she asks at `at` (her lane), on her own clock. */
const asks = (op: OpKind, at: number): TraceEvent => ({ type: 'clientRequest', at, node: alice, client: alice, reqId: req, op, key: 'k' });
/** The node's host takes it at `at` and samples its hop: due at `deliverAt`. */
const requestHop = (at: number, deliverAt: number): TraceEvent => ({ type: 'clientHop', at, node: alice, leg: 'request', client: alice, reqId: req, to: S1, deliverAt });
const replyHop = (at: number, deliverAt: number): TraceEvent => ({ type: 'clientHop', at, node: S1, leg: 'reply', client: alice, reqId: req, to: alice, deliverAt });

describe('FlightLog', () => {
  it('shows a message from its send until its delivery, halfway at the midpoint', () => {
    const log = new FlightLog();
    log.ingest([send(1, S2, 10, 20)]);
    expect(log.at(5, 0)).toEqual([]);
    const [f] = log.at(15, 0);
    expect(f?.kind).toBe('write');
    expect(progressOf(f!, 15)).toBeCloseTo(0.5);
    expect(log.at(21, 0)).toEqual([]);
    expect(log.size).toBe(0);
  });

  it('draws a write the host traced as hinted (to a fallback) as a hint', () => {
    const log = new FlightLog();
    log.ingest([send(1, S2, 0, 10), { ...send(2, S4, 0, 10), hinted: true } as TraceEvent]);
    expect(log.at(5, 0).map((f) => f.kind)).toEqual(['write', 'hint']);
  });

  it('keeps a dropped message where it was dropped for a while, then forgets it', () => {
    const log = new FlightLog();
    log.ingest([send(1, S2, 0, 10), { type: 'drop', at: 5, node: S1, msgId: msgId(1), to: S2, msg: 'replicaWrite', reason: 'cut' }]);
    const [f] = log.at(8, 10);
    expect(f?.droppedAt).toBe(5);
    expect(progressOf(f!, 8)).toBeCloseTo(0.5);
    expect(log.at(16, 10)).toEqual([]);
  });

  it('flies a put from the client as a write from when she sent it, and its reply back to her as an ack', () => {
    const log = new FlightLog();
    // The node's thread took the request at 2, a moment after alice sent it at 1.
    log.ingest([asks('put', 1), requestHop(2, 9)]);
    const [out] = log.at(5, 0);
    expect(out).toMatchObject({ from: 'alice', to: 'S1', kind: 'write', sentAt: 1, deliverAt: 9 });
    expect(progressOf(out!, 5)).toBeCloseTo(0.5);
    expect(log.at(10, 0)).toEqual([]);
    log.ingest([replyHop(20, 26)]);
    expect(log.at(23, 0)).toMatchObject([{ from: 'S1', to: 'alice', kind: 'ack', sentAt: 20, deliverAt: 26 }]);
  });

  it('flies a get out as a read and back as a response', () => {
    const log = new FlightLog();
    log.ingest([asks('get', 0), requestHop(0, 4), replyHop(8, 12)]);
    expect(log.at(2, 0).map((f) => f.kind)).toEqual(['read']);
    expect(log.at(10, 0).map((f) => f.kind)).toEqual(['response']);
  });

  it('leaves out the hops of a request it never saw sent: their kind is unknown', () => {
    const log = new FlightLog();
    log.ingest([requestHop(2, 9), replyHop(10, 14)]);
    expect(log.size).toBe(0);
  });

  it('holds at most flightsMax flights, client hops included, however busy the workload', () => {
    const log = new FlightLog();
    for (let i = 0; i < flightsMax + 50; i++) {
      const r = requestId(1_000 + i);
      log.ingest([
        { type: 'clientRequest', at: i, node: alice, client: alice, reqId: r, op: 'put', key: `k${i}` },
        { type: 'clientHop', at: i, node: alice, leg: 'request', client: alice, reqId: r, to: S1, deliverAt: i + 5 },
      ]);
    }
    expect(log.size).toBeLessThanOrEqual(flightsMax);
    expect(log.size).toBeGreaterThanOrEqual(flightsMax * 0.9);
  });

  it('stays bounded past flightsMax, forgetting the oldest flights and keeping the newest', () => {
    const log = new FlightLog();
    const sends = Array.from({ length: flightsMax * 3 }, (_, i) => send(i, S2, i, 1e9));
    for (let i = 0; i < sends.length; i += 7) log.ingest(sends.slice(i, i + 7));
    expect(log.size).toBeLessThanOrEqual(flightsMax);
    expect(log.size).toBeGreaterThanOrEqual(flightsMax * 0.9);
    const shown = log.at(sends.length, 0).map((f) => f.sentAt);
    expect(shown.at(-1)).toBe(sends.length - 1);
    expect(Math.min(...shown)).toBe(sends.length - log.size);
  });

  it('leaves out a message that takes no time, and draws it once a later batch says it was dropped', () => {
    const log = new FlightLog();
    log.ingest([send(1, S2, 5, 5)]);
    expect(log.size).toBe(0);
    expect(log.at(5, 0)).toEqual([]);
    log.ingest([{ type: 'drop', at: 5, node: S1, msgId: msgId(1), to: S2, msg: 'replicaWrite', reason: 'cut' }]);
    expect(log.at(6, 10)).toMatchObject([{ from: 'S1', to: 'S2', kind: 'write', sentAt: 5, droppedAt: 5 }]);
  });

  it('leaves out a message that landed before the last frame was drawn, unless a later batch drops it', () => {
    const log = new FlightLog();
    expect(log.at(100, 0)).toEqual([]);
    log.ingest([send(1, S2, 10, 20), send(2, S2, 10, 30), send(3, S2, 90, 150)]);
    expect(log.size).toBe(1);
    log.ingest([{ type: 'drop', at: 25, node: S1, msgId: msgId(2), to: S2, msg: 'replicaWrite', reason: 'cut' }]);
    const [dropped, flying] = log.at(101, 100).sort((a, b) => a.sentAt - b.sentAt);
    expect(dropped).toMatchObject({ sentAt: 10, deliverAt: 30, droppedAt: 25 });
    expect(progressOf(dropped!, 101)).toBeCloseTo(0.75);
    expect(flying).toMatchObject({ sentAt: 90, droppedAt: null });
  });

  it('draws a drop that arrives after a frame forgot its landed flight', () => {
    const log = new FlightLog();
    log.ingest([send(1, S2, 10, 30)]);
    expect(log.at(20, 0)).toHaveLength(1);
    // Landed at 30: the frame at 31 forgets it; a late batch then says it was dropped at 29.
    expect(log.at(31, 0)).toEqual([]);
    expect(log.size).toBe(0);
    log.ingest([{ type: 'drop', at: 29, node: S1, msgId: msgId(1), to: S2, msg: 'replicaWrite', reason: 'cut' }]);
    expect(log.at(32, 100)).toMatchObject([{ from: 'S1', to: 'S2', sentAt: 10, deliverAt: 30, droppedAt: 29 }]);
  });

  it('leaves out a client hop that landed before the last frame was drawn, and still pairs its reply with the request', () => {
    const log = new FlightLog();
    log.at(50, 0);
    log.ingest([asks('get', 0), requestHop(0, 4)]);
    expect(log.size).toBe(0);
    log.ingest([replyHop(60, 70)]);
    expect(log.at(65, 0).map((f) => f.kind)).toEqual(['response']);
  });

  it('still holds what was sent a quarter second before the present at 16 flights a millisecond, the busiest wire at full speed', () => {
    const log = new FlightLog();
    // Sent 16 a millisecond for 300 ms, each 2–12 ms long; drawn 250 ms behind the last send.
    const perMs = 16;
    const sends = Array.from({ length: 300 * perMs }, (_, i) => send(i + 1, S2, i / perMs, i / perMs + 2 + (i % 11)));
    for (let i = 0; i < sends.length; i += 40) log.ingest(sends.slice(i, i + 40));
    const shownAt = 300 - 250;
    const onWire = sends.filter((e) => e.type === 'send' && e.at <= shownAt && e.deliverAt >= shownAt).length;
    expect(onWire).toBeGreaterThan(50);
    expect(log.at(shownAt, 0)).toHaveLength(onWire);
  });

  it('draws a message refused at send by a cut link at the sender', () => {
    const log = new FlightLog();
    log.ingest([send(1, S2, 5, 5), { type: 'drop', at: 5, node: S1, msgId: msgId(1), to: S2, msg: 'replicaWrite', reason: 'cut' }]);
    expect(progressOf(log.at(6, 10)[0]!, 6)).toBe(0);
  });
});
