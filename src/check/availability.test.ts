// Goal: availability counts what the store could have served, and outcomes add up. Method:
// small histories with each error kind.
import { describe, expect, it } from 'vitest';
import { availabilityOf, countOutcomes } from './availability';
import type { ErrorKind, OpRecord } from './history';
import { failedPut, okGet } from './testHistory';

const ok = (id: number): OpRecord => okGet({ id, at: [0, 1] }, []);
const failed = (id: number, error: ErrorKind): OpRecord => failedPut({ id, at: [0, 1] }, id, error);

describe('availability', () => {
  it('invalid requests count as failures but not against availability', () => {
    const counts = countOutcomes([ok(1), ok(2), ok(3), failed(4, 'invalid'), failed(5, 'unavailable')]);
    expect(counts).toEqual({ ok: 3, failed: { invalid: 1, unavailable: 1, timeout: 0, storage: 0 } });
    expect(availabilityOf(counts)).toBe(3 / 4);
  });

  it('timeouts and storage failures count against availability', () => {
    expect(availabilityOf(countOutcomes([ok(1), failed(2, 'timeout'), failed(3, 'storage'), ok(4)]))).toBe(0.5);
  });

  it('a failure without an error kind counts as an indefinite timeout', () => {
    const noKind: OpRecord = { ...failed(1, 'timeout'), error: null };
    expect(countOutcomes([noKind]).failed.timeout).toBe(1);
  });

  it('a run with no operation, or only invalid ones, is fully available', () => {
    expect(availabilityOf(countOutcomes([]))).toBe(1);
    expect(availabilityOf(countOutcomes([failed(1, 'invalid')]))).toBe(1);
  });
});
