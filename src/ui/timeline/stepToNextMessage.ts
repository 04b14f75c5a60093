// "Step to next message" while paused: run the clock just until the earliest delivery still due,
// then pause again. The workers own delivery, so the page cannot hand one message over by
// itself; it lets simulated time reach that delivery and freezes it there.
import { commands, currentCluster } from '../store/clusterStore';
import { arrowLookBackMs } from './timelineScene';
import { presentMs, timelineIndex } from './timelineFeed';

/** Extra simulated ms past the delivery, so the message lands before the clock stops. */
const marginMs = 0.5;
/** Never run longer than this per step, whatever the next delivery. */
const stepMsMax = 5_000;

/** Resolves with the simulated ms stepped (0 when nothing is in flight or not paused). */
export function stepToNextMessage(): Promise<number> {
  const c = currentCluster();
  const clock = c?.snapshot().clock;
  if (c === null || clock === undefined || !clock.paused) return Promise.resolve(0);
  const now = presentMs();
  const next = timelineIndex.nextDeliveryAfter(now, arrowLookBackMs);
  if (next === null) return Promise.resolve(0);
  const stepMs = Math.min(stepMsMax, next - now + marginMs);
  commands.resume();
  return new Promise((resolve) => {
    setTimeout(() => {
      commands.pause();
      resolve(stepMs);
    }, stepMs / clock.speed);
  });
}
