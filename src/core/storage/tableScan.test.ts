/**
 * Goal: the key headers recovery reads come from one headers block per table, never from the
 * data blocks, and equal a full scan without values, also for tables written before headers
 * blocks existed (their metadata lacks `headersBlock`). Method: an engine on a memory device
 * that counts block reads, with many small blocks per table, read back after a reopen.
 */
import { describe, expect, it } from 'vitest';
import type { Version } from '../versions/version';
import { headerOf } from '../versions/version';
import { lz77Compressor } from './lz77Compressor';
import { completeAtOnce, MemoryDevice } from './memoryDevice';
import type { DeviceValue, StorageDevice, TableMeta } from './storageDevice';
import { StorageEngine } from './storageEngine';
import type { StorageOptions } from './storageOptions';
import { defaultStorageOptions } from './storageOptions';
import type { KeySiblings } from './tableScan';

const options: StorageOptions = { ...defaultStorageOptions, memtableBytesMax: 4_000, blockBytesTarget: 200, compactionTablesMin: 100 };

/** The device's operations, counting block reads; `legacy` hides the headers block from the metadata. */
function counting(device: StorageDevice, legacy: boolean): { device: StorageDevice; blockReads: () => number } {
  let reads = 0;
  const strip = (m: TableMeta): TableMeta => ({ ...m, headersBlock: undefined });
  return {
    blockReads: () => reads,
    device: {
      appendLog: (records, done) => device.appendLog(records, done),
      readLog: (done) => device.readLog(done),
      truncateLog: (seq, done) => device.truncateLog(seq, done),
      writeTable: (meta, blocks, done) => device.writeTable(meta, blocks, done),
      deleteTables: (ids, done) => device.deleteTables(ids, done),
      readBlock: (table, block, done) => {
        reads++;
        device.readBlock(table, block, done);
      },
      listTables: (done) => device.listTables((r: DeviceValue<readonly TableMeta[]>) => done(r.ok && legacy ? { ok: true, value: r.value.map(strip) } : r)),
    },
  };
}

function open(device: StorageDevice): StorageEngine {
  let engine: StorageEngine | undefined;
  StorageEngine.open(device, lz77Compressor, options, (r) => {
    if (!r.ok) throw new Error(r.message);
    engine = r.engine;
  });
  if (engine === undefined) throw new Error('open did not complete');
  return engine;
}

function scanned(run: (done: (r: DeviceValue<KeySiblings>) => void) => void): [string, readonly Version[]][] {
  let out: KeySiblings | undefined;
  run((r) => {
    if (!r.ok) throw new Error(r.message);
    out = r.value;
  });
  if (out === undefined) throw new Error('scan did not complete');
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A device holding several flushed tables of many blocks, plus a few keys only in the log. */
function filledDevice(): MemoryDevice {
  const memory = new MemoryDevice(completeAtOnce);
  const engine = open(memory);
  for (let i = 0; i < 300; i++) {
    const v: Version = { value: `value ${i} `.repeat(3), deleted: i % 7 === 0, dot: { node: `n${i % 3}`, counter: 1 + (i % 4) }, context: {}, timestampMs: i };
    engine.merge(`key-${i % 120}`, [v], () => undefined);
    if (i === 280) engine.flush(() => undefined);
  }
  return memory;
}

describe('key headers at recovery', () => {
  it('reads one headers block per table and equals a full scan without values', () => {
    const memory = filledDevice();
    const { device, blockReads } = counting(memory, false);
    const engine = open(device);
    const tables = engine.stats().tables;
    expect(tables.length).toBeGreaterThan(1);
    expect(tables.every((t) => t.blocks > 3)).toBe(true);
    const headers = scanned((d) => engine.scanHeaders(d));
    expect(blockReads()).toBe(tables.length);
    const full = scanned((d) => engine.scan(d));
    expect(headers).toEqual(full.map(([key, vs]) => [key, vs.map(headerOf)]));
    expect(headers.every(([, vs]) => vs.every((v) => v.value === null))).toBe(true);
  });

  it('decodes the data blocks of a table written without a headers block, with the same answer', () => {
    const memory = filledDevice();
    const modern = scanned((d) => open(memory).scanHeaders(d));
    const { device, blockReads } = counting(memory, true);
    const legacy = scanned((d) => open(device).scanHeaders(d));
    const dataBlocks = open(memory).stats().tables.reduce((n, t) => n + t.blocks, 0);
    expect(blockReads()).toBe(dataBlocks);
    expect(legacy).toEqual(modern);
  });
});
