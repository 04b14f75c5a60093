// Records the open cluster's story from its trace (kills, cuts, settings: actionRecorder's
// recordFromTrace) from the page's start. It used to ride on the timeline's feed, which starts
// only once the timeline's chunk has loaded, at idle: an action a page traced before that, then
// reloaded, never reached the story, and a shared link left it out.
import type { LiveCluster } from '../../runtime/liveCluster';
import { openStory, recordFromTrace } from './actionRecorder';
import { clusterStore, currentCluster } from './clusterStore';

let followed: LiveCluster | null = null;
let unsubscribe: (() => void) | null = null;

function follow(c: LiveCluster | null): void {
  if (c === followed) return;
  unsubscribe?.();
  unsubscribe = null;
  followed = c;
  if (c === null) return;
  openStory(c);
  recordFromTrace(c.trace.events());
  unsubscribe = c.trace.subscribe(recordFromTrace);
}

/** Follows whichever cluster the page has open; called once at boot. */
export function startStoryFeed(): () => void {
  follow(currentCluster());
  const stop = clusterStore.subscribe(() => follow(currentCluster()));
  return () => {
    stop();
    follow(null);
  };
}
