// Pure. Bounding a Map that is kept in insertion order (oldest first). In core, though the
// protocol does not use it, so that the host (runtime: the clients' contexts) and the page (the
// trace's per-event bookkeeping) share it under the layering rule that both may import core. A Map keeps deleted entries at its front until it is rebuilt, so
// finding the oldest key one deletion at a time walks past all of them: at full speed, deleting
// one entry per event took a few percent of the main thread. Past its bound, a Map loses its
// oldest tenth in one walk instead.

/** The share of the bound forgotten at once. */
const forgetShare = 0.1;

/** If `m` holds more than `max` entries, forgets the oldest down to `max` less a tenth of it. */
export function boundOldestFirst<K, V>(m: Map<K, V>, max: number): void {
  if (m.size <= max) return;
  let excess = m.size - Math.floor(max * (1 - forgetShare));
  for (const k of m.keys()) {
    if (excess-- <= 0) break;
    m.delete(k);
  }
}
