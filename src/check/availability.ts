// Availability: the share of operations the store answered with success. Pure counting.
import type { ErrorKind, OpRecord } from './history';
import type { OpCounts } from './report';

/**
 * Counts outcomes. A failure recorded without an error kind counts as `timeout`: when in
 * doubt a failure is indefinite (DESIGN.md), and timeout is the indefinite kind that promises
 * nothing about the cause.
 */
export function countOutcomes(history: readonly OpRecord[]): OpCounts {
  const failed: Record<ErrorKind, number> = { invalid: 0, unavailable: 0, timeout: 0, storage: 0 };
  let ok = 0;
  for (const op of history) {
    if (op.ok) ok++;
    else failed[op.error ?? 'timeout']++;
  }
  return { ok, failed };
}

/**
 * ok ÷ (all − invalid). An `invalid` request broke a rule and would fail on any store, so it
 * says nothing about availability; `unavailable`, `timeout` and `storage` all count against
 * it. 1 when no operation counts: a store that was never asked was never unavailable.
 */
export function availabilityOf(counts: OpCounts): number {
  const f = counts.failed;
  const asked = counts.ok + f.unavailable + f.timeout + f.storage;
  return asked === 0 ? 1 : counts.ok / asked;
}
