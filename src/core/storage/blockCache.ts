/**
 * Decoded SSTable blocks kept in memory, as RocksDB's block cache keeps uncompressed blocks: a
 * point read that lands in a cached block skips the device read, the decompression and the
 * decoding, which together are most of a read's cost. Tables are immutable and their ids are
 * never reused by an engine, so a cached block is never stale; blocks of a deleted table just
 * age out (or are dropped at once by `forgetTable`).
 */
import { LruCache } from './lruCache';
import type { TableEntry } from './sstableFormat';
import type { DeviceValue } from './storageDevice';

type BlockRead = (r: DeviceValue<readonly TableEntry[]>) => void;

export class BlockCache {
  private readonly blocks: LruCache<string, readonly TableEntry[]>;
  /**
   * Blocks being read, with the readers waiting for them: concurrent point reads of keys in one
   * block (a burst of gets) share a single device read and decompression. Bounded by the reads
   * in flight.
   */
  private readonly loading = new Map<string, BlockRead[]>();
  hits = 0;
  misses = 0;

  /** `blocksMax` 0 turns the cache off. */
  constructor(blocksMax: number) {
    this.blocks = new LruCache(blocksMax);
  }

  get size(): number {
    return this.blocks.size;
  }

  get(tableId: number, blockIndex: number): readonly TableEntry[] | undefined {
    const found = this.blocks.get(blockKey(tableId, blockIndex));
    if (found === undefined) this.misses++;
    else this.hits++;
    return found;
  }

  set(tableId: number, blockIndex: number, entries: readonly TableEntry[]): void {
    this.blocks.set(blockKey(tableId, blockIndex), entries);
  }

  /**
   * Waits for a read of the block already in flight and returns true; or returns false, and the
   * caller reads the block and hands the outcome to `loaded`, which answers every waiter.
   */
  join(tableId: number, blockIndex: number, done: BlockRead): boolean {
    const key = blockKey(tableId, blockIndex);
    const waiting = this.loading.get(key);
    if (waiting !== undefined) {
      waiting.push(done);
      return true;
    }
    this.loading.set(key, [done]);
    return false;
  }

  loaded(tableId: number, blockIndex: number, r: DeviceValue<readonly TableEntry[]>): void {
    const key = blockKey(tableId, blockIndex);
    const waiting = this.loading.get(key) ?? [];
    this.loading.delete(key);
    if (r.ok) this.set(tableId, blockIndex, r.value);
    for (const done of waiting) done(r);
  }

  /** Drops a deleted table's blocks so that they do not hold memory until they age out. */
  forgetTable(tableId: number, blockCount: number): void {
    for (let i = 0; i < blockCount; i++) this.blocks.delete(blockKey(tableId, i));
  }

  clear(): void {
    this.blocks.clear();
  }
}

function blockKey(tableId: number, blockIndex: number): string {
  return `${tableId}/${blockIndex}`;
}
