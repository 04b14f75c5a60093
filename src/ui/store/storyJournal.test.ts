// Goal: the tail a page could not store as it went comes back at the next open, joined to the
// stored story at the right step: whether the IndexedDB write landed or not, whether the story
// was stored at all; a tail that cannot be joined leaves the stored story as it is; the journal
// is read once; a full localStorage or a damaged entry breaks nothing. Method: a Map-backed Storage.
import { describe, expect, it } from 'vitest';
import type { RecordedStep } from './actionRecorder';
import type { StoredStory } from './storyDisk';
import type { TailJournal } from './storyJournal';
import { appendJournal, dropJournal, takeJournal, withJournal, writeJournal } from './storyJournal';

/** The journal of `cluster`, which must be a tail's. */
function takeTail(storage: Storage, cluster: string): TailJournal {
  const j = takeJournal(storage, cluster);
  if (j === null || j.from === null) throw new Error(`no tail journal for ${cluster}`);
  return j;
}

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  full = false;
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

const step = (at: number, what: string): RecordedStep => ({ at, do: 'put', client: 'alice', key: what, value: what });
const story = (steps: RecordedStep[], down: string[] = []): StoredStory => ({ base: { version: 1, steps: [] }, startedAtMs: 0, steps, down, overflow: 0 });
const steps = [step(1, 'a'), step(2, 'b'), step(3, 'c'), { at: 4, do: 'cut', from: 'S1', to: 'S2', oneWay: true }];

describe('the story journal', () => {
  it('joins the unsaved tail to a store that missed it, and to one that got it, the same way', () => {
    const storage = new MemoryStorage();
    writeJournal(storage, 'c1', story(steps, ['S3']), 2);
    const j = takeTail(storage, 'c1');
    expect(withJournal(story(steps.slice(0, 2)), j)).toEqual(story(steps, ['S3']));
    expect(withJournal(story(steps), j)).toEqual(story(steps, ['S3']));
    // Read once: a second open finds nothing.
    expect(takeJournal(storage, 'c1')).toBeNull();
  });

  it('gives the whole story when none was stored and the tail is all of it; else leaves the store alone', () => {
    const storage = new MemoryStorage();
    writeJournal(storage, 'new', story(steps), 0);
    const whole = takeTail(storage, 'new');
    expect(withJournal(null, whole)).toEqual(story(steps));
    writeJournal(storage, 'gap', story(steps), 3);
    const tail = takeTail(storage, 'gap');
    // Only one step stored: step 2 is missing, so the tail from 3 cannot be joined.
    expect(withJournal(story(steps.slice(0, 1)), tail)).toEqual(story(steps.slice(0, 1)));
    expect(withJournal(null, tail)).toBeNull();
  });

  it('keeps the steps recorded before the stored story was read back, all of them, as such', () => {
    const storage = new MemoryStorage();
    writeJournal(storage, 'early', story(steps.slice(2), ['S1']), null);
    const j = takeJournal(storage, 'early');
    expect(j?.from).toBeNull();
    expect(j?.story.steps).toEqual(steps.slice(2));
    expect(j?.story.down).toEqual(['S1']);
  });

  it('a page gone before reading its story adds its steps after the journal an earlier page left unread', () => {
    const storage = new MemoryStorage();
    writeJournal(storage, 'c', story(steps, ['S1']), 2);
    appendJournal(storage, 'c', story([step(9, 'later')], ['S4']));
    const j = takeTail(storage, 'c');
    expect(withJournal(story(steps.slice(0, 2)), j)).toEqual(story([...steps, step(9, 'later')], ['S1', 'S4']));
    // With no earlier journal, the page's steps are a journal of their own, read as such.
    appendJournal(storage, 'd', story([step(9, 'later')]));
    expect(takeJournal(storage, 'd')).toEqual({ from: null, story: story([step(9, 'later')]) });
  });

  it('keeps journals per cluster, and a dropped one is gone', () => {
    const storage = new MemoryStorage();
    writeJournal(storage, 'one', story(steps.slice(0, 1)), 0);
    writeJournal(storage, 'two', story(steps.slice(0, 2)), 0);
    dropJournal(storage, 'one');
    expect(takeJournal(storage, 'one')).toBeNull();
    expect(takeJournal(storage, 'two')?.story.steps).toHaveLength(2);
  });

  it('a full localStorage is no error, and a damaged entry is no journal', () => {
    const storage = new MemoryStorage();
    storage.full = true;
    expect(() => writeJournal(storage, 'c', story(steps), 0)).not.toThrow();
    expect(takeJournal(storage, 'c')).toBeNull();
    storage.full = false;
    storage.setItem('ringlab-story-journal:c', '{"from":0,"story":{"steps":"no"}}');
    expect(takeJournal(storage, 'c')).toBeNull();
    storage.setItem('ringlab-story-journal:c', 'not json');
    expect(takeJournal(storage, 'c')).toBeNull();
  });
});
