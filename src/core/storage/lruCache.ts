/**
 * A bounded least-recently-used map: the read path's cache of hot keys. Pure. A Map keeps
 * insertion order, so re-inserting on use makes its first key the least recently used.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  /** `entriesMax` 0 disables the cache: every get misses and set stores nothing. */
  constructor(private readonly entriesMax: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value, now most recently used, or undefined. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores the value as most recently used, evicting the least recently used past the bound. */
  set(key: K, value: V): void {
    if (this.entriesMax <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.entriesMax) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Updates a cached value in place (recency unchanged); does nothing for an uncached key. */
  update(key: K, change: (old: V) => V): void {
    if (!this.entries.has(key)) return;
    this.entries.set(key, change(this.entries.get(key) as V));
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
