// Records the open cluster's story from its trace (kills, cuts, settings: actionRecorder's
// recordFromTrace) from the page's start. It used to ride on the timeline's feed, which starts
// only once the timeline's chunk has loaded, at idle: an action a page traced before that, then
// reloaded, never reached the story, and a shared link left it out.
import { openStory, recordFromTrace } from './actionRecorder';
import { followOpenCluster } from './clusterStore';

/** Follows whichever cluster the page has open; called once at boot. */
export function startStoryFeed(): () => void {
  return followOpenCluster((c) => {
    openStory(c);
    recordFromTrace(c.trace.events());
    return c.trace.subscribe(recordFromTrace);
  });
}
