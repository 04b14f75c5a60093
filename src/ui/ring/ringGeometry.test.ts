// Goal: the drawing's geometry matches the ring it draws. Method: exact angles for known
// positions, arcs that tile the circle, and preference lists equal to the core's.
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../core/ids';
import { buildRing, preferenceList, ringPositionCount } from '../../core/ring';
import { angleOf, clientAnchorPositions, glyphPositions, laneOf, ownedArcs, placeKey, pointAt, reachAlong } from './ringGeometry';

const ring = buildRing(['S1', 'S2', 'S3', 'S4', 'S5'].map((id) => ({ id: nodeId(id) })), 16);

describe('ring geometry', () => {
  it('puts position 0 at twelve o’clock and a quarter turn at three o’clock', () => {
    expect(angleOf(0)).toBe(0);
    expect(angleOf(ringPositionCount / 4)).toBeCloseTo(Math.PI / 2);
    const p = pointAt({ x: 0, y: 0 }, angleOf(ringPositionCount / 4), 10);
    expect(p.x).toBeCloseTo(10);
    expect(p.y).toBeCloseTo(0);
  });

  it('owned arcs tile the whole circle, one per token', () => {
    const arcs = ownedArcs(ring);
    expect(arcs).toHaveLength(80);
    const total = arcs.reduce((sum, a) => sum + (a.endAngle - a.startAngle), 0);
    expect(total).toBeCloseTo(2 * Math.PI);
  });

  it('a key’s placement lists the core’s preference list, met in clockwise order', () => {
    for (const key of ['apple', 'banana', 'cart:ada', '']) {
      const placed = placeKey(ring, key, 3);
      const expected = preferenceList(ring, key, 3);
      expect(placed.replicas).toEqual(expected.replicas);
      expect(placed.fallbacks).toEqual(expected.fallbacks);
      const angles = [...placed.replicas, ...placed.fallbacks].map((id) => placed.metAt.get(id) ?? NaN);
      expect(angles.every((a, i) => i === 0 || a > (angles[i - 1] ?? 0))).toBe(true);
      expect(angles[0]).toBeGreaterThanOrEqual(placed.angle);
    }
  });

  it('places glyphs evenly, the first at the top', () => {
    const at = glyphPositions([nodeId('a'), nodeId('b')], { x: 0, y: 0 }, 10);
    expect(at.get(nodeId('a'))?.y).toBeCloseTo(-10);
    expect(at.get(nodeId('b'))?.y).toBeCloseTo(10);
  });

  it('spreads client anchors on an arc centred on three o’clock, top first, closer together when many', () => {
    const deg = Math.PI / 180;
    const two = clientAnchorPositions(['alice', 'bob'], { x: 0, y: 0 }, 100, 16 * deg, 100 * deg);
    expect(two.get('alice')?.x).toBeCloseTo(100 * Math.cos(8 * deg));
    expect(two.get('alice')?.y).toBeCloseTo(-100 * Math.sin(8 * deg));
    expect(two.get('bob')?.y).toBeCloseTo(100 * Math.sin(8 * deg));
    const nine = [...clientAnchorPositions(Array.from({ length: 9 }, (_, i) => `c${i}`), { x: 0, y: 0 }, 100, 16 * deg, 100 * deg).values()];
    // Nine at 16° would span 128°: they close up to span 100°, 50° either side of three o’clock.
    expect(nine[0]?.y).toBeCloseTo(-100 * Math.sin(50 * deg));
    expect(nine[8]?.y).toBeCloseTo(100 * Math.sin(50 * deg));
    expect(nine.every((p, i) => i === 0 || p.y > (nine[i - 1]?.y ?? Infinity))).toBe(true);
    const solo = clientAnchorPositions(['solo'], { x: 0, y: 0 }, 100, 16 * deg, 100 * deg).get('solo');
    expect(solo?.x).toBeCloseTo(100);
    expect(solo?.y).toBeCloseTo(0);
  });

  it('measures how far an outline reaches: a circle its radius, a box to the edge the direction crosses', () => {
    expect(reachAlong({ radius: 24 }, 0.6, 0.8)).toBe(24);
    const box = { halfWidth: 38, halfHeight: 14 };
    expect(reachAlong(box, 1, 0)).toBeCloseTo(38);
    expect(reachAlong(box, 0, -1)).toBeCloseTo(14);
    // At 45° the top edge is met first: 14 / sin 45°.
    expect(reachAlong(box, Math.SQRT1_2, Math.SQRT1_2)).toBeCloseTo(14 * Math.SQRT2);
  });

  it('shifts the two directions of a link to opposite sides', () => {
    const there = laneOf({ x: 0, y: 0 }, { x: 10, y: 0 }, 2);
    const back = laneOf({ x: 10, y: 0 }, { x: 0, y: 0 }, 2);
    expect(there.from.y).toBeCloseTo(2);
    expect(back.from.y).toBeCloseTo(-2);
  });
});
