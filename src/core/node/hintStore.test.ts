/**
 * Goal: a coordinator's next counter for a key stays above every dot it ever minted there,
 * its one-off actors' (`n2+7`, counting as 7) included, and ignores other actors whose names
 * merely start alike. Method: floors raised in memory (no disk involved), then read back.
 */
import { describe, expect, it } from 'vitest';
import type { Disk } from '../disk';
import type { Version } from '../versions/version';
import { HintStore } from './hintStore';

const noDisk: Disk = {
  append: (_records, done) => done({ ok: true }),
  replay: (done) => done({ ok: true, records: [] }),
};

function dot(node: string, counter: number): Version {
  return { value: null, deleted: false, dot: { node, counter }, context: {}, timestampMs: 0 };
}

describe('hint store floors', () => {
  it('counts an actor, its one-off actors by their number, and nothing else', () => {
    const hints = new HintStore(noDisk, 'vclock');
    expect(hints.counterFloor('k', 'n2')).toBe(0);
    hints.raiseFloor('k', [dot('n2', 3), dot('n2+9', 1), dot('n2+', 1), dot('n22', 40), dot('n22+50', 1), dot('n1+70', 1)]);
    expect(hints.counterFloor('k', 'n2')).toBe(9);
    expect(hints.counterFloor('k', 'n22')).toBe(50);
    expect(hints.counterFloor('k', 'n1')).toBe(70);
    expect(hints.counterFloor('other', 'n2')).toBe(0);
  });
});
