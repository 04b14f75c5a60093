/**
 * Goal: a replica keeps exactly the versions no other version dominates, dots stay unique, and
 * the dotted-version-vector rule keeps concurrent puts from one coordinator as siblings where
 * plain vector clocks would lose one. Method: hand-built versions, plus fast-check properties
 * that merging is order-independent (replicas that see the same writes agree) and that the
 * shortcut for merging into a sibling set answers exactly what the full merge answers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { Version } from './version';
import { causallyDominates, displayClock } from './version';
import { contextOf, mergeIntoSiblings, mergeSiblings, nextCounter, sameSiblings, siblingCountWith } from './siblings';
import { compareClocks, mergeAllClocks } from './vectorClock';
import type { Clock } from './vectorClock';

function put(actor: string, local: readonly Version[], context: Clock, value: string, ts = 0): Version {
  return { value, deleted: false, dot: { node: actor, counter: nextCounter(actor, local, context) }, context, timestampMs: ts };
}

/** Versions of three actors with small counters and arbitrary contexts: dots repeat, and some contexts cover each other both ways. */
const smallActor = fc.constantFrom('a', 'b', 'c');
const smallVersionArb = fc.record({
  value: fc.constant('v'),
  deleted: fc.constant(false),
  dot: fc.record({ node: smallActor, counter: fc.integer({ min: 1, max: 4 }) }),
  context: fc.dictionary(smallActor, fc.integer({ min: 0, max: 4 }), { maxKeys: 3 }),
  timestampMs: fc.integer({ min: 0, max: 3 }),
});

describe('sibling sets', () => {
  it('a put from the latest context replaces the version it read', () => {
    const d1 = put('Sx', [], {}, 'D1');
    const d2 = put('Sx', [d1], displayClock(d1), 'D2');
    expect(mergeSiblings([d1], [d2], 'vclock')).toEqual([d2]);
  });

  it('two puts from the same context through the same coordinator stay siblings', () => {
    const d1 = put('Sx', [], {}, 'D1');
    const a = put('Sx', [d1], displayClock(d1), 'A');
    const afterA = mergeSiblings([d1], [a], 'vclock');
    const b = put('Sx', afterA, displayClock(d1), 'B');
    const both = mergeSiblings(afterA, [b], 'vclock');
    expect(both.map((v) => v.value).sort()).toEqual(['A', 'B']);
    // The trap the dots avoid: as plain vector clocks, B's clock is strictly after A's.
    expect(compareClocks(displayClock(a), displayClock(b))).toBe('before');
    expect(causallyDominates(b, a)).toBe(false);
  });

  it('a read of both siblings and a write back reconciles them', () => {
    const base = put('Sx', [], {}, 'D2');
    const d3 = put('Sy', [base], displayClock(base), 'D3');
    const d4 = put('Sz', [base], displayClock(base), 'D4');
    const siblings = mergeSiblings([d3], [d4], 'vclock');
    expect(siblings).toHaveLength(2);
    const d5 = put('Sx', siblings, contextOf(siblings), 'D5');
    expect(mergeSiblings(siblings, [d5], 'vclock')).toEqual([d5]);
  });

  it('last-write-wins keeps only the highest timestamp, and a skewed later write loses', () => {
    const early = put('Sx', [], {}, 'early', 100);
    const late = put('Sy', [early], displayClock(early), 'late', 90);
    expect(mergeSiblings([early], [late], 'lww')).toEqual([early]);
  });

  it('new dots are fresh: above every counter the replica or the client knows', () => {
    const v = put('Sx', [], { Sx: 7 }, 'v');
    expect(v.dot.counter).toBe(8);
    expect(nextCounter('Sx', [v], {})).toBe(9);
  });

  it('merging the same writes in any order gives the same siblings, when contexts are causally closed', () => {
    // The protocol only ever sends contexts that are causally closed: a client's context is the
    // merge of full sibling sets (see docs/protocol.md). Build such contexts: a write's context
    // covers its parents, everything in their pasts, and the earlier dots of their actors.
    const covers = (ctx: Clock, v: Version) => (ctx[v.dot.node] ?? 0) >= v.dot.counter;
    const closedContext = (made: readonly Version[], parents: readonly Version[]): Clock => {
      let ctx = contextOf(parents);
      for (let changed = true; changed; ) {
        const next = contextOf(made.filter((v) => covers(ctx, v)).concat(parents));
        changed = JSON.stringify(next) !== JSON.stringify(ctx);
        ctx = next;
      }
      return ctx;
    };
    const specsArb = fc.array(fc.record({ actor: fc.constantFrom('a', 'b', 'c'), parents: fc.array(fc.nat(), { maxLength: 3 }) }), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(specsArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 10, maxLength: 10 }), (specs, order) => {
        const made: Version[] = [];
        specs.forEach((s, i) => {
          const parents = s.parents.filter((p) => p < made.length).map((p) => made[p] as Version);
          made.push(put(s.actor, made, closedContext(made, parents), `v${i}`));
        });
        const inOrder = made.reduce<Version[]>((acc, v) => mergeSiblings(acc, [v], 'vclock'), []);
        // A true random permutation, not a rotation.
        const shuffled = made.map((v, i) => ({ v, k: order[i] ?? 0 })).sort((x, y) => x.k - y.k).map((x) => x.v);
        const otherOrder = shuffled.reduce<Version[]>((acc, v) => mergeSiblings(acc, [v], 'vclock'), []);
        expect(sameSiblings(inOrder, otherOrder)).toBe(true);
        for (const x of inOrder) for (const y of inOrder) expect(causallyDominates(y, x)).toBe(false);
      }),
      fcParams(500),
    );
  });

  it('merging into a sibling set gives the full merge: the same version objects, in the same order', () => {
    // Arbitrary contexts, not only causally closed ones, and repeated dots with different
    // objects: the shortcut must agree with mergeSiblings wherever its precondition holds.
    const actor = fc.constantFrom('a', 'b', 'c');
    const versionArb = fc.record({
      value: fc.string({ maxLength: 2 }),
      deleted: fc.boolean(),
      dot: fc.record({ node: actor, counter: fc.integer({ min: 1, max: 4 }) }),
      context: fc.dictionary(actor, fc.integer({ min: 0, max: 4 }), { maxKeys: 3 }),
      timestampMs: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 8 }), fc.array(versionArb, { maxLength: 4 }), fc.constantFrom('vclock' as const, 'lww' as const), (a, b, mode) => {
        const siblings = mergeSiblings([], a, mode);
        const full = mergeSiblings(siblings, b, mode);
        const shortcut = mergeIntoSiblings(siblings, b, mode);
        expect(shortcut.length).toBe(full.length);
        shortcut.forEach((v, i) => expect(v).toBe(full[i]));
      }),
      fcParams(2000),
    );
  });

  it('merging into a sibling set gives the full merge when some incoming versions are its own objects', () => {
    // A node's set reaching another unchanged shares its objects (the simulator's nodes do):
    // the reference shortcuts must answer what comparing dots answers.
    fc.assert(
      fc.property(fc.array(smallVersionArb, { maxLength: 6 }), fc.array(smallVersionArb, { maxLength: 2 }), fc.array(fc.nat(), { maxLength: 4 }), (a, b, picks) => {
        const siblings = mergeSiblings([], a, 'vclock');
        const incoming = siblings.length === 0 ? b : [...b, ...picks.map((i) => siblings[i % siblings.length] as Version)];
        const full = mergeSiblings(siblings, incoming, 'vclock');
        const shortcut = mergeIntoSiblings(siblings, incoming, 'vclock');
        expect(shortcut.length).toBe(full.length);
        shortcut.forEach((v, i) => expect(v).toBe(full[i]));
      }),
      fcParams(2000),
    );
  });

  it('counting a sibling set with one more version gives the full merge\'s count', () => {
    fc.assert(
      fc.property(fc.array(smallVersionArb, { maxLength: 8 }), smallVersionArb, fc.nat(), fc.constantFrom('vclock' as const, 'lww' as const), (a, fresh, pick, mode) => {
        const siblings = mergeSiblings([], a, mode);
        // Sometimes one of the set's own objects, as a coordinator's read of its own mint.
        const v = pick % 3 === 0 && siblings.length > 0 ? (siblings[pick % siblings.length] as Version) : fresh;
        expect(siblingCountWith(siblings, v, mode)).toBe(mergeSiblings(siblings, [v], mode).length);
      }),
      fcParams(2000),
    );
  });

  it('a context is the merge of the display clocks, entries in the same order', () => {
    const actor = fc.constantFrom('a', 'b', 'c', 'd');
    const versionArb = fc.record({
      value: fc.constant('v'),
      deleted: fc.boolean(),
      dot: fc.record({ node: actor, counter: fc.integer({ min: 1, max: 5 }) }),
      context: fc.dictionary(actor, fc.integer({ min: 0, max: 5 }), { maxKeys: 4 }),
      timestampMs: fc.constant(0),
    });
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 4 }), (versions) => {
        // JSON compares entry order too: contexts end up in traces and histories.
        expect(JSON.stringify(contextOf(versions))).toBe(JSON.stringify(mergeAllClocks(versions.map(displayClock))));
      }),
      fcParams(500),
    );
  });
});
