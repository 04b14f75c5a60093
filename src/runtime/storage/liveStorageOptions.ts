// The storage engine's options for a live node, from the cluster's saved storage settings: the
// engine's defaults, with what the page lets the user set (memtable size, tombstone grace).
import type { StorageOptions } from '../../core/storage';
import { defaultStorageOptions } from '../../core/storage';
import type { LiveStorageSettings } from '../workerProtocol';

/** The engine options a node opens its storage with; a setting saved before it existed takes the engine's default. */
export function storageOptionsOf(storage: LiveStorageSettings): StorageOptions {
  return {
    ...defaultStorageOptions,
    memtableBytesMax: storage.memtableBytesMax,
    tombstoneGraceMs: storage.tombstoneGraceMs ?? defaultStorageOptions.tombstoneGraceMs,
  };
}

/** Why `storage` cannot be used, or null: the page refuses such a change rather than start nodes that cannot open. */
export function liveStorageProblem(storage: LiveStorageSettings): string | null {
  if (!(storage.memtableBytesMax > 0)) return 'the memtable size must be positive';
  if (storage.tombstoneGraceMs !== undefined && !(storage.tombstoneGraceMs >= 0 && Number.isFinite(storage.tombstoneGraceMs))) return 'the tombstone grace must be 0 or more';
  return null;
}
