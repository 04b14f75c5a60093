// Goal: pin the two order rules every check relies on. Method: small hand-built versions,
// compared both ways, including the DVV case a plain vector clock would get wrong.
import { describe, expect, it } from 'vitest';
import { causallyDominates, compareLww, coverageOf, supersedes } from './dominance';
import { version } from './testHistory';

describe('causal domination', () => {
  it('a version written from a context holding another dot dominates that version', () => {
    const x = version('A', 1, 'x');
    const y = version('B', 1, 'y', { context: { A: 1 } });
    expect(causallyDominates(y, x)).toBe(true);
    expect(causallyDominates(x, y)).toBe(false);
  });

  it('two puts from the same empty context through one coordinator stay concurrent', () => {
    const first = version('A', 1, 'x');
    const second = version('A', 2, 'y');
    expect(second.clock).toEqual({ A: 2 });
    expect(causallyDominates(second, first)).toBe(false);
    expect(causallyDominates(first, second)).toBe(false);
  });

  it('a version never dominates itself', () => {
    const x = version('A', 1, 'x', { context: { A: 1 } });
    expect(causallyDominates(x, x)).toBe(false);
  });
});

describe('last-write-wins order', () => {
  it('orders by timestamp, then node, then counter', () => {
    expect(compareLww(version('A', 1, 'a', { timestampMs: 2 }), version('B', 9, 'b', { timestampMs: 1 }))).toBeGreaterThan(0);
    expect(compareLww(version('B', 1, 'b', { timestampMs: 5 }), version('A', 9, 'a', { timestampMs: 5 }))).toBeGreaterThan(0);
    expect(compareLww(version('A', 2, 'a', { timestampMs: 5 }), version('A', 1, 'a', { timestampMs: 5 }))).toBeGreaterThan(0);
  });

  it('a later timestamp supersedes under lww but not causally', () => {
    const early = version('A', 1, 'a', { timestampMs: 10 });
    const late = version('B', 1, 'b', { timestampMs: 20 });
    expect(supersedes(late, early, 'lww')).toBe(true);
    expect(supersedes(late, early, 'vclock')).toBe(false);
  });
});

describe('coverage of a result', () => {
  it('covers a version it holds or one any member dominates, and nothing else', () => {
    const held = version('B', 3, 'b', { context: { A: 2 } });
    const coverage = coverageOf([held], 'vclock');
    expect(coverage.covers(held)).toBe(true);
    expect(coverage.covers(version('A', 2, 'a'))).toBe(true);
    expect(coverage.covers(version('A', 3, 'a'))).toBe(false);
    expect(coverage.covers(version('B', 2, 'b'))).toBe(false);
  });

  it('an empty result covers nothing in either mode', () => {
    expect(coverageOf([], 'vclock').covers(version('A', 1, 'a'))).toBe(false);
    expect(coverageOf([], 'lww').covers(version('A', 1, 'a'))).toBe(false);
  });
});
