/**
 * Goal: background work no caller waits on (a flush, the log truncation after it) tells its
 * failure through onBackgroundFailure, once until that job works again, so the page hears of it
 * before writes are refused; retries that fail again are not told again. Method: the engine on a
 * memory device that answers at once, with one failure injected per operation where wanted.
 */
import { describe, expect, it } from 'vitest';
import { lz77Compressor } from './lz77Compressor';
import { completeAtOnce, MemoryDevice } from './memoryDevice';
import { StorageEngine } from './storageEngine';
import { defaultStorageOptions } from './storageOptions';

function openWithTold() {
  const device = new MemoryDevice(completeAtOnce);
  const told: string[] = [];
  let engine: StorageEngine | undefined;
  StorageEngine.open(device, lz77Compressor, defaultStorageOptions, (r) => {
    if (!r.ok) throw new Error(r.message);
    engine = r.engine;
  });
  if (engine === undefined) throw new Error('open did not complete');
  engine.onBackgroundFailure = (message) => told.push(message);
  const e = engine;
  let n = 0;
  const writeAndFlush = (): boolean => {
    n++;
    e.merge(`k${n}`, [{ value: 'v', deleted: false, dot: { node: 'a', counter: n }, context: {}, timestampMs: 0 }], () => undefined);
    let ok = false;
    e.flush((r) => (ok = r.ok));
    return ok;
  };
  return { device, told, writeAndFlush };
}

describe('background failures', () => {
  it('a failing flush is told once across its retries, and again after one has worked', () => {
    const { device, told, writeAndFlush } = openWithTold();
    device.failNext('writeTable', 'QuotaExceededError');
    expect(writeAndFlush()).toBe(false);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/flush failed.*QuotaExceededError/);
    device.failNext('writeTable', 'QuotaExceededError');
    expect(writeAndFlush()).toBe(false);
    expect(told).toHaveLength(1);
    expect(writeAndFlush()).toBe(true);
    device.failNext('writeTable', 'AbortError');
    expect(writeAndFlush()).toBe(false);
    expect(told).toHaveLength(2);
    expect(told[1]).toMatch(/AbortError/);
  });

  it('a failed log truncation is told, though the flush it follows succeeded', () => {
    const { device, told, writeAndFlush } = openWithTold();
    device.failNext('truncateLog', 'UnknownError');
    expect(writeAndFlush()).toBe(true);
    expect(told).toEqual([expect.stringMatching(/log truncation failed.*UnknownError/)]);
    device.failNext('truncateLog', 'UnknownError');
    writeAndFlush();
    expect(told).toHaveLength(1);
  });
});
