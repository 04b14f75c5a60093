// Goal: the drawing's geometry matches the ring it draws. Method: exact angles for known
// positions, arcs that tile the circle, and preference lists equal to the core's.
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../core/ids';
import { buildRing, preferenceList, ringPositionCount } from '../../core/ring';
import { angleOf, glyphPositions, laneOf, ownedArcs, placeKey, pointAt } from './ringGeometry';

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

  it('shifts the two directions of a link to opposite sides', () => {
    const there = laneOf({ x: 0, y: 0 }, { x: 10, y: 0 }, 2);
    const back = laneOf({ x: 10, y: 0 }, { x: 0, y: 0 }, 2);
    expect(there.from.y).toBeCloseTo(2);
    expect(back.from.y).toBeCloseTo(-2);
  });
});
