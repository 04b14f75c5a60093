// The scenario so far of each saved cluster, kept in IndexedDB so that a reload keeps the story a
// share link tells: where it began (the cluster's nodes and settings then, or the shared run it
// was loaded from) and every recorded step since. Steps are stored in chunks, so saving after a
// click rewrites the last chunk and the story's head, not the whole story.
import { openDB } from 'idb';
import type { IDBPDatabase } from 'idb';
import type { JsonValue } from '../../core/json';
import type { RecordedStep } from './actionRecorder';

/** A story as stored: its start as a scenario document (steps included, `until` left out), and what followed. */
export interface StoredStory {
  readonly base: Readonly<Record<string, JsonValue>>;
  /** Simulated ms the story begins at: above 0 when it was first recorded on a cluster that had already run. */
  readonly startedAtMs: number;
  readonly steps: readonly RecordedStep[];
  /** Nodes recorded as killed and not yet restarted. */
  readonly down: readonly string[];
  /** Steps that did not fit (maxSteps). */
  readonly overflow: number;
}

interface StoryHead {
  readonly base: Readonly<Record<string, JsonValue>>;
  readonly startedAtMs: number;
  readonly down: readonly string[];
  readonly overflow: number;
  readonly stepCount: number;
}

export const storyDbName = 'ringlab-stories';
/** Steps per stored chunk. */
export const storyChunkSteps = 500;

let db: Promise<IDBPDatabase> | null = null;

function stories(): Promise<IDBPDatabase> {
  db ??= openDB(storyDbName, 1, {
    upgrade(d) {
      d.createObjectStore('heads');
      d.createObjectStore('chunks');
    },
  });
  return db;
}

const chunkKey = (cluster: string, index: number) => `${cluster}\u0000${index}`;

/** The stored story of `cluster`, or null when none was stored. */
export async function loadStory(cluster: string): Promise<StoredStory | null> {
  const d = await stories();
  const tx = d.transaction(['heads', 'chunks'], 'readonly');
  const head = (await tx.objectStore('heads').get(cluster)) as StoryHead | undefined;
  if (head === undefined) return null;
  const chunks = tx.objectStore('chunks');
  const count = Math.ceil(head.stepCount / storyChunkSteps);
  const parts = await Promise.all(Array.from({ length: count }, (_, i) => chunks.get(chunkKey(cluster, i)) as Promise<RecordedStep[] | undefined>));
  const steps = parts.flatMap((p) => p ?? []).slice(0, head.stepCount);
  return { base: head.base, startedAtMs: head.startedAtMs, steps, down: head.down, overflow: head.overflow };
}

/** Stores `story`; only the chunks from the one holding step `changedFrom` on are written again. */
export async function saveStory(cluster: string, story: StoredStory, changedFrom: number): Promise<void> {
  const d = await stories();
  const tx = d.transaction(['heads', 'chunks'], 'readwrite');
  const head: StoryHead = { base: story.base, startedAtMs: story.startedAtMs, down: story.down, overflow: story.overflow, stepCount: story.steps.length };
  const writes: Promise<unknown>[] = [tx.objectStore('heads').put(head, cluster)];
  const chunks = tx.objectStore('chunks');
  for (let i = Math.floor(Math.max(0, changedFrom) / storyChunkSteps); i * storyChunkSteps < story.steps.length; i++) {
    writes.push(chunks.put(story.steps.slice(i * storyChunkSteps, (i + 1) * storyChunkSteps), chunkKey(cluster, i)));
  }
  // Committed now, not when the task ends: a save made as the page goes must not wait for a
  // task of a page that is being torn down (an uncommitted transaction is aborted then).
  tx.commit();
  await Promise.all([...writes, tx.done]);
}

/** Forgets `cluster`'s story (the cluster started fresh or was removed). */
export async function deleteStory(cluster: string): Promise<void> {
  const d = await stories();
  const tx = d.transaction(['heads', 'chunks'], 'readwrite');
  await Promise.all([
    tx.objectStore('heads').delete(cluster),
    tx.objectStore('chunks').delete(IDBKeyRange.bound(chunkKey(cluster, 0), `${cluster}\u0001`, false, true)),
    tx.done,
  ]);
}
