// Phantom writes: a put that failed definitely, whose value was nevertheless read or kept.
// DESIGN.md holds definite failures to their word: "it did not happen" must be true. Pure.
import type { FinalState, OpRecord } from './history';
import type { Finding } from './report';
import { groupBy, isDefiniteFailure } from './history';
import { dotKey } from './dominance';
import { describeOp, describeValue, findingOps, nameSome } from './describe';

interface Sighting {
  get: OpRecord;
  dot: string;
}

/**
 * A put that failed with `invalid` or `unavailable` is a phantom when its value shows up in a
 * later ok get on the key (one that completed at or after the put was invoked) or in any
 * replica's final versions for the key. Values are matched by JSON equality, so this relies
 * on unique values per key, as scenarios and workloads write: a value written twice could
 * come from the other write. Indefinite failures (`timeout`, `storage`) may have happened and
 * are never phantoms.
 */
export function findPhantomWrites(history: readonly OpRecord[], final: FinalState): Finding[] {
  const failedByKey = groupBy(
    history.filter((op) => op.op === 'put' && isDefiniteFailure(op)),
    (op) => op.key,
  );
  if (failedByKey.size === 0) return [];
  const finalByKey = groupBy(final.replicas, (r) => r.key);
  const findings: Finding[] = [];
  for (const [key, ops] of groupBy(history, (op) => op.key)) {
    const failed = failedByKey.get(key);
    if (failed === undefined) continue;
    const wanted = new Set(failed.map((op) => canonicalJson(op.value)));
    const sightings = new Map<string, Sighting[]>();
    for (const get of ops) {
      if (!get.ok || get.op !== 'get') continue;
      for (const v of get.versions) {
        if (v.deleted === true) continue;
        const value = canonicalJson(v.value);
        if (wanted.has(value)) push(sightings, value, { get, dot: dotKey(v.dot) });
      }
    }
    const holders = new Map<string, string[]>();
    for (const replica of finalByKey.get(key) ?? []) {
      for (const v of replica.versions) {
        const value = canonicalJson(v.value);
        if (v.deleted !== true && wanted.has(value)) push(holders, value, replica.node);
      }
    }
    for (const put of failed) {
      const value = canonicalJson(put.value);
      const reads = (sightings.get(value) ?? [])
        .filter((s) => s.get.completeAt >= put.invokeAt)
        .sort((a, b) => a.get.completeAt - b.get.completeAt || a.get.id - b.get.id);
      const nodes = [...new Set(holders.get(value) ?? [])];
      if (reads.length === 0 && nodes.length === 0) continue;
      findings.push(phantomFinding(key, put, reads, nodes));
    }
  }
  return findings.sort((a, b) => (a.ops[0] ?? 0) - (b.ops[0] ?? 0));
}

function phantomFinding(key: string, put: OpRecord, reads: readonly Sighting[], nodes: readonly string[]): Finding {
  const seen: string[] = [];
  if (reads.length > 0) {
    seen.push(`read back by ${nameSome(reads.map((s) => `${describeOp(s.get)} (dot ${s.dot})`))}`);
  }
  if (nodes.length > 0) seen.push(`held at the end by ${nameSome(nodes.map((n) => `node ${n}`))}`);
  return {
    ops: findingOps(
      put.id,
      reads.map((s) => s.get.id),
    ),
    key,
    detail:
      `${describeOp(put)} of ${describeValue(put.value)} on ${describeValue(key)} failed definitely ` +
      `(${put.error ?? 'unknown'}) yet was ${seen.join(' and ')}.`,
  };
}

/**
 * JSON text with object keys sorted, so equal values compare equal whatever their key order.
 * Values are JSON (DESIGN.md), so there are no cycles, functions or undefined members to meet.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}
