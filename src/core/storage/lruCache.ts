/**
 * A bounded least-recently-used map: the read path's cache of hot keys, and the block cache's
 * store. Pure. Each entry has a slot in arrays linked from least to most recently used; a map
 * finds a key's slot.
 *
 * Why not a Map alone, re-inserting an entry on use to make it the newest: that is a delete and
 * a set on every hit, and the holes the deletes leave make V8 rebuild the map's table again and
 * again (in the simulator bench the caches' tables were about 3% of everything allocated). Here
 * a hit only relinks a slot; the map changes only when a key comes or goes.
 */
export class LruCache<K, V> {
  private readonly slots = new Map<K, number>();
  private readonly keys: (K | undefined)[] = [];
  private readonly values: (V | undefined)[] = [];
  /** Toward the least recently used; -1 ends the list. */
  private readonly older: number[] = [];
  /** Toward the most recently used; -1 ends the list. */
  private readonly newer: number[] = [];
  private oldest = -1;
  private newest = -1;
  /** Slots of deleted entries, to be used again. */
  private readonly free: number[] = [];

  /** `entriesMax` 0 disables the cache: every get misses and set stores nothing. */
  constructor(private readonly entriesMax: number) {}

  get size(): number {
    return this.slots.size;
  }

  /** The value, now most recently used, or undefined. */
  get(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    this.touch(slot);
    return this.values[slot];
  }

  has(key: K): boolean {
    return this.slots.has(key);
  }

  /** Stores the value as most recently used, evicting the least recently used past the bound. */
  set(key: K, value: V): void {
    if (this.entriesMax <= 0) return;
    let slot = this.slots.get(key);
    if (slot !== undefined) {
      this.values[slot] = value;
      this.touch(slot);
      return;
    }
    if (this.slots.size >= this.entriesMax) {
      slot = this.oldest;
      this.unlink(slot);
      this.slots.delete(this.keys[slot] as K);
    } else slot = this.free.pop() ?? this.keys.length;
    this.keys[slot] = key;
    this.values[slot] = value;
    this.slots.set(key, slot);
    this.linkNewest(slot);
  }

  /** Updates a cached value in place (recency unchanged); does nothing for an uncached key. */
  update(key: K, change: (old: V) => V): void {
    const slot = this.slots.get(key);
    if (slot !== undefined) this.values[slot] = change(this.values[slot] as V);
  }

  delete(key: K): void {
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    this.unlink(slot);
    this.slots.delete(key);
    this.keys[slot] = undefined;
    this.values[slot] = undefined;
    this.free.push(slot);
  }

  clear(): void {
    this.slots.clear();
    this.keys.length = 0;
    this.values.length = 0;
    this.older.length = 0;
    this.newer.length = 0;
    this.free.length = 0;
    this.oldest = -1;
    this.newest = -1;
  }

  private touch(slot: number): void {
    if (slot === this.newest) return;
    this.unlink(slot);
    this.linkNewest(slot);
  }

  private unlink(slot: number): void {
    const older = this.older[slot] as number;
    const newer = this.newer[slot] as number;
    if (older >= 0) this.newer[older] = newer;
    else this.oldest = newer;
    if (newer >= 0) this.older[newer] = older;
    else this.newest = older;
  }

  private linkNewest(slot: number): void {
    this.older[slot] = this.newest;
    this.newer[slot] = -1;
    if (this.newest >= 0) this.newer[this.newest] = slot;
    else this.oldest = slot;
    this.newest = slot;
  }
}
