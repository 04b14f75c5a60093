/**
 * Decoded SSTable blocks kept in memory, as RocksDB's block cache keeps uncompressed blocks: a
 * point read that lands in a cached block skips the device read, the decompression and the
 * decoding, which together are most of a read's cost. Tables are immutable and their ids are
 * never reused by an engine, so a cached block is never stale; blocks of a deleted table just
 * age out (or are dropped at once by `forgetTable`).
 */
import { LruCache } from './lruCache';
import type { TableEntry } from './sstableFormat';

export class BlockCache {
  private readonly blocks: LruCache<string, readonly TableEntry[]>;
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
