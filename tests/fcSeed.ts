/**
 * Shared fast-check settings so a failing property replays: fast-check prints the seed and
 * path of a failure. `FC_SEED=<seed> npx vitest run <file> -t '<property name>'` runs that
 * property again from the same seed, to the same failure; add `FC_PATH=<path>` to start at the
 * shrunk case. Both apply to every property the run includes, and a path only fits the
 * property it came from, hence the file and the name.
 */
import type { Parameters } from 'fast-check';

export function fcParams<T>(numRuns: number, extra: Parameters<T> = {}): Parameters<T> {
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  return {
    numRuns,
    ...(seed !== undefined ? { seed: Number(seed) } : {}),
    ...(path !== undefined ? { path } : {}),
    ...extra,
  };
}
