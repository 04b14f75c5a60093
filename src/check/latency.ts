// Latency quantiles of successful operations, per kind, in simulated ms. Pure.
import type { OpKind, OpRecord } from './history';
import type { LatencyStats } from './report';

/**
 * Nearest-rank quantile of an ascending list: the value at rank ⌈q·n⌉. It always returns a
 * latency that really happened, never an interpolation between two.
 */
export function nearestRank(sortedAscending: readonly number[], q: number): number | null {
  if (sortedAscending.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sortedAscending.length));
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1] ?? null;
}

/** p50, p99 and p99.9 of one list of latencies; all null and count 0 for an empty list. */
export function latencyStats(latenciesMs: readonly number[]): LatencyStats {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    p50: nearestRank(sorted, 0.5),
    p99: nearestRank(sorted, 0.99),
    p999: nearestRank(sorted, 0.999),
    count: sorted.length,
  };
}

/**
 * Latency (completeAt − invokeAt) of ok operations by kind. Failures are left out: a timeout's
 * latency is the timeout setting, which would only measure the configuration.
 */
export function latencyByKind(history: readonly OpRecord[]): Record<OpKind, LatencyStats> {
  const byKind: Record<OpKind, number[]> = { put: [], get: [], delete: [] };
  for (const op of history) if (op.ok) byKind[op.op].push(op.completeAt - op.invokeAt);
  return { put: latencyStats(byKind.put), get: latencyStats(byKind.get), delete: latencyStats(byKind.delete) };
}
