// What the timeline draws from: the events in memory (a TimelineIndex), and for a window reaching
// before memory, the shown trace's kept chunks (KeptChunks). A window too dense to draw whole
// draws its newest events, next to the present, whether they are in memory or kept.
import type { KeptChunks } from './keptChunks';
import type { ChangingSource } from './sceneWindow';
import type { TimelineIndex } from './timelineIndex';

/**
 * Where memory starts: a window before it reads the kept chunks. Memory holds the newest events;
 * the kept chunks hold those too (they are written as the run goes) and the older ones.
 */
export function memoryFrom(index: TimelineIndex, kept: KeptChunks | null): number {
  const keptFirst = kept?.firstAt() ?? null;
  if (keptFirst === null) return -Infinity;
  if (index.size === 0) return Infinity;
  return keptFirst < index.firstAt() ? index.firstAt() : -Infinity;
}

/** The scene source over `index` and, before it, the chunks `kept()` reads back. */
export function keptSceneSource(index: TimelineIndex, kept: () => KeptChunks | null): ChangingSource {
  return {
    get version() {
      return index.version;
    },
    changedSince: (version) => index.changedSince(version),
    count: (fromMs, toMs) => (fromMs < memoryFrom(index, kept()) ? Infinity : index.count(fromMs, toMs)),
    newestFrom(fromMs, toMs, limit) {
      const k = kept();
      const memoryStart = memoryFrom(index, k);
      if (fromMs >= memoryStart) return index.newestFrom(fromMs, toMs, limit);
      // Memory alone holds the newest `limit`: the kept ones are older.
      const inMemory = index.count(memoryStart, toMs);
      if (inMemory >= limit) return inMemory > limit ? index.newestFrom(memoryStart, toMs, limit) : memoryStart;
      // Until the kept chunks are read back (a frame or a few), the window is read from its start.
      const older = k?.newestNow(fromMs, memoryStart, limit - inMemory) ?? null;
      return older?.more === true ? (older.events[0]?.at ?? fromMs) : fromMs;
    },
    range(fromMs, toMs, limit) {
      const k = kept();
      const memoryStart = memoryFrom(index, k);
      if (fromMs >= memoryStart) return index.range(fromMs, toMs, limit);
      const inMemory = index.count(memoryStart, toMs);
      // The newest `limit`, as newestFrom counts them: a cut window must not lose its newest end.
      if (inMemory >= limit) return index.range(index.newestFrom(memoryStart, toMs, limit), toMs, limit);
      const recent = index.range(memoryStart, toMs);
      // Until the kept chunks are read back, the window shows memory only.
      const older = k?.newestNow(fromMs, memoryStart, limit - inMemory) ?? null;
      if (older === null || older.events.length === 0) return recent;
      for (const e of recent) older.events.push(e);
      return older.events;
    },
    dropOf(from, msgId) {
      return index.dropOf(from, msgId) ?? kept()?.dropOf(from, msgId);
    },
    longestFlightMs: () => index.longestFlightMs(),
  };
}
