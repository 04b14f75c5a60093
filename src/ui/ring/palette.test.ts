// Goal: a node keeps its colour while it is a member, whoever joins or leaves, and after a reload;
// newcomers take the colours no one holds first, so colours repeat only past seven nodes. Method:
// slots for hand-made member lists; a reload as the page meets it, the cluster's configuration
// read back through JSON with the slots it saved, and nothing held in memory.
import { describe, expect, it } from 'vitest';
import type { LiveClusterConfig } from '../../runtime/clusterConfig';
import { defaultClusterConfig, presentNodes, withColourSlots } from '../../runtime/clusterConfig';
import { colourSlots, nodeColour, nodeSlots } from './palette';

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

describe('nodeSlots', () => {
  it('a reload after a leave and a join keeps every colour: the slots saved with the cluster win over list positions', () => {
    let config: LiveClusterConfig = defaultClusterConfig('colours', 1);
    let held = new Map<string, number>();
    /** What the page does as it draws: slots for the present nodes, saved with the cluster when one is new. */
    const draw = () => {
      held = nodeSlots(presentNodes(config), held);
      config = withColourSlots(config, held) ?? config;
      return Object.fromEntries([...held].map(([id, slot]) => [id, nodeColour(slot)]));
    };
    const first = draw();
    config = { ...config, nodes: [...config.nodes.map((n) => (n.id === 'S2' ? { ...n, left: true } : n)), { id: 'S6', incarnation: 0, down: false }] };
    const drawn = draw();
    expect(drawn).toMatchObject({ S1: first.S1, S3: first.S3, S4: first.S4, S5: first.S5, S6: first.S2 });
    // A reload: the page holds nothing, and the configuration comes back as it was saved.
    held = new Map();
    config = JSON.parse(JSON.stringify(config)) as LiveClusterConfig;
    expect(draw()).toEqual(drawn);
  });

  it('takes a damaged saved slot as absent, and a node the cluster has not saved a slot for keeps the one it held', () => {
    const slots = nodeSlots(
      [
        { id: 'S1', colourSlot: -1 },
        { id: 'S2', colourSlot: 1.5 },
        { id: 'S3', colourSlot: 4 },
        { id: 'S4' },
      ],
      new Map([['S4', 6]]),
    );
    expect(slots.get('S3')).toBe(4);
    expect(slots.get('S4')).toBe(6);
    expect([slots.get('S1'), slots.get('S2')]).toEqual([0, 1]);
  });
});
