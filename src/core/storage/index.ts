// Public surface of the storage engine: the device and compressor contracts, the engine, the
// memory device and deterministic compressor for the simulator. Re-exports only.
export type { CommitRecord, DeviceFailure, DeviceOpKind, DeviceResult, DeviceValue, StorageDevice, TableMeta } from './storageDevice';
export { deviceOk } from './storageDevice';
export type { Compressor } from './compressor';
export { identityCompressor } from './compressor';
export { lz77Compress, lz77Compressor, lz77Decompress } from './lz77Compressor';
export type { BloomFilterData } from './bloomFilter';
export { bloomMightContain, buildBloomFilter, optimalHashCount, theoreticalFalsePositiveRate } from './bloomFilter';
export type { CompactionScope } from './compaction';
export type { CompactionReport, StorageFailure, StorageOptions, StorageRead, StorageResult } from './storageOptions';
export { defaultStorageOptions, invalidStorageOptions, storageFailure } from './storageOptions';
export type { StorageStats, TableStats } from './storageStats';
export type { StorageOpen } from './storageEngine';
export { StorageEngine } from './storageEngine';
export type { DeviceScheduler } from './memoryDevice';
export { completeAtOnce, MemoryDevice } from './memoryDevice';
export type { WriteSpec } from './engineModel';
export { EngineModel } from './engineModel';
export type { KeySiblings } from './tableScan';
export { scanDevice } from './tableScan';
export type { TableIo } from './tableIo';
export { compareKeys } from './memtable';
