// When the stores hand background changes (cluster snapshots, trace counters, workload counts)
// to React: at most once per publishEveryMs, every pending one in the same task, so React
// commits them together. Under a busy workload these changes came 20–30 times a second, each a
// commit; a person reads counters a few times a second at most. No React here.

/** Shortest time between two publishes: at most four a second. */
export const publishEveryMs = 250;

/** A clock of its own per use (the page has one, `publishSoon`); `nowMs` and the timer are passed in for tests. */
export function createPublishClock(nowMs: () => number = () => performance.now(), later: (run: () => void, ms: number) => void = (run, ms) => void setTimeout(run, ms)) {
  // Stable functions, so a store asking many times within one period is published once.
  const pending = new Set<() => void>();
  let scheduled = false;
  let lastMs = -Infinity;
  const flush = () => {
    scheduled = false;
    lastMs = nowMs();
    const due = [...pending];
    pending.clear();
    for (const publish of due) publish();
  };
  /**
   * Runs `publish` at the next tick of the clock: at once after a quiet period (a click's
   * result shows without delay), else with the others at the end of the current period.
   */
  return function publishSoon(publish: () => void): void {
    pending.add(publish);
    if (scheduled) return;
    const waitMs = lastMs + publishEveryMs - nowMs();
    if (waitMs <= 0) {
      flush();
      return;
    }
    scheduled = true;
    later(flush, waitMs);
  };
}

/** The page's publish clock, shared by its stores. */
export const publishSoon = createPublishClock();
