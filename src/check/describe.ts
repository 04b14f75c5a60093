// Sentences for findings: how ops, values and versions are named in `detail`. Pure text.
// Values are user input and may be long or hold markup: they are quoted and cut, never trusted.
import type { ConflictMode, OpRecord, VersionRecord } from './history';
import { FINDING_OPS_MAX } from './report';
import { dotKey } from './dominance';

/** How many items a sentence names before saying "and N more". */
const NAMED_MAX = 4;

/** Longest value text quoted in a sentence. */
const VALUE_CHARS_MAX = 40;

/** A value as JSON text, cut to a readable length. */
export function describeValue(value: unknown): string {
  const text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? `<${typeof value}>`);
  return text.length > VALUE_CHARS_MAX ? `${text.slice(0, VALUE_CHARS_MAX - 1)}…` : text;
}

/**
 * `"v1" (dot A:3)`, or `tombstone (dot A:3)`; lww mode adds the timestamp it is ordered by, and
 * `note` goes inside the parentheses too, so a list of versions stays unambiguous.
 */
export function describeVersion(v: VersionRecord, mode: ConflictMode = 'vclock', note?: string): string {
  const what = v.deleted === true ? 'tombstone' : describeValue(v.value);
  const ts = mode === 'lww' ? `, ts ${v.timestampMs}` : '';
  return `${what} (dot ${dotKey(v.dot)}${ts}${note === undefined ? '' : `, ${note}`})`;
}

/** `put #5 by c1`. */
export function describeOp(op: OpRecord): string {
  return `${op.op} #${op.id} by ${op.client}`;
}

/** A few versions, then "and N more"; "nothing" for an empty result. */
export function describeVersions(versions: readonly VersionRecord[], mode: ConflictMode = 'vclock'): string {
  if (versions.length === 0) return 'nothing';
  return nameSome(versions.map((v) => describeVersion(v, mode)));
}

/**
 * Joins the first few items and counts the rest; `total` when the list was already cut.
 * Semicolons, because quoted JSON values hold commas of their own.
 */
export function nameSome(items: readonly string[], total = items.length): string {
  const named = items.slice(0, NAMED_MAX).join('; ');
  const rest = total - Math.min(items.length, NAMED_MAX);
  return rest > 0 ? `${named} and ${rest} more` : named;
}

/** The op ids of a finding: the judged op first, then the others, deduplicated and capped. */
export function findingOps(first: number, others: readonly number[]): number[] {
  const ids = [first];
  const seen = new Set(ids);
  for (const id of others) {
    if (ids.length >= FINDING_OPS_MAX) break;
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}
