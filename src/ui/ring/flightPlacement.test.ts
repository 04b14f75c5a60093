// Goal: each message is drawn where its lane and its simulated times put it, a dropped one where
// it was lost, a client's hop between its anchor's box and the node's glyph, and only lanes used
// within the glow time light up. Method: two glyphs on a horizontal line and a client's box
// below, hand-made flights, and positions checked against the lane's rims.
import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids';
import type { Flight } from './flightLog';
import { glowMs, litLanes, placeFlights, rimToRim } from './flightPlacement';
import { laneOffset } from './networkLayer';
import type { LaneEnd } from './ringGeometry';

const glyph = { radius: 24 };
const box = { halfWidth: 38, halfHeight: 14 };
const at = new Map<string, LaneEnd>([
  ['S1', { x: 0, y: 0, outline: glyph }],
  ['S2', { x: 200, y: 0, outline: glyph }],
  ['alice', { x: 0, y: 300, outline: box }],
]);
const S1 = at.get('S1')!;
const S2 = at.get('S2')!;
const alice = at.get('alice')!;
const flight = (over: Partial<Flight>): Flight => ({ from: 'S1', to: 'S2', kind: 'write', reqId: requestId(3), sentAt: 10, deliverAt: 20, droppedAt: null, ...over });

describe('placeFlights', () => {
  it('puts a flight at the share of its lane that its simulated time has covered', () => {
    const lane = rimToRim(S1, S2);
    const [start] = placeFlights([flight({})], 10, at, null);
    const [half] = placeFlights([flight({})], 15, at, null);
    expect(start).toMatchObject({ x: lane.from.x, y: lane.from.y, kind: 'write', from: 'S1', to: 'S2', progress: 0, dropped: false, focused: false });
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

  it('marks the flights of the focused request, and leaves out those whose end is not drawn', () => {
    const placed = placeFlights([flight({}), flight({ reqId: requestId(4) }), flight({ to: 'S9' }), flight({ from: 'page' })], 15, at, requestId(3));
    expect(placed.map((p) => p.focused)).toEqual([true, false]);
  });

  it('flies a client’s request from the edge of its box to the rim of the node’s glyph, and the reply back on the other lane', () => {
    const [out] = placeFlights([flight({ from: 'alice', to: 'S1', sentAt: 0, deliverAt: 10 })], 0, at, null);
    const [landed] = placeFlights([flight({ from: 'alice', to: 'S1', sentAt: 0, deliverAt: 10 })], 10, at, null);
    const [back] = placeFlights([flight({ from: 'S1', to: 'alice', kind: 'ack', sentAt: 0, deliverAt: 10 })], 0, at, null);
    // Straight up from alice's box (its top edge, 14 above her centre) to S1's rim (24 below its centre).
    expect(out?.y).toBeCloseTo(alice.y - box.halfHeight);
    expect(landed?.y).toBeCloseTo(S1.y + glyph.radius);
    // The two directions travel apart, one lane either side of the line between them.
    expect(Math.abs((out?.x ?? 0) - (back?.x ?? 0))).toBeCloseTo(2 * laneOffset);
    expect(back?.y).toBeCloseTo(S1.y + glyph.radius);
  });
});

describe('litLanes', () => {
  it('lights a lane for glowMs after it carried a message, rim to rim', () => {
    const sends = new Map([['S1→S2', 1_000], ['S2→S9', 1_000]]);
    expect(litLanes(sends, 1_000 + glowMs - 1, at)).toEqual([rimToRim(S1, S2)]);
    expect(litLanes(sends, 1_000 + glowMs, at)).toEqual([]);
  });
});
