/**
 * Goal: a read-before-write workload is the chapter's read-modify-write: every put carries the
 * context its client's get of the key just returned, so it supersedes what that client saw.
 * Method: run it on a small cluster and read the history in each client's order.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/prng';
import { startWorkload } from '../../src/sim/workload';
import { makeSim } from './simHarness';

function run(readBeforeWrite: boolean) {
  const { cluster, clients } = makeSim(['n1', 'n2', 'n3'], {}, { latency: { kind: 'uniform', minMs: 2, maxMs: 8 } }, 11);
  for (const c of ['a', 'b', 'c', 'd']) {
    startWorkload({ client: c, durationMs: 3000, ratePerSec: 40, keys: 5, readFraction: 0.3, distribution: 'uniform', valueBytes: 10, keyPrefix: 'k', readBeforeWrite }, cluster, clients, createRandom(c.charCodeAt(0)));
  }
  cluster.runUntil(6000);
  return clients.history();
}

describe('workload', () => {
  it('with readBeforeWrite, every put follows its client’s get of the key and carries that get’s context', () => {
    const history = run(true);
    const puts = history.filter((h) => h.op === 'put');
    expect(puts.length).toBeGreaterThan(50);
    for (const put of puts) {
      const before = history.filter((h) => h.client === put.client && h.id < put.id).at(-1);
      expect(before?.op).toBe('get');
      expect(before?.key).toBe(put.key);
      if (before?.ok === true) expect(put.context).toEqual(before.context);
    }
  });

  it('reading before writing keeps fewer siblings than writing from remembered contexts', () => {
    const siblingsSeen = (readBeforeWrite: boolean): number => {
      const gets = run(readBeforeWrite).filter((h) => h.op === 'get' && h.ok);
      return gets.reduce((n, h) => n + h.versions.length, 0) / gets.length;
    };
    expect(siblingsSeen(true)).toBeLessThan(siblingsSeen(false));
  });
});
