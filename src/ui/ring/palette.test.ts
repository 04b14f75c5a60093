// Goal: a node keeps its colour while it is a member, whoever joins or leaves; newcomers take the
// colours no one holds first, so colours repeat only past seven nodes.
import { describe, expect, it } from 'vitest';
import { colourSlots, nodeColour } from './palette';

const ids = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `S${from + i}`);

describe('colourSlots', () => {
  it('gives a first cluster one colour each, in list order', () => {
    const slots = colourSlots(ids(5), new Map());
    expect([...slots.values()]).toEqual([0, 1, 2, 3, 4]);
    expect(new Set([...slots.values()].map(nodeColour)).size).toBe(5);
  });

  it('a leave repaints no one, and the next join takes the freed colour', () => {
    const before = colourSlots(ids(5), new Map());
    const afterLeave = colourSlots(['S1', 'S2', 'S4', 'S5'], before);
    for (const id of afterLeave.keys()) expect(afterLeave.get(id)).toBe(before.get(id));
    const afterJoin = colourSlots(['S1', 'S2', 'S4', 'S5', 'S6'], afterLeave);
    expect(afterJoin.get('S6')).toBe(before.get('S3'));
  });

  it('past seven members, a newcomer shares the colour held by the fewest', () => {
    let slots = colourSlots(ids(7), new Map());
    expect(new Set(slots.values()).size).toBe(7);
    slots = colourSlots(ids(9), slots);
    expect(slots.get('S8')).toBe(0);
    expect(slots.get('S9')).toBe(1);
    // S1 leaves: slot 0 is now held once only, by S8, like slots 2 to 6.
    slots = colourSlots([...ids(8, 2), 'S10'], slots);
    expect(slots.get('S10')).toBe(0);
  });
});
