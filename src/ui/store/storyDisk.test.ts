// Goal: a cluster's story reads back as it was saved, across chunk boundaries, when a save
// rewrites only the chunks from the first changed step; and deleting one cluster's story leaves
// another's. Method: fake-indexeddb; stories of 1,234 steps (chunks of storyChunkSteps).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { RecordedStep } from './actionRecorder';
import { deleteStory, loadStory, saveStory, storyChunkSteps } from './storyDisk';
import type { StoredStory } from './storyDisk';

const steps = (n: number, tag: string): RecordedStep[] => Array.from({ length: n }, (_, i) => ({ at: i, do: 'put', client: 'alice', key: `${tag}${i}`, value: i }));
const story = (s: RecordedStep[]): StoredStory => ({ base: { version: 1, seed: 3, steps: [] }, startedAtMs: 0, steps: s, down: ['S4'], overflow: 0 });

describe('storyDisk', () => {
  it('round-trips a story of several chunks, and a save from a changed step keeps the steps before it', async () => {
    expect(storyChunkSteps).toBeLessThan(1234);
    const first = steps(1234, 'k');
    await saveStory('a', story(first), 0);
    expect(await loadStory('a')).toEqual(story(first));

    // A lasting step near the end got its duration, and two steps were added.
    const changedAt = 1200;
    const second = [...first.slice(0, changedAt), { ...first[changedAt]!, durationMs: 50 }, ...first.slice(changedAt + 1), ...steps(2, 'new')];
    await saveStory('a', story(second), changedAt);
    expect(await loadStory('a')).toEqual(story(second));
  });

  it('deleting one cluster’s story leaves the others', async () => {
    await saveStory('b', story(steps(700, 'b')), 0);
    await saveStory('b-2', story(steps(3, 'c')), 0);
    await deleteStory('b');
    expect(await loadStory('b')).toBeNull();
    expect((await loadStory('b-2'))?.steps).toHaveLength(3);
  });
});
