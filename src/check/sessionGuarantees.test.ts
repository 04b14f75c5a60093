// Goal: read-your-writes and monotonic reads hold per client and key, and no more. Method:
// hand-built histories, each next to a near-identical one that keeps the guarantee.
import { describe, expect, it } from 'vitest';
import { findMonotonicReadViolations, findReadYourWritesViolations } from './sessionGuarantees';
import { findStaleReads } from './staleReads';
import type { OpRecord } from './history';
import { okGet, okPut, version } from './testHistory';

const v1 = version('A', 1, 'v1');
const v2 = version('A', 2, 'v2', { context: { A: 1 } });

describe('read-your-writes', () => {
  it("a client's get that misses its own acknowledged put is a violation", () => {
    const history = [okPut({ id: 1, at: [0, 10] }, v1), okPut({ id: 2, at: [20, 30] }, v2), okGet({ id: 3, at: [40, 50] }, [v1])];
    const findings = findReadYourWritesViolations(history, 'vclock');
    expect(findings.map((f) => f.ops)).toEqual([[3, 2]]);
    expect(findings[0]?.detail).toContain('its own put #2 by c1');
  });

  it("a get that misses another client's put is a stale read but keeps read-your-writes", () => {
    const history = [
      okPut({ id: 1, at: [0, 10] }, v1),
      okPut({ id: 2, at: [20, 30], client: 'c2' }, v2),
      okGet({ id: 3, at: [40, 50] }, [v1]),
    ];
    expect(findReadYourWritesViolations(history, 'vclock')).toEqual([]);
    expect(findStaleReads(history, 'vclock')).toHaveLength(1);
  });

  it('a version that dominates the own write keeps read-your-writes', () => {
    const merged = version('B', 1, 'v3', { context: { A: 2 } });
    const history = [okPut({ id: 2, at: [20, 30] }, v2), okGet({ id: 3, at: [40, 50] }, [merged])];
    expect(findReadYourWritesViolations(history, 'vclock')).toEqual([]);
  });

  it('a get overlapping the own put is not held to it', () => {
    const history = [okPut({ id: 2, at: [20, 45] }, v2), okGet({ id: 3, at: [40, 50] }, [])];
    expect(findReadYourWritesViolations(history, 'vclock')).toEqual([]);
  });
});

describe('monotonic reads', () => {
  // c1's put #2 timed out after reaching one replica; c2 sees it once, then reads elsewhere.
  const timedOut: OpRecord = { ...okPut({ id: 2, at: [20, 60] }, v2), ok: false, error: 'timeout', versions: [] };
  const before = [okPut({ id: 1, at: [0, 10] }, v1), timedOut, okGet({ id: 3, at: [30, 40], client: 'c2' }, [v2])];

  it('monotonic reads break after an incomplete write that one read saw and the next did not', () => {
    const history = [...before, okGet({ id: 4, at: [50, 55], client: 'c2' }, [v1])];
    const findings = findMonotonicReadViolations(history, 'vclock');
    expect(findings.map((f) => f.ops)).toEqual([[4, 3]]);
    expect(findings[0]?.detail).toContain('"v2" (dot A:2, shown by get #3 by c2, done at 40 ms)');
    expect(findStaleReads(history, 'vclock')).toEqual([]);
    expect(findReadYourWritesViolations(history, 'vclock')).toEqual([]);
  });

  it('a later read that still shows the incomplete write keeps monotonic reads', () => {
    const history = [...before, okGet({ id: 4, at: [50, 55], client: 'c2' }, [v2])];
    expect(findMonotonicReadViolations(history, 'vclock')).toEqual([]);
  });

  it("another client's earlier read does not bind this client", () => {
    const history = [...before, okGet({ id: 4, at: [50, 55], client: 'c3' }, [v1])];
    expect(findMonotonicReadViolations(history, 'vclock')).toEqual([]);
  });

  it('a read invoked before the earlier read completed is not held to it', () => {
    const history = [...before, okGet({ id: 4, at: [35, 55], client: 'c2' }, [v1])];
    expect(findMonotonicReadViolations(history, 'vclock')).toEqual([]);
  });

  it('under lww a later read of an older timestamp breaks monotonic reads', () => {
    const early = version('A', 1, 'early', { timestampMs: 100 });
    const late = version('B', 1, 'late', { timestampMs: 200 });
    const history = [okGet({ id: 1, at: [0, 10] }, [late]), okGet({ id: 2, at: [20, 30] }, [early])];
    expect(findMonotonicReadViolations(history, 'lww').map((f) => f.ops)).toEqual([[2, 1]]);
    expect(findMonotonicReadViolations([...history].reverse(), 'lww').map((f) => f.ops)).toEqual([[2, 1]]);
  });
});
