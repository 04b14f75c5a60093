// Goal: an acknowledged write is lost exactly when the final replicas neither hold it nor
// hold a version that causally saw it, in both modes. Method: near-identical history pairs.
import { describe, expect, it } from 'vitest';
import { findLostWrites } from './lostWrites';
import { failedPut, finalOf, okDelete, okPut, version } from './testHistory';

const v1 = version('A', 1, 'v1', { timestampMs: 100 });

describe('lost writes', () => {
  it('an acknowledged write that no replica holds and no final version saw is lost', () => {
    const other = version('B', 1, 'other');
    const findings = findLostWrites([okPut({ id: 1, at: [0, 10] }, v1)], finalOf(['B', 'k', [other]]), 'vclock');
    expect(findings.map((f) => f.ops)).toEqual([[1]]);
    expect(findings[0]?.detail).toContain('"v1" (dot A:1)');
    expect(findings[0]?.detail).toContain('"other" (dot B:1)');
  });

  it('an acknowledged write held by a single replica is not lost', () => {
    const final = finalOf(['A', 'k', []], ['B', 'k', [v1]]);
    expect(findLostWrites([okPut({ id: 1, at: [0, 10] }, v1)], final, 'vclock')).toEqual([]);
  });

  it('an acknowledged write superseded by a held version that saw it is not lost', () => {
    const v2 = version('B', 1, 'v2', { context: { A: 1 } });
    const history = [okPut({ id: 1, at: [0, 10] }, v1), okPut({ id: 2, at: [20, 30] }, v2)];
    expect(findLostWrites(history, finalOf(['B', 'k', [v2]]), 'vclock')).toEqual([]);
  });

  it('a write to a key no replica holds at all is lost', () => {
    const findings = findLostWrites([okPut({ id: 1, at: [0, 10] }, v1)], finalOf(), 'vclock');
    expect(findings[0]?.detail).toContain('no replica holds the key');
  });

  it('a delete whose tombstone is gone is not lost while nothing it deleted is back', () => {
    const tomb = version('B', 1, null, { context: { A: 1 }, deleted: true });
    const history = [okPut({ id: 1, at: [0, 10] }, v1), okDelete({ id: 2, at: [20, 30] }, tomb)];
    // Purged after its grace period: the key is gone everywhere, as the delete wrote.
    expect(findLostWrites(history, finalOf(['A', 'k', []]), 'vclock')).toEqual([]);
    // A later, unrelated value does not bring the deleted one back either.
    expect(findLostWrites(history, finalOf(['A', 'k', [version('C', 1, 'new')]]), 'vclock')).toEqual([]);
    // The value it deleted is back: the delete was lost.
    expect(findLostWrites(history, finalOf(['A', 'k', [v1]]), 'vclock').map((f) => f.ops)).toEqual([[2, 1]]);
  });

  it('an older tombstone still held brings nothing back: a later delete purged elsewhere is not lost', () => {
    const d1 = version('B', 1, null, { context: { A: 1 }, deleted: true });
    const v2 = version('A', 2, 'v2', { context: { A: 1, B: 1 } });
    const d2 = version('B', 2, null, { context: { A: 2, B: 1 }, deleted: true });
    const history = [okPut({ id: 1, at: [0, 10] }, v1), okDelete({ id: 2, at: [20, 30] }, d1), okPut({ id: 3, at: [40, 50] }, v2), okDelete({ id: 4, at: [60, 70] }, d2)];
    expect(findLostWrites(history, finalOf(['A', 'k', [d1]], ['B', 'k', []]), 'vclock')).toEqual([]);
  });

  it('a failed write is never lost, even an indefinite one', () => {
    const history = [failedPut({ id: 1, at: [0, 10] }, 'v1', 'timeout')];
    expect(findLostWrites(history, finalOf(), 'vclock')).toEqual([]);
  });
});

describe('lost writes under last-write-wins', () => {
  // Coordinator B's clock runs 5 s fast: its earlier write outranks A's later one.
  const skewed = version('B', 1, 'early', { timestampMs: 5000 });

  it('a later write that lost to an earlier write with a skewed clock is reported lost', () => {
    const later = version('A', 1, 'late', { context: { B: 1 }, timestampMs: 100 });
    const history = [okPut({ id: 1, at: [0, 10] }, skewed), okPut({ id: 2, at: [20, 30] }, later)];
    const findings = findLostWrites(history, finalOf(['A', 'k', [skewed]], ['B', 'k', [skewed]]), 'lww');
    expect(findings.map((f) => f.ops)).toEqual([[2, 1]]);
    expect(findings[0]?.detail).toContain('last-write-wins kept "early" (dot B:1, ts 5000)');
  });

  it('a write overwritten by a causally later write is not lost under lww', () => {
    const later = version('A', 1, 'late', { context: { B: 1 }, timestampMs: 6000 });
    const history = [okPut({ id: 1, at: [0, 10] }, skewed), okPut({ id: 2, at: [20, 30] }, later)];
    expect(findLostWrites(history, finalOf(['A', 'k', [later]]), 'lww')).toEqual([]);
  });

  it('a concurrent write that lost by timestamp is lost under lww even without skew', () => {
    const concurrent = version('A', 1, 'concurrent', { timestampMs: 4000 });
    const history = [okPut({ id: 1, at: [0, 10] }, skewed), okPut({ id: 2, at: [0, 10] }, concurrent)];
    expect(findLostWrites(history, finalOf(['B', 'k', [skewed]]), 'lww').map((f) => f.ops)).toEqual([[2, 1]]);
  });
});
