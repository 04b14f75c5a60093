// Goal: the plain-words line says exactly what is true for each N/W/R, and a slider move never
// leaves the bounds. Method: table of quorums against the expected lines.
import { describe, expect, it } from 'vitest';
import { moveQuorum, quorumWords } from './quorumWords';

const overlap = 'W + R > N: every read quorum overlaps every write quorum, so a read sees the last completed write';

describe('quorumWords', () => {
  it('says reads see the last completed write when W + R > N under a strict quorum', () => {
    expect(quorumWords({ n: 3, w: 2, r: 2 }, false)).toEqual([overlap]);
  });

  it('adds the failure caveat when sloppy quorum is on', () => {
    expect(quorumWords({ n: 3, w: 2, r: 2 }, true)).toEqual([`${overlap} … except during failures, when fallbacks stand in`]);
  });

  it('says reads may be stale when W + R ≤ N', () => {
    expect(quorumWords({ n: 3, w: 1, r: 1 }, false)).toEqual(['W + R ≤ N: reads may be stale']);
    expect(quorumWords({ n: 4, w: 2, r: 2 }, true)).toEqual(['W + R ≤ N: reads may be stale']);
  });

  it('names fast reads for R = 1, W = N and fast writes for R = N, W = 1', () => {
    expect(quorumWords({ n: 3, w: 3, r: 1 }, false)).toEqual([overlap, 'R = 1, W = N: fast reads']);
    expect(quorumWords({ n: 3, w: 1, r: 3 }, false)).toEqual([overlap, 'R = N, W = 1: fast writes']);
  });

  it('with N = 1 every quorum is both fast-read and fast-write', () => {
    expect(quorumWords({ n: 1, w: 1, r: 1 }, false)).toEqual([overlap, 'R = 1, W = N: fast reads', 'R = N, W = 1: fast writes']);
  });
});

describe('moveQuorum', () => {
  it('lowering N pulls W and R down with it', () => {
    expect(moveQuorum({ n: 3, w: 3, r: 2 }, 'n', 2, 5)).toEqual({ n: 2, w: 2, r: 2 });
  });

  it('keeps N within the node count and W, R within N', () => {
    expect(moveQuorum({ n: 3, w: 2, r: 2 }, 'n', 9, 5)).toEqual({ n: 5, w: 2, r: 2 });
    expect(moveQuorum({ n: 3, w: 2, r: 2 }, 'w', 4, 5)).toEqual({ n: 3, w: 3, r: 2 });
    expect(moveQuorum({ n: 3, w: 2, r: 2 }, 'r', 0, 5)).toEqual({ n: 3, w: 2, r: 1 });
  });

  it('rounds a fractional slider value to a whole number', () => {
    expect(moveQuorum({ n: 3, w: 2, r: 2 }, 'w', 1.4, 5)).toEqual({ n: 3, w: 1, r: 2 });
  });
});
