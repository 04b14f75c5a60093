// Goal: a request's path names its client, the node it asked, its coordinator, the replicas it
// asked and those its quorum counted, says when it is complete, and is drawn as the legs the
// request travelled; paths kept for the requests shown lately are read again only when they may
// have changed. Method: hand-made trace events of a few requests, and a counting trace reader.
import { describe, expect, it } from 'vitest';
import { clientId, nodeId, requestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { missedRereadEvents, pathLegs, pathsKeptMax, requestPathOf, RequestPaths } from './requestPath';

const n = nodeId;
const bob = clientId('bob');
const events: TraceEvent[] = [
  { type: 'coordinate', at: 1, node: n('S2'), reqId: requestId(1), op: 'put', key: 'k', replicas: [n('S2'), n('S3'), n('S4')] },
  { type: 'coordinate', at: 2, node: n('S5'), reqId: requestId(2), op: 'get', key: 'j', replicas: [n('S5'), n('S1'), n('S2')] },
  { type: 'quorum', at: 9, node: n('S2'), reqId: requestId(1), key: 'k', ok: true, replicas: [n('S2'), n('S4')] },
];
/** bob's put #3 through S1, which is no replica: S1 forwards it to S3, which coordinates. */
const forwarded: TraceEvent[] = [
  { type: 'clientRequest', at: 10, node: bob, client: bob, reqId: requestId(3), op: 'put', key: 'x' },
  { type: 'clientRequest', at: 12, node: n('S1'), client: bob, reqId: requestId(3), op: 'put', key: 'x' },
  { type: 'coordinate', at: 14, node: n('S3'), reqId: requestId(3), op: 'put', key: 'x', replicas: [n('S3'), n('S4'), n('S5')] },
  { type: 'quorum', at: 20, node: n('S3'), reqId: requestId(3), key: 'x', ok: true, replicas: [n('S3'), n('S5')] },
];

describe('requestPathOf', () => {
  it('gives the coordinator, the replicas asked and those the quorum counted once it answered', () => {
    expect(requestPathOf(events, requestId(1))).toEqual({ reqId: requestId(1), client: null, entry: null, coordinator: 'S2', asked: ['S2', 'S3', 'S4'], answered: ['S2', 'S4'], done: true });
  });

  it('is open while the quorum has not answered, and null for a request no event mentions', () => {
    expect(requestPathOf(events, requestId(2))).toMatchObject({ coordinator: 'S5', answered: [], done: false });
    expect(requestPathOf(events, requestId(3))).toBeNull();
  });

  it('names the client and the node it asked, before any coordinator took the request', () => {
    expect(requestPathOf(forwarded.slice(0, 2), requestId(3))).toMatchObject({ client: 'bob', entry: 'S1', coordinator: null, done: false });
    expect(requestPathOf(forwarded, requestId(3))).toMatchObject({ client: 'bob', entry: 'S1', coordinator: 'S3', done: true });
  });
});

describe('pathLegs', () => {
  it('draws the journey in order: client → node asked → coordinator it forwarded to → each other replica', () => {
    const path = requestPathOf(forwarded, requestId(3));
    expect(path === null ? [] : pathLegs(path)).toEqual([
      { from: 'bob', to: 'S1', role: 'client', answered: true },
      { from: 'S1', to: 'S3', role: 'forward', answered: true },
      { from: 'S3', to: 'S4', role: 'replica', answered: false },
      { from: 'S3', to: 'S5', role: 'replica', answered: true },
    ]);
  });

  it('has no forward when the node asked coordinates itself', () => {
    const direct = forwarded.map((e) => (e.type === 'coordinate' || e.type === 'quorum' ? { ...e, node: n('S1') } : e));
    const path = requestPathOf(direct, requestId(3));
    expect((path === null ? [] : pathLegs(path)).map((l) => l.role)).toEqual(['client', 'replica', 'replica', 'replica']);
  });
});

describe('RequestPaths', () => {
  const counting = (trace: TraceEvent[]) => {
    const reader = { reads: 0, events: () => (reader.reads++, trace) };
    return reader;
  };

  it('looks for a request the trace does not mention again only after many more events, not at every render', () => {
    const paths = new RequestPaths();
    const trace = counting(events);
    expect(paths.get(requestId(9), 100, trace.events)).toBeNull();
    for (let total = 101; total < 100 + missedRereadEvents; total += 500) paths.get(requestId(9), total, trace.events);
    expect(trace.reads).toBe(1);
    paths.get(requestId(9), 100 + missedRereadEvents, trace.events);
    expect(trace.reads).toBe(2);
  });

  it('reads a finished path once, however often it is shown again', () => {
    const paths = new RequestPaths();
    const trace = counting(forwarded);
    const first = paths.get(requestId(3), 4, trace.events);
    expect(paths.get(requestId(3), 9, trace.events)).toBe(first);
    expect(trace.reads).toBe(1);
  });

  it('reads an open path again only when events came, keeping the same object while it did not change', () => {
    const paths = new RequestPaths();
    const live = forwarded.slice(0, 2);
    const trace = counting(live);
    const open = paths.get(requestId(3), 2, trace.events);
    expect(paths.get(requestId(3), 2, trace.events)).toBe(open);
    expect(trace.reads).toBe(1);
    // A gossip round came: read again, nothing changed for this request.
    expect(paths.get(requestId(3), 3, trace.events)).toBe(open);
    expect(trace.reads).toBe(2);
    live.push(...forwarded.slice(2));
    expect(paths.get(requestId(3), 5, trace.events)).toMatchObject({ coordinator: 'S3', done: true });
  });

  it('keeps the selected request’s path while others are hovered, within its bound', () => {
    const paths = new RequestPaths();
    const trace = counting([...events, ...forwarded]);
    paths.get(requestId(3), 7, trace.events);
    // The pointer passes over a few requests, then leaves: the selection's path is not read again.
    for (let i = 0; i < 5; i++) paths.get(requestId(100 + i), 7, trace.events);
    const reads = trace.reads;
    paths.get(requestId(3), 7, trace.events);
    expect(trace.reads).toBe(reads);
    // Past the bound, the least recently shown is forgotten and read again.
    for (let i = 0; i < pathsKeptMax; i++) paths.get(requestId(200 + i), 7, trace.events);
    paths.get(requestId(3), 7, trace.events);
    expect(trace.reads).toBe(reads + pathsKeptMax + 1);
  });

  it('forgets every path when the trace starts again (a fresh start reuses request ids)', () => {
    const paths = new RequestPaths();
    paths.get(requestId(3), 4, counting(forwarded).events);
    expect(paths.get(requestId(3), 1, counting([]).events)).toBeNull();
  });
});
