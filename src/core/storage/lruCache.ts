/**
 * A bounded least-recently-used map: the read path's cache of hot keys, and the block cache's
 * store. Pure. Each entry has a slot in arrays linked from least to most recently used; a map
 * finds a key's slot.
 *
 * Why not a Map alone, re-inserting an entry on use to make it the newest: that is a delete and
 * a set on every hit, and the holes the deletes leave make V8 rebuild the map's table again and
 * again (in the simulator bench the caches' tables were about 3% of everything allocated). Here
 * a hit only relinks a slot; the map changes only when a key comes or goes.
 *
 * The bound is a total weight: one per entry unless a `weigh` function says otherwise (the
 * hot-key cache weighs an answer by about the memory it keeps, as a sibling set can be one
 * version of a few bytes or a dozen of 10 KB each).
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
  /** Each slot's weight, and their sum over the entries held. */
  private readonly weights: number[] = [];
  private weightTotal = 0;
  /** Slots of deleted entries, to be used again. */
  private readonly free: number[] = [];

  /**
   * `weightMax` 0 disables the cache: every get misses and set stores nothing. Without `weigh`
   * each entry weighs 1, so the bound is an entry count.
   */
  constructor(
    private readonly weightMax: number,
    private readonly weigh: (key: K, value: V) => number = () => 1,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  /** The entries' total weight. */
  get weight(): number {
    return this.weightTotal;
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

  /**
   * Stores the value as most recently used, evicting the least recently used past the bound. A
   * value heavier than the whole bound is not stored, and the key's older value goes.
   */
  set(key: K, value: V): void {
    // A disabled cache (bound 0) weighs nothing: every value is too heavy for it.
    const w = this.weightMax > 0 ? this.weigh(key, value) : Infinity;
    if (w > this.weightMax) {
      this.delete(key);
      return;
    }
    let slot = this.slots.get(key);
    if (slot !== undefined) {
      this.values[slot] = value;
      this.reweigh(slot, w);
      this.touch(slot);
      this.evictPastBound();
      return;
    }
    slot = this.free.pop() ?? this.keys.length;
    this.keys[slot] = key;
    this.values[slot] = value;
    this.weights[slot] = w;
    this.weightTotal += w;
    this.slots.set(key, slot);
    this.linkNewest(slot);
    this.evictPastBound();
  }

  /**
   * Updates a cached value in place (recency unchanged); does nothing for an uncached key. If the
   * new value makes the total too heavy, the least recently used go, which may be this one; a
   * value heavier than the whole bound goes alone, as in `set`.
   */
  update(key: K, change: (old: V) => V): void {
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    const value = change(this.values[slot] as V);
    const w = this.weigh(key, value);
    if (w > this.weightMax) {
      this.delete(key);
      return;
    }
    this.values[slot] = value;
    this.reweigh(slot, w);
    this.evictPastBound();
  }

  delete(key: K): void {
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    this.unlink(slot);
    this.slots.delete(key);
    this.keys[slot] = undefined;
    this.values[slot] = undefined;
    this.weightTotal -= this.weights[slot] as number;
    this.weights[slot] = 0;
    this.free.push(slot);
  }

  clear(): void {
    this.slots.clear();
    this.keys.length = 0;
    this.values.length = 0;
    this.older.length = 0;
    this.newer.length = 0;
    this.weights.length = 0;
    this.weightTotal = 0;
    this.free.length = 0;
    this.oldest = -1;
    this.newest = -1;
  }

  private reweigh(slot: number, w: number): void {
    this.weightTotal += w - (this.weights[slot] as number);
    this.weights[slot] = w;
  }

  private evictPastBound(): void {
    while (this.weightTotal > this.weightMax && this.oldest >= 0) this.delete(this.keys[this.oldest] as K);
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
