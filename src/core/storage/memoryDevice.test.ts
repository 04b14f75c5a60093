/**
 * Goal: the memory device completes operations only through its scheduler, and a crash drops
 * what is in flight: writes land whole or not at all, and no callback fires afterwards.
 * Method: a queued scheduler run by hand, and a seeded random for the crash.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../prng';
import type { CommitRecord } from './storageDevice';
import { MemoryDevice } from './memoryDevice';

function queued(): { device: MemoryDevice; run: () => void; pending: () => number } {
  const tasks: (() => void)[] = [];
  const device = new MemoryDevice((_op, complete) => tasks.push(complete));
  return { device, run: () => tasks.splice(0).forEach((t) => t()), pending: () => tasks.length };
}

const rec = (seq: number): CommitRecord => ({ seq, key: `k${seq}`, versions: [] });

describe('memory device', () => {
  it("tells its scheduler each operation's kind and size, a log append's measured when asked", () => {
    const seen: { kind: string; bytes: number }[] = [];
    const device = new MemoryDevice((op, complete) => {
      seen.push({ kind: op.kind, bytes: op.bytes });
      complete();
    });
    const versions = [{ value: 'héllo', deleted: false, dot: { node: 'a', counter: 1 }, context: {}, timestampMs: 0 }];
    device.appendLog([{ seq: 1, key: 'k1', versions }, rec(2)], () => undefined);
    device.readBlock(1, 0, () => undefined);
    expect(seen).toEqual([
      { kind: 'appendLog', bytes: JSON.stringify(versions).length + 2 + JSON.stringify([]).length + 2 },
      { kind: 'readBlock', bytes: 0 },
    ]);
  });

  it('completes an append only when the scheduler runs it', () => {
    const { device, run } = queued();
    let done = false;
    device.appendLog([rec(1)], () => (done = true));
    expect(done).toBe(false);
    expect(device.logLength).toBe(0);
    run();
    expect(done).toBe(true);
    expect(device.logLength).toBe(1);
  });

  it('drops in-flight work on a crash, landing each write whole or not, with no callback', () => {
    let landed = 0;
    for (let seed = 0; seed < 40; seed++) {
      const { device, run } = queued();
      let called = false;
      device.appendLog([rec(1), rec(2), rec(3)], () => (called = true));
      device.crash(createRandom(seed));
      run();
      expect(called).toBe(false);
      expect([0, 3]).toContain(device.logLength);
      if (device.logLength === 3) landed++;
    }
    expect(landed).toBeGreaterThan(5);
    expect(landed).toBeLessThan(35);
  });

  it('fails the next operation of a kind on request, changing nothing', () => {
    const { device, run } = queued();
    device.failNext('appendLog', 'quota exceeded');
    let message = '';
    device.appendLog([rec(1)], (r) => (message = r.ok ? 'ok' : r.message));
    device.appendLog([rec(2)], () => undefined);
    run();
    expect(message).toBe('quota exceeded');
    expect(device.logLength).toBe(1);
  });

  it('truncates the log through a sequence number', () => {
    const { device, run } = queued();
    device.appendLog([rec(1), rec(2), rec(3)], () => undefined);
    device.truncateLog(2, () => undefined);
    run();
    let seqs: number[] = [];
    device.readLog((r) => (seqs = r.ok ? r.value.map((x) => x.seq) : []));
    run();
    expect(seqs).toEqual([3]);
  });
});
