/**
 * What a rejected scenario is answered with: where the problem is and what it is, in plain
 * words. Pure formatting; nothing here knows zod.
 */

/**
 * One problem with a scenario. `path` points at the field, written the way a person reads a
 * JSON document (`cluster.nodes[2].id`, `steps[4].via`; '' for the whole document), so the
 * editor can highlight it and a user can find it by eye.
 */
export type ScenarioError = { path: string; message: string };

/** The answer to a parse: a usable scenario, or every problem found (never both, never neither). */
export type ParseResult<T> = { ok: true; scenario: T } | { ok: false; errors: ScenarioError[] };

/**
 * Errors reported for one scenario at most. A 100,000-step scenario with the same mistake in
 * every step needs its first few errors shown, not a page of 100,000 lines.
 */
export const maxReportedErrors = 50;

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Writes a path as `a.b[3].c`. Keys that are not plain identifiers (a clock-skew entry for a
 * node called `n-1`) are quoted, `a["n-1"]`, so the path stays unambiguous.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && identifier.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** Keeps the first `maxReportedErrors` errors and says how many more there were. */
export function capErrors(errors: readonly ScenarioError[]): ScenarioError[] {
  if (errors.length <= maxReportedErrors) return [...errors];
  const more = errors.length - maxReportedErrors;
  return [
    ...errors.slice(0, maxReportedErrors),
    { path: '', message: `and ${more} more ${more === 1 ? 'error' : 'errors'}` },
  ];
}

/** One line per error, `path: message` (just the message for the whole document). */
export function formatScenarioErrors(errors: readonly ScenarioError[]): string {
  return errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`)).join('\n');
}
