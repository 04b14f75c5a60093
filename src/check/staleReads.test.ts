// Goal: a get is stale exactly when it misses a write acknowledged before it began. Method:
// pairs of near-identical hand-built histories, one that must be reported and one that must not.
import { describe, expect, it } from 'vitest';
import { findStaleReads } from './staleReads';
import { okDelete, okGet, okPut, version } from './testHistory';

const v1 = version('A', 1, 'v1', { timestampMs: 100 });
const v2 = version('A', 2, 'v2', { context: { A: 1 }, timestampMs: 200 });

describe('stale reads', () => {
  it('a get that misses a write acknowledged before it began is stale, naming both ops', () => {
    const history = [okPut({ id: 1, at: [0, 10] }, v1), okPut({ id: 2, at: [20, 30] }, v2), okGet({ id: 3, at: [40, 50] }, [v1])];
    const findings = findStaleReads(history, 'vclock');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.ops).toEqual([3, 2]);
    expect(findings[0]?.key).toBe('k');
    expect(findings[0]?.detail).toContain('put #2 by c1 of "v2" (dot A:2, acknowledged at 30 ms)');
  });

  it('a get that returns the latest write is not stale', () => {
    const history = [okPut({ id: 1, at: [0, 10] }, v1), okPut({ id: 2, at: [20, 30] }, v2), okGet({ id: 3, at: [40, 50] }, [v2])];
    expect(findStaleReads(history, 'vclock')).toEqual([]);
  });

  it('a version that causally dominates the missed write excuses the get', () => {
    const later = version('B', 1, 'v3', { context: { A: 2 } });
    const history = [okPut({ id: 2, at: [20, 30] }, v2), okGet({ id: 3, at: [40, 50] }, [later])];
    expect(findStaleReads(history, 'vclock')).toEqual([]);
  });

  it('a sibling concurrent with the missed write does not excuse the get', () => {
    const sibling = version('B', 1, 'v3', { context: { A: 1 } });
    const history = [okPut({ id: 2, at: [20, 30] }, v2), okGet({ id: 3, at: [40, 50] }, [sibling])];
    expect(findStaleReads(history, 'vclock').map((f) => f.ops)).toEqual([[3, 2]]);
  });

  it('a write still in flight when the get began does not make the get stale', () => {
    const history = [okPut({ id: 1, at: [0, 10] }, v1), okPut({ id: 2, at: [20, 45] }, v2), okGet({ id: 3, at: [40, 50] }, [v1])];
    expect(findStaleReads(history, 'vclock')).toEqual([]);
  });

  it('one stale get gives one finding naming only the maximal missed write', () => {
    const v3 = version('A', 3, 'v3', { context: { A: 2 } });
    const history = [
      okPut({ id: 1, at: [0, 10] }, v1),
      okPut({ id: 2, at: [20, 30] }, v2),
      okPut({ id: 3, at: [31, 35] }, v3),
      okGet({ id: 4, at: [40, 50] }, []),
    ];
    expect(findStaleReads(history, 'vclock').map((f) => f.ops)).toEqual([[4, 3]]);
  });

  it('a get missing two concurrent writes names both', () => {
    const a = version('A', 1, 'a');
    const b = version('B', 1, 'b');
    const history = [okPut({ id: 1, at: [0, 10] }, a), okPut({ id: 2, at: [0, 12] }, b), okGet({ id: 3, at: [20, 30] }, [a])];
    expect(findStaleReads(history, 'vclock').map((f) => f.ops)).toEqual([[3, 2]]);
    expect(findStaleReads([...history, okGet({ id: 4, at: [20, 30] }, [])], 'vclock').map((f) => f.ops)).toEqual([
      [3, 2],
      [4, 1, 2],
    ]);
  });

  it('after an acknowledged delete, a get returning its tombstone or nothing is not stale; one returning the deleted value is', () => {
    const tomb = version('A', 2, null, { context: { A: 1 }, deleted: true });
    const history = [okPut({ id: 1, at: [0, 10] }, v1), okDelete({ id: 2, at: [20, 30] }, tomb)];
    expect(findStaleReads([...history, okGet({ id: 3, at: [40, 50] }, [tomb])], 'vclock')).toEqual([]);
    // Nothing: the key reads as deleted, as after the tombstone's purge once its grace period is over.
    expect(findStaleReads([...history, okGet({ id: 3, at: [40, 50] }, [])], 'vclock')).toEqual([]);
    expect(findStaleReads([...history, okGet({ id: 3, at: [40, 50] }, [v1])], 'vclock').map((f) => f.ops)).toEqual([[3, 2]]);
  });

  it('a get returning nothing still misses a put acknowledged beside or after a delete', () => {
    const tomb = version('A', 2, null, { context: { A: 1 }, deleted: true, timestampMs: 300 });
    const beside = version('B', 1, 'beside', { timestampMs: 200 });
    const history = [okPut({ id: 1, at: [0, 10] }, v1), okDelete({ id: 2, at: [20, 30] }, tomb), okPut({ id: 3, at: [20, 30] }, beside)];
    expect(findStaleReads([...history, okGet({ id: 4, at: [40, 50] }, [])], 'vclock').map((f) => f.ops)).toEqual([[4, 3]]);
    // Under lww the delete is the latest write: nothing is what it left.
    expect(findStaleReads([...history, okGet({ id: 4, at: [40, 50] }, [])], 'lww')).toEqual([]);
    const after = version('B', 2, 'after', { context: { A: 2 }, timestampMs: 400 });
    expect(findStaleReads([...history, okPut({ id: 5, at: [31, 35] }, after), okGet({ id: 4, at: [40, 50] }, [])], 'lww').map((f) => f.ops)).toEqual([[4, 5]]);
  });

  it('writes on another key never make a get stale', () => {
    const history = [okPut({ id: 1, at: [0, 10], key: 'other' }, v1), okGet({ id: 2, at: [40, 50] }, [])];
    expect(findStaleReads(history, 'vclock')).toEqual([]);
  });
});

describe('stale reads under last-write-wins', () => {
  const unrelatedLater = version('B', 1, 'v3', { timestampMs: 300 });
  const unrelatedEarlier = version('B', 1, 'v3', { timestampMs: 150 });

  it('a version with a later timestamp excuses the get under lww but not under vclock', () => {
    const history = [okPut({ id: 2, at: [20, 30] }, v2), okGet({ id: 3, at: [40, 50] }, [unrelatedLater])];
    expect(findStaleReads(history, 'lww')).toEqual([]);
    expect(findStaleReads(history, 'vclock')).toHaveLength(1);
  });

  it('a version with an earlier timestamp does not excuse the get under lww', () => {
    const history = [okPut({ id: 2, at: [20, 30] }, v2), okGet({ id: 3, at: [40, 50] }, [unrelatedEarlier])];
    const findings = findStaleReads(history, 'lww');
    expect(findings.map((f) => f.ops)).toEqual([[3, 2]]);
    expect(findings[0]?.detail).toContain('ts 200');
  });
});
