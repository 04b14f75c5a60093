/**
 * The scenario format's bounds and share-fragment constants, without the schemas: the page's first
 * chunk needs these, and building the zod schemas (scenarioSchema.ts) cost about 100 ms of a
 * first visit's main thread. The schemas load when a scenario is first parsed or shared.
 */

/** The most steps one scenario may hold: a bound on memory and on the time a replay takes. */
export const maxSteps = 100_000;

/** The share fragment's prefix: `#s=<base64url>`. */
export const shareFragmentPrefix = '#s=';

/** True when the fragment is a share link at all (other fragments are left alone). */
export function isShareFragment(hash: string): boolean {
  return hash.startsWith(shareFragmentPrefix);
}
