// A page records a cluster's steps from its first moment, but the cluster's stored story is read
// back from IndexedDB a moment later: the two meet here. The stored story comes first (it
// happened first), then what was recorded meanwhile, within the same bound as any story.
import type { JsonValue } from '../../core/json';
import { maxSteps } from '../../scenario/scenarioLimits';
import type { RecordedStep } from './actionRecorder';
import type { StoredStory } from './storyDisk';

export interface StoryTail {
  readonly steps: readonly RecordedStep[];
  readonly down: ReadonlySet<string>;
  readonly overflow: number;
}

export interface MergedStory extends StoryTail {
  /** The first step the stored copy lacks (Infinity when nothing was recorded meanwhile). */
  readonly changedFrom: number;
}

export function afterStoredStory(stored: StoredStory, meanwhile: StoryTail, max = maxSteps): MergedStory {
  const anythingNew = meanwhile.steps.length > 0 || meanwhile.down.size > 0 || meanwhile.overflow > 0;
  const all = [...stored.steps, ...meanwhile.steps];
  // Steps past the bound are counted, not kept: the share dialog says a story was cut.
  const steps = all.slice(0, max);
  return {
    steps,
    down: new Set([...stored.down, ...meanwhile.down]),
    overflow: stored.overflow + meanwhile.overflow + (all.length - steps.length),
    changedFrom: anythingNew ? Math.min(stored.steps.length, steps.length) : Infinity,
  };
}

/**
 * The nodes a scenario's steps leave down: killed or wiped, and not restarted since. A cluster
 * loaded from a shared run goes on from its end, so restarting one of them is a `restart` step.
 */
export function downAfter(steps: readonly JsonValue[]): string[] {
  const timed = steps
    .map((s, i) => ({ s, i }))
    .filter((x): x is { s: { readonly [k: string]: JsonValue }; i: number } => typeof x.s === 'object' && x.s !== null && !Array.isArray(x.s))
    .sort((a, b) => Number(a.s.at ?? 0) - Number(b.s.at ?? 0) || a.i - b.i);
  const down = new Set<string>();
  for (const { s } of timed) {
    if (typeof s.node !== 'string') continue;
    if (s.do === 'kill' || s.do === 'wipe') down.add(s.node);
    else if (s.do === 'restart') down.delete(s.node);
  }
  return [...down];
}
