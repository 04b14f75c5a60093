// Goal: the stored story and the steps a page recorded before reading it meet in time order,
// within the story bound, and the merge says which steps the stored copy lacks; a shared run's
// steps say which nodes it left down.
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../core/json';
import type { RecordedStep } from './actionRecorder';
import type { StoredStory } from './storyDisk';
import { afterStoredStory, downAfter } from './storyMerge';

const steps = (n: number, from: number): RecordedStep[] => Array.from({ length: n }, (_, i) => ({ at: from + i, do: 'kill', node: `S${i}` }));
const stored = (s: RecordedStep[], down: string[] = [], overflow = 0): StoredStory => ({ base: { version: 1 }, startedAtMs: 0, steps: s, down, overflow });

describe('afterStoredStory', () => {
  it('puts the stored steps first, then the ones recorded meanwhile, and marks the first new one as unsaved', () => {
    const old = steps(3, 0);
    const recent = steps(2, 100);
    const m = afterStoredStory(stored(old, ['S4']), { steps: recent, down: new Set(['S2']), overflow: 0 });
    expect(m.steps).toEqual([...old, ...recent]);
    expect([...m.down].sort()).toEqual(['S2', 'S4']);
    expect(m.changedFrom).toBe(3);
  });

  it('has nothing unsaved when nothing was recorded meanwhile', () => {
    const m = afterStoredStory(stored(steps(3, 0), [], 2), { steps: [], down: new Set(), overflow: 0 });
    expect(m.changedFrom).toBe(Infinity);
    expect(m.overflow).toBe(2);
  });

  it('keeps the bound: steps past it are counted as overflow, not kept', () => {
    const m = afterStoredStory(stored(steps(8, 0), [], 1), { steps: steps(5, 100), down: new Set(), overflow: 2 }, 10);
    expect(m.steps).toHaveLength(10);
    expect(m.steps[9]?.at).toBe(101);
    expect(m.overflow).toBe(1 + 2 + 3);
    expect(m.changedFrom).toBe(8);
  });

  it('a stored story already at the bound takes nothing more, and says the head changed', () => {
    const m = afterStoredStory(stored(steps(10, 0)), { steps: steps(1, 100), down: new Set(), overflow: 0 }, 10);
    expect(m.steps).toHaveLength(10);
    expect(m.overflow).toBe(1);
    expect(m.changedFrom).toBe(10);
  });
});

describe('downAfter', () => {
  it('names the nodes a run leaves killed or wiped, in time order, a restart bringing one back', () => {
    const steps: JsonValue[] = [
      { at: 50, do: 'restart', node: 'S2' },
      { at: 10, do: 'kill', node: 'S2' },
      { at: 20, do: 'wipe', node: 'S3' },
      { at: 30, do: 'kill', node: 'S4' },
      { at: 30, do: 'restart', node: 'S4' },
      { at: 40, do: 'put', key: 'k', value: 'v' },
      'not a step',
    ];
    expect(downAfter(steps).sort()).toEqual(['S3']);
  });
});

