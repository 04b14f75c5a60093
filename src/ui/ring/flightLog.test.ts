// Goal: the messages drawn in flight are exactly those the trace says are on the wire.
// Method: feed hand-made trace events and ask what is in flight at chosen times.
import { describe, expect, it } from 'vitest';
import { msgId, nodeId, requestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { FlightLog, flightsMax, progressOf } from './flightLog';

const S1 = nodeId('S1');
const S2 = nodeId('S2');
const S4 = nodeId('S4');
const req = requestId(7);

const send = (id: number, to: typeof S1, at: number, deliverAt: number): TraceEvent => ({ type: 'send', at, node: S1, msgId: msgId(id), to, msg: 'replicaWrite', key: 'k', reqId: req, deliverAt });

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

  it('calls a write to a node outside the coordinator’s replicas a hint', () => {
    const log = new FlightLog();
    log.ingest([{ type: 'coordinate', at: 0, node: S1, reqId: req, op: 'put', key: 'k', replicas: [S1, S2] }, send(1, S2, 0, 10), send(2, S4, 0, 10)]);
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

  it('stays bounded past flightsMax, forgetting the oldest flights and keeping the newest', () => {
    const log = new FlightLog();
    const sends = Array.from({ length: flightsMax * 3 }, (_, i) => send(i, S2, i, 1e9));
    for (let i = 0; i < sends.length; i += 7) log.ingest(sends.slice(i, i + 7));
    expect(log.size).toBeLessThanOrEqual(flightsMax);
    expect(log.size).toBeGreaterThanOrEqual(flightsMax * 0.9);
    const shown = log.at(sends.length, 0).map((f) => f.msgId);
    expect(shown.at(-1)).toBe(sends.length - 1);
    expect(Math.min(...shown)).toBe(sends.length - log.size);
  });

  it('draws a message refused at send by a cut link at the sender', () => {
    const log = new FlightLog();
    log.ingest([send(1, S2, 5, 5), { type: 'drop', at: 5, node: S1, msgId: msgId(1), to: S2, msg: 'replicaWrite', reason: 'cut' }]);
    expect(progressOf(log.at(6, 10)[0]!, 6)).toBe(0);
  });
});
