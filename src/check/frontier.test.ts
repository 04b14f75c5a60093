// Goal: the frontier sweep finds exactly the misses a brute-force reading of the definition
// finds, and stays readable when a read misses many siblings. Method: fast-check builds messy
// histories (overlapping ops, contexts joined from random earlier versions, gets returning
// random subsets) and compares findMisses with an O(n²) oracle; plus hand-built sibling piles.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../tests/fcSeed';
import { coverageOf, supersedes } from './dominance';
import { findMisses, getsAsProbes, writesAsPast } from './frontier';
import type { Clock, ConflictMode, OpRecord, VersionRecord } from './history';
import { FINDING_OPS_MAX } from './report';
import { findStaleReads } from './staleReads';
import { okDelete, okGet, okPut, version } from './testHistory';

const writeSpec = fc.record({
  node: fc.constantFrom('A', 'B', 'C'),
  parents: fc.array(fc.nat(), { maxLength: 3 }),
  invokeAt: fc.integer({ min: 0, max: 100 }),
  latencyMs: fc.integer({ min: 0, max: 30 }),
  timestampMs: fc.integer({ min: 0, max: 50 }),
  deleted: fc.boolean(),
});
const getSpec = fc.record({
  picks: fc.array(fc.nat(), { maxLength: 4 }),
  invokeAt: fc.integer({ min: 0, max: 140 }),
  latencyMs: fc.integer({ min: 0, max: 30 }),
});

type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** Writes whose contexts join the clocks of random earlier versions, and gets of random subsets. */
function messyHistory(writes: Generated<typeof writeSpec>[], gets: Generated<typeof getSpec>[]): OpRecord[] {
  const versions: VersionRecord[] = [];
  const counters = new Map<string, number>();
  const history: OpRecord[] = [];
  for (const w of writes) {
    const context: Clock = {};
    for (const p of w.parents) {
      const parent = versions.length === 0 ? undefined : versions[p % versions.length];
      for (const [n, c] of Object.entries(parent?.clock ?? {})) context[n] = Math.max(context[n] ?? 0, c);
    }
    const counter = Math.max(counters.get(w.node) ?? 0, context[w.node] ?? 0) + 1;
    counters.set(w.node, counter);
    const v = version(w.node, counter, `v${versions.length}`, { context, timestampMs: w.timestampMs, deleted: w.deleted });
    versions.push(v);
    const where = { id: history.length, at: [w.invokeAt, w.invokeAt + w.latencyMs] as [number, number] };
    history.push(w.deleted ? okDelete(where, v) : okPut(where, v));
  }
  for (const g of gets) {
    const returned = versions.length === 0 ? [] : [...new Set(g.picks.map((p) => versions[p % versions.length]))];
    const defined = returned.filter((v): v is VersionRecord => v !== undefined);
    history.push(okGet({ id: history.length, at: [g.invokeAt, g.invokeAt + g.latencyMs] }, defined));
  }
  return history;
}

/**
 * The definition, read literally: per get, the completed writes nothing completed supersedes,
 * less those it covers; a get that returned nothing covers every tombstone (the key reads as
 * deleted).
 */
function oracle(history: readonly OpRecord[], mode: ConflictMode): Map<number, number> {
  const missedByGet = new Map<number, number>();
  const writes = history.filter((op) => op.op !== 'get');
  for (const get of history.filter((op) => op.op === 'get')) {
    const done = writes.filter((w) => w.completeAt < get.invokeAt).flatMap((w) => w.versions);
    const coverage = coverageOf(get.versions, mode);
    const missed = done.filter((x) => !done.some((y) => supersedes(y, x, mode)) && !coverage.covers(x) && !(get.versions.length === 0 && x.deleted === true));
    if (missed.length > 0) missedByGet.set(get.id, missed.length);
  }
  return missedByGet;
}

describe('the frontier sweep', () => {
  it('finds exactly the misses the literal definition finds, in both modes', () => {
    fc.assert(
      fc.property(
        fc.array(writeSpec, { maxLength: 25 }),
        fc.array(getSpec, { maxLength: 15 }),
        fc.constantFrom<ConflictMode>('vclock', 'lww'),
        (writes, gets, mode) => {
          const history = messyHistory(writes, gets);
          const misses = findMisses(writesAsPast(history), getsAsProbes(history), mode);
          const found = new Map(misses.map((m) => [m.probe.op.id, m.missedCount]));
          expect(found).toEqual(oracle(history, mode));
          for (const m of misses) expect(m.missed).toHaveLength(Math.min(m.missedCount, FINDING_OPS_MAX - 1));
        },
      ),
      fcParams(500),
    );
  });

  it('a get missing 35 of 40 concurrent siblings gets one capped finding naming the newest and counting all', () => {
    const siblings = Array.from({ length: 40 }, (_, i) => version('A', i + 1, `s${i}`));
    const puts = siblings.map((v, i) => okPut({ id: i, at: [0, 10] }, v));
    const [finding] = findStaleReads([...puts, okGet({ id: 40, at: [20, 30] }, siblings.slice(35))], 'vclock');
    expect(finding?.ops).toHaveLength(FINDING_OPS_MAX);
    expect(finding?.ops[0]).toBe(40);
    expect(finding?.ops).not.toContain(39);
    expect(finding?.ops).toContain(34);
    expect(finding?.detail).toContain('and 31 more');
  });
});
