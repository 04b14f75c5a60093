// Goal: a live node's storage engine opens with the tombstone grace the page set, as it does
// with the memtable size; a cluster saved before the grace could be set gets the engine's
// default; a grace that cannot work is refused. Method: the mapping and the check, directly.
import { describe, expect, it } from 'vitest';
import { defaultStorageOptions, invalidStorageOptions } from '../../core/storage';
import { liveStorageProblem, storageOptionsOf } from './liveStorageOptions';

describe('live storage options', () => {
  it('the engine gets the memtable size and the tombstone grace the page set', () => {
    const options = storageOptionsOf({ durability: 'default', memtableBytesMax: 4096, tombstoneGraceMs: 30_000 });
    expect(options).toEqual({ ...defaultStorageOptions, memtableBytesMax: 4096, tombstoneGraceMs: 30_000 });
    expect(invalidStorageOptions(options)).toBeUndefined();
  });

  it('settings saved before the grace existed take the engine’s default', () => {
    expect(storageOptionsOf({ durability: 'strict', memtableBytesMax: 4096 }).tombstoneGraceMs).toBe(defaultStorageOptions.tombstoneGraceMs);
  });

  it('a negative or unreadable grace, or a memtable of no size, is refused; no grace at all is fine', () => {
    expect(liveStorageProblem({ durability: 'default', memtableBytesMax: 4096, tombstoneGraceMs: -1 })).toMatch(/tombstone grace/);
    expect(liveStorageProblem({ durability: 'default', memtableBytesMax: 4096, tombstoneGraceMs: Number.NaN })).toMatch(/tombstone grace/);
    expect(liveStorageProblem({ durability: 'default', memtableBytesMax: 0 })).toMatch(/memtable/);
    expect(liveStorageProblem({ durability: 'default', memtableBytesMax: 4096, tombstoneGraceMs: 0 })).toBeNull();
    expect(liveStorageProblem({ durability: 'default', memtableBytesMax: 4096 })).toBeNull();
  });
});
