/**
 * Goal: the CompressionStream compressor gives back exactly what it was given, reports a corrupt
 * block as a failure, and makes an SSTable of repetitive values smaller than its raw bytes.
 * Method: fast-check round trips; an engine on the memory device flushing a table through it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { DeviceValue } from '../../core/storage';
import { completeAtOnce, defaultStorageOptions, MemoryDevice, StorageEngine } from '../../core/storage';
import { streamCompressor } from './streamCompressor';

const deflate = streamCompressor();

function run(f: (done: (r: DeviceValue<Uint8Array>) => void) => void): Promise<DeviceValue<Uint8Array>> {
  return new Promise((resolve) => f(resolve));
}

async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !ready(); i++) await new Promise((r) => setImmediate(r));
  if (!ready()) throw new Error('the engine never went idle');
}

describe('CompressionStream compressor', () => {
  it('decompresses to exactly the input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), async (input) => {
        const packed = await run((d) => deflate.compress(input, d));
        if (!packed.ok) throw new Error(packed.message);
        const back = await run((d) => deflate.decompress(packed.value, d));
        expect(back.ok && [...back.value]).toEqual([...input]);
      }),
      fcParams(40),
    );
  });

  it('reports a corrupt block as a failure, not an exception', async () => {
    const r = await run((d) => deflate.decompress(new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02]), d));
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.message).toMatch(/corrupt \(deflate-raw\)/);
  });

  it('a flushed SSTable of repetitive values is smaller than its raw bytes', async () => {
    const device = new MemoryDevice(completeAtOnce);
    const engine = await new Promise<StorageEngine>((resolve, reject) =>
      StorageEngine.open(device, deflate, defaultStorageOptions, (r) => (r.ok ? resolve(r.engine) : reject(new Error(r.message)))),
    );
    for (let i = 0; i < 300; i++) {
      const value = { name: `user ${i}`, plan: 'basic', tags: ['alpha', 'beta', 'gamma'], note: 'nothing to report today' };
      engine.merge(`user:${String(i).padStart(5, '0')}`, [{ value, deleted: false, dot: { node: 'n1', counter: 1 }, context: {}, timestampMs: i }], () => undefined);
    }
    await until(() => engine.idle);
    const flushed = await new Promise((resolve) => engine.flush(resolve));
    expect(flushed).toEqual({ ok: true });
    await until(() => engine.idle);
    const s = engine.stats();
    expect(s.tableCount).toBeGreaterThan(0);
    expect(s.compressionRatio).toBeGreaterThan(2);
    expect(device.storedBytes).toBeLessThan(s.tables.reduce((n, t) => n + t.rawBytes, 0));
  });
});
