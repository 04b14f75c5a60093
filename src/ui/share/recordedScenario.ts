// The scenario so far, as a scenario document: where the open cluster's story began (its nodes,
// settings, latency and seed then, or the shared run it was loaded from, whose steps come first)
// followed by every recorded user action. The simulator replays it; parseScenario judges it.
// Sharing a loaded cluster again so hands on the whole story.
import type { JsonValue } from '../../core/json';
import type { LiveCluster } from '../../runtime/liveCluster';
import type { Scenario } from '../../scenario';
import { recordedSteps, setStoryOrigin, storyBase } from '../store/actionRecorder';
import { storyBaseOf } from '../store/storyBase';

/** The cluster `clusterName` goes on from `scenario`'s run: its story starts with that run. */
export function rememberOrigin(clusterName: string, scenario: Scenario): void {
  const doc = JSON.parse(JSON.stringify(scenario)) as Record<string, JsonValue>;
  // `until` is left to its default, which follows the last step, old or new.
  delete doc.until;
  setStoryOrigin(clusterName, doc);
}

export function recordedScenario(c: LiveCluster): Record<string, JsonValue> {
  const base = storyBase() ?? storyBaseOf(c);
  const before = Array.isArray(base.steps) ? base.steps : [];
  return { ...base, steps: [...before, ...recordedSteps().map((step) => ({ ...step }))] };
}
