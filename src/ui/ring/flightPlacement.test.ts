// Goal: each message is drawn where its lane and its simulated times put it, a dropped one where
// it was lost, and only lanes used within the glow time light up. Method: two glyphs on a
// horizontal line, hand-made flights, and positions checked against the lane's rims.
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../core/ids';
import { msgId, nodeId, requestId } from '../../core/ids';
import type { Flight } from './flightLog';
import { glowMs, litLanes, placeFlights, rimToRim } from './flightPlacement';
import type { Point } from './ringGeometry';

const S1 = nodeId('S1');
const S2 = nodeId('S2');
const S9 = nodeId('S9');
const at = new Map<NodeId, Point>([
  [S1, { x: 0, y: 0 }],
  [S2, { x: 200, y: 0 }],
]);
const flight = (over: Partial<Flight>): Flight => ({ msgId: msgId(1), from: S1, to: S2, kind: 'write', reqId: requestId(3), sentAt: 10, deliverAt: 20, droppedAt: null, ...over });

describe('placeFlights', () => {
  it('puts a flight at the share of its lane that its simulated time has covered', () => {
    const lane = rimToRim(at.get(S1)!, at.get(S2)!);
    const [start] = placeFlights([flight({})], 10, at, null);
    const [half] = placeFlights([flight({})], 15, at, null);
    expect(start).toMatchObject({ x: lane.from.x, y: lane.from.y, kind: 'write', dropped: false, selected: false });
    expect(half?.x).toBeCloseTo((lane.from.x + lane.to.x) / 2);
    // Travel starts past the sender's rim, never under its glyph.
    expect(lane.from.x).toBeGreaterThan(0);
    expect(lane.to.x).toBeLessThan(200);
  });

  it('keeps a dropped flight where it was lost, marked dropped', () => {
    const [lost] = placeFlights([flight({ droppedAt: 12 })], 19, at, null);
    const [then] = placeFlights([flight({})], 12, at, null);
    expect(lost?.dropped).toBe(true);
    expect(lost?.x).toBeCloseTo(then?.x ?? NaN);
  });

  it('marks the flights of the selected request, and leaves out those whose node is not drawn', () => {
    const placed = placeFlights([flight({}), flight({ reqId: requestId(4) }), flight({ to: S9 })], 15, at, requestId(3));
    expect(placed.map((p) => p.selected)).toEqual([true, false]);
  });
});

describe('litLanes', () => {
  it('lights a lane for glowMs after it carried a message, rim to rim', () => {
    const sends = new Map([['S1→S2', 1_000], ['S2→S9', 1_000]]);
    expect(litLanes(sends, 1_000 + glowMs - 1, at)).toEqual([rimToRim(at.get(S1)!, at.get(S2)!)]);
    expect(litLanes(sends, 1_000 + glowMs, at)).toEqual([]);
  });
});
