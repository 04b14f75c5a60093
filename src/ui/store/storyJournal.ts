// What a page going away had not yet stored of a cluster's story. The story is saved to
// IndexedDB a moment after it changes, and as the page goes; but a write begun as the page goes
// may never land (a reload right after a click lost the click's step). So the unsaved tail is
// also written to localStorage then, synchronously, and the next open folds it into the story
// it reads back. Small: only the steps since the last save, and a story's head.
import type { StoredStory } from './storyDisk';

/**
 * The unsaved tail of a story: its steps from index `from` on, and its head as it stood. Or,
 * when the page went before the stored story was even read back (`from` null): the steps
 * recorded meanwhile, which follow whatever the store holds (the head is then only `down` and
 * `overflow`, and `base` is empty).
 */
export type StoryJournal = TailJournal | { readonly from: null; readonly story: StoredStory };

/** A journal of a story's tail, from step `from` on. */
export interface TailJournal {
  readonly from: number;
  readonly story: StoredStory;
}

const keyOf = (cluster: string) => `ringlab-story-journal:${cluster}`;

/**
 * Writes the tail of `story` from step `from` on (null: all of it, recorded before the stored
 * story was read back); a full or missing localStorage is ignored (best effort).
 */
export function writeJournal(storage: Storage, cluster: string, story: StoredStory, from: number | null): void {
  const start = from === null ? null : Math.min(Math.max(0, from), story.steps.length);
  try {
    storage.setItem(keyOf(cluster), JSON.stringify({ from: start, story: { ...story, steps: story.steps.slice(start ?? 0) } }));
  } catch {
    // The IndexedDB write begun alongside may still land; nothing else can be done as the page goes.
  }
}

/**
 * Adds what a page recorded before it read the stored story back to `cluster`'s journal: after
 * the journal an earlier page left unread (its steps came first), or as a journal of its own.
 */
export function appendJournal(storage: Storage, cluster: string, recorded: StoredStory): void {
  const earlier = peekJournal(storage, cluster);
  if (earlier === null) {
    writeJournal(storage, cluster, recorded, null);
    return;
  }
  const story: StoredStory = {
    ...earlier.story,
    steps: [...earlier.story.steps, ...recorded.steps],
    down: [...new Set([...earlier.story.down, ...recorded.down])],
    overflow: earlier.story.overflow + recorded.overflow,
  };
  try {
    storage.setItem(keyOf(cluster), JSON.stringify({ from: earlier.from, story }));
  } catch {
    // As in writeJournal: best effort as the page goes.
  }
}

/** Reads and forgets `cluster`'s journal; null when there is none or it is not one. */
export function takeJournal(storage: Storage, cluster: string): StoryJournal | null {
  const j = peekJournal(storage, cluster);
  dropJournal(storage, cluster);
  return j;
}

/** Reads `cluster`'s journal, leaving it in place; null when there is none or it is not one. */
function peekJournal(storage: Storage, cluster: string): StoryJournal | null {
  let text: string | null;
  try {
    text = storage.getItem(keyOf(cluster));
  } catch {
    return null;
  }
  if (text === null) return null;
  try {
    const j = JSON.parse(text) as Partial<StoryJournal> | null;
    const s = j?.story;
    if (j === null || (typeof j.from !== 'number' && j.from !== null) || s === undefined || typeof s.base !== 'object' || s.base === null || !Array.isArray(s.steps) || !Array.isArray(s.down) || typeof s.overflow !== 'number' || typeof s.startedAtMs !== 'number') return null;
    return typeof j.from === 'number' ? { from: j.from, story: s } : { from: null, story: s };
  } catch {
    return null;
  }
}

/** Forgets `cluster`'s journal (its story started again). */
export function dropJournal(storage: Storage, cluster: string): void {
  try {
    storage.removeItem(keyOf(cluster));
  } catch {
    // Nothing kept, nothing to drop.
  }
}

/**
 * The stored story with the journal's tail in place of what followed step `from`, and the
 * journal's head. When the store holds fewer than `from` steps (an earlier save was lost too),
 * the tail cannot be joined: the stored story stands.
 */
export function withJournal(stored: StoredStory | null, j: TailJournal): StoredStory | null {
  const storedSteps = stored?.steps ?? [];
  if (storedSteps.length < j.from) return stored;
  return { ...j.story, steps: [...storedSteps.slice(0, j.from), ...j.story.steps] };
}
