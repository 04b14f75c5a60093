// "Step to next message" while paused: run the cluster until the earliest delivery still due and
// pause there. The workers own delivery, so the page cannot hand one message over by itself; it
// has every worker's clock stop at that delivery's time (LiveCluster.runUntil), so the step is
// exact however late the page's own timer fires.
import { currentCluster } from '../store/clusterStore';
import { arrowLookBackMs } from './timelineScene';
import { presentMs, timelineIndex } from './timelineFeed';

/** Never run longer than this per step, whatever the next delivery. */
const stepMsMax = 5_000;

/** Resolves with the simulated ms stepped (0 when nothing is in flight or not paused). */
export async function stepToNextMessage(): Promise<number> {
  const c = currentCluster();
  if (c === null || !c.snapshot().clock.paused) return 0;
  const now = presentMs();
  const next = timelineIndex.nextDeliveryAfter(now, arrowLookBackMs);
  if (next === null) return 0;
  const stopAt = Math.min(next, now + stepMsMax);
  await c.runUntil(stopAt);
  return stopAt - now;
}
