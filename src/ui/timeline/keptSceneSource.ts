// What the timeline draws from: the events in memory (a TimelineIndex), and for a window reaching
// before memory, the shown trace's kept chunks (KeptChunks). A window too dense to draw whole
// draws its newest events, next to the present, whether they are in memory or kept.
import type { TraceEvent } from '../../core/trace';
import type { KeptChunks } from './keptChunks';
import type { ChangingSource } from './sceneWindow';
import type { TimelineIndex } from './timelineIndex';
import { lowerBound } from './timelineIndex';
import { sceneReadMax } from './timelineScene';

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

/** What the kept chunks answered for a frame's window (null: not read back yet), kept for the frame's range. */
interface KeptRead {
  readonly kept: KeptChunks;
  readonly fromMs: number;
  /** The end of the kept part read: where memory starts, or the window's end before it. */
  readonly toMs: number;
  readonly readMax: number;
  readonly version: number;
  readonly answer: { readonly events: readonly TraceEvent[]; readonly more: boolean } | null;
}

/**
 * The scene source over `index` and, before it, the chunks `kept()` reads back. A frame asks
 * newestFrom, then range from where the newest part begins (readWindow): the kept chunks are read
 * once, in newestFrom, for both, since each read gathers and copies every event it answers with.
 * `readMax` is the most range is asked for (sceneReadMax).
 */
export function keptSceneSource(index: TimelineIndex, kept: () => KeptChunks | null, readMax = sceneReadMax): ChangingSource {
  let last: KeptRead | null = null;
  /** The last read, if it holds the newest `limit` of [fromMs, toMs): a range right after newestFrom. */
  const lastFor = (k: KeptChunks, fromMs: number, toMs: number, limit: number): KeptRead | null => {
    const read = last;
    // Once: the next frame's chunks may have been read back meanwhile.
    last = null;
    if (read === null || read.kept !== k || read.toMs !== toMs || read.version !== index.version || fromMs < read.fromMs || limit > read.readMax) return null;
    // A dense window's read holds only its newest part: from where it begins.
    const first = read.answer?.events[0];
    return read.answer?.more === true && first !== undefined && fromMs < first.at ? null : read;
  };
  return {
    get version() {
      return index.version;
    },
    changedSince: (version) => index.changedSince(version),
    count: (fromMs, toMs) => (fromMs < memoryFrom(index, kept()) ? Infinity : index.count(fromMs, toMs)),
    newestFrom(fromMs, toMs, limit) {
      last = null;
      const k = kept();
      const memoryStart = memoryFrom(index, k);
      if (fromMs >= memoryStart) return index.newestFrom(fromMs, toMs, limit);
      // Memory alone holds the newest `limit`: the kept ones are older.
      const inMemory = index.count(memoryStart, toMs);
      if (inMemory >= limit) return inMemory > limit ? index.newestFrom(memoryStart, toMs, limit) : memoryStart;
      if (k === null) return fromMs;
      // Until the kept chunks are read back (a frame or a few), the window is read from its start.
      // Kept events up to where memory starts, or to the window's end before it: not past it.
      const keptToMs = Math.min(toMs, memoryStart);
      const answer = k.newestNow(fromMs, keptToMs, limit - inMemory, readMax - inMemory);
      last = { kept: k, fromMs, toMs: keptToMs, readMax: readMax - inMemory, version: index.version, answer };
      return answer?.more === true ? (answer.events[0]?.at ?? fromMs) : fromMs;
    },
    range(fromMs, toMs, limit) {
      const k = kept();
      const memoryStart = memoryFrom(index, k);
      if (fromMs >= memoryStart) return index.range(fromMs, toMs, limit);
      const inMemory = index.count(memoryStart, toMs);
      // The newest `limit`, as newestFrom counts them: a cut window must not lose its newest end.
      if (inMemory >= limit) return index.range(index.newestFrom(memoryStart, toMs, limit), toMs, limit);
      const recent = index.range(memoryStart, toMs);
      if (k === null) return recent;
      const keptLimit = limit - inMemory;
      const keptToMs = Math.min(toMs, memoryStart);
      const read = lastFor(k, fromMs, keptToMs, keptLimit);
      // A copy of the part asked for (the memory's events are pushed onto it); read anew when the last read does not hold it.
      const older = read !== null ? newestOf(read.answer, fromMs, keptLimit) : (k.newestNow(fromMs, keptToMs, keptLimit)?.events ?? null);
      // Until the kept chunks are read back, the window shows memory only.
      if (older === null || older.length === 0) return recent;
      for (const e of recent) older.push(e);
      return older;
    },
    dropOf(from, msgId) {
      return index.dropOf(from, msgId) ?? kept()?.dropOf(from, msgId);
    },
    longestFlightMs: () => index.longestFlightMs(),
  };
}

/** A new array of the newest `limit` of `answer`'s events at fromMs or later (null: none read back yet). */
function newestOf(answer: KeptRead['answer'], fromMs: number, limit: number): TraceEvent[] | null {
  if (answer === null) return null;
  return answer.events.slice(Math.max(lowerBound(answer.events, fromMs), answer.events.length - limit));
}
