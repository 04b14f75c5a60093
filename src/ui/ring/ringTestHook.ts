// A window hook for end-to-end tests: the messages are painted on a canvas, so a test asks here
// which flights the last frame drew and where they are on the page. No logic of its own.
import type { FlightOnPage, MotionLayer } from './motionLayer';

declare global {
  interface Window {
    __ringlabRing?: RingTestHook;
  }
}

export interface RingTestHook {
  /** The flights painted in the last frame, in page (CSS pixel) coordinates. */
  flights(): FlightOnPage[];
}

/** Exposes `layer` on window until the returned function is called. */
export function installRingTestHook(layer: MotionLayer): () => void {
  const hook: RingTestHook = { flights: () => layer.drawnOnPage() };
  window.__ringlabRing = hook;
  return () => {
    if (window.__ringlabRing === hook) delete window.__ringlabRing;
  };
}
