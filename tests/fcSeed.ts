/**
 * Shared fast-check settings so a failing property replays: fast-check prints the seed and
 * path of a failure; `FC_SEED=<seed> [FC_PATH=<path>] npm run test:unit` runs exactly that case.
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
