/**
 * Goal: vector clocks form a partial order and merge is its least upper bound; pruning keeps
 * the newest entries. Method: fast-check over random clocks on a small actor alphabet (so
 * clocks collide and overlap often); FC_SEED replays a failure.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { Clock } from './vectorClock';
import { clockSize, compareClocks, formatClock, incrementClock, mergeClocks, pruneClock } from './vectorClock';

const clockArb: fc.Arbitrary<Clock> = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 4 }), { maxKeys: 4 });
const leq = (a: Clock, b: Clock) => {
  const o = compareClocks(a, b);
  return o === 'before' || o === 'equal';
};

describe('vector clocks', () => {
  it('compare is reflexive, antisymmetric and transitive', () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
        expect(compareClocks(a, a)).toBe('equal');
        if (leq(a, b) && leq(b, a)) expect(compareClocks(a, b)).toBe('equal');
        if (leq(a, b) && leq(b, c)) expect(leq(a, c)).toBe(true);
      }),
      fcParams(500),
    );
  });

  it('compare is the mirror image when its arguments swap', () => {
    const mirror = { before: 'after', after: 'before', equal: 'equal', concurrent: 'concurrent' } as const;
    fc.assert(fc.property(clockArb, clockArb, (a, b) => {
      expect(compareClocks(b, a)).toBe(mirror[compareClocks(a, b)]);
    }), fcParams(500));
  });

  it('merge is an upper bound, and the least one', () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
        const m = mergeClocks(a, b);
        expect(leq(a, m) && leq(b, m)).toBe(true);
        if (leq(a, c) && leq(b, c)) expect(leq(m, c)).toBe(true);
      }),
      fcParams(500),
    );
  });

  it('an increment is strictly after the clock it came from', () => {
    fc.assert(fc.property(clockArb, fc.constantFrom('a', 'b', 'z'), (a, actor) => {
      expect(compareClocks(a, incrementClock(a, actor))).toBe('before');
    }), fcParams(300));
  });

  it('two increments of one clock at different actors are concurrent', () => {
    const base = { Sx: 2 };
    expect(compareClocks(incrementClock(base, 'Sy'), incrementClock(base, 'Sz'))).toBe('concurrent');
  });

  it('treats a missing entry as zero', () => {
    expect(compareClocks({ a: 0 }, {})).toBe('equal');
    expect(compareClocks({}, { a: 1 })).toBe('before');
  });

  it('pruning drops the entries updated longest ago, unknown ones first', () => {
    const c = { a: 1, b: 2, c: 3, d: 4 };
    expect(pruneClock(c, { a: 10, b: 40, c: 30 }, 2)).toEqual({ b: 2, c: 3 });
    expect(pruneClock(c, {}, 4)).toBe(c);
  });

  it('a clock within the bound is its own pruning: what lets a coordinator skip the update times', () => {
    fc.assert(fc.property(clockArb, fc.integer({ min: 0, max: 5 }), (c, maxEntries) => {
      expect(clockSize(c)).toBe(Object.keys(c).length);
      if (clockSize(c) <= maxEntries) expect(pruneClock(c, {}, maxEntries)).toBe(c);
      else expect(clockSize(pruneClock(c, {}, maxEntries))).toBe(maxEntries);
    }), fcParams(300));
  });

  it('pruning can make a descendant look concurrent with its ancestor: the documented cost', () => {
    const ancestor = { a: 1, b: 1 };
    const descendant = pruneClock({ a: 1, b: 1, c: 1 }, { a: 0, b: 5, c: 6 }, 2);
    expect(compareClocks(ancestor, descendant)).toBe('concurrent');
  });

  it('formats clocks the way the chapter writes them', () => {
    expect(formatClock({ Sx: 1 })).toBe('[Sx,1]');
    expect(formatClock({ Sz: 1, Sx: 2 })).toBe('([Sx,2],[Sz,1])');
  });
});
