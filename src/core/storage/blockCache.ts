/**
 * Decoded SSTable blocks (readers that decode an entry when it is read, dataBlock.ts) kept in memory, as RocksDB's block cache
 * keeps uncompressed blocks: a point read that lands in a cached block skips the device read, the
 * decompression and the scan, which together are most of a read's cost. Tables are immutable and their ids are
 * never reused by an engine, so a cached block is never stale; blocks of a deleted table just
 * age out (or are dropped at once by `forgetTable`).
 */
import type { DataBlock } from './dataBlock';
import { LruCache } from './lruCache';
import type { DeviceValue } from './storageDevice';

type BlockRead = (r: DeviceValue<DataBlock>) => void;

export class BlockCache {
  private readonly blocks: LruCache<number, DataBlock>;
  /**
   * Blocks being read, with the readers waiting for them: concurrent point reads of keys in one
   * block (a burst of gets) share a single device read and decompression. Bounded by the reads
   * in flight.
   */
  private readonly loading = new Map<number, BlockRead[]>();
  hits = 0;
  misses = 0;

  /** `blocksMax` 0 turns the cache off. */
  constructor(blocksMax: number) {
    this.blocks = new LruCache(blocksMax);
  }

  get size(): number {
    return this.blocks.size;
  }

  get(tableId: number, blockIndex: number): DataBlock | undefined {
    const found = this.blocks.get(blockKey(tableId, blockIndex));
    if (found === undefined) this.misses++;
    else this.hits++;
    return found;
  }

  /** Whether the block is cached, without counting a hit or a miss or making it recently used. */
  has(tableId: number, blockIndex: number): boolean {
    return this.blocks.has(blockKey(tableId, blockIndex));
  }

  set(tableId: number, blockIndex: number, block: DataBlock): void {
    this.blocks.set(blockKey(tableId, blockIndex), block);
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

  loaded(tableId: number, blockIndex: number, r: DeviceValue<DataBlock>): void {
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

/**
 * One number per block, not a `${tableId}/${blockIndex}` string: a point read looks a block up
 * once or twice, and building the string was a tenth of the cache's cost. Exact while table ids
 * stay below 2^32 and a table has fewer than 2^21 blocks (8 GB of 4 KB blocks).
 */
function blockKey(tableId: number, blockIndex: number): number {
  return tableId * blocksPerTableMax + blockIndex;
}

const blocksPerTableMax = 2 ** 21;
