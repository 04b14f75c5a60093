// Goal: a device used before its database opened queues what it is asked, in order, for the
// open device; once open, each operation reaches the device in the same task, with nothing in
// between. Method: a recording device behind a promise the test resolves.
import { describe, expect, it } from 'vitest';
import type { StorageDevice } from '../../core/storage';
import { completeAtOnce, MemoryDevice } from '../../core/storage';
import { deviceWhenOpen } from './agendaStorage';

/** A memory device that records the block reads it is asked for. */
function recording(asked: string[]): StorageDevice {
  const inner = new MemoryDevice(completeAtOnce);
  return {
    appendLog: (records, done) => inner.appendLog(records, done),
    readLog: (done) => inner.readLog(done),
    truncateLog: (seq, done) => inner.truncateLog(seq, done),
    writeTable: (meta, blocks, done) => inner.writeTable(meta, blocks, done),
    readBlock: (table, block, done) => {
      asked.push(`${table}/${block}`);
      inner.readBlock(table, block, done);
    },
    listTables: (done) => inner.listTables(done),
    deleteTables: (ids, done) => inner.deleteTables(ids, done),
  };
}

describe('deviceWhenOpen', () => {
  it('holds operations until the device opens, in order, then passes each straight through', async () => {
    const asked: string[] = [];
    let open: (d: StorageDevice) => void = () => undefined;
    const device = deviceWhenOpen(new Promise((resolve) => (open = resolve)));
    const answers: boolean[] = [];
    device.readBlock(1, 0, (r) => answers.push(r.ok));
    device.readBlock(2, 3, (r) => answers.push(r.ok));
    await Promise.resolve();
    expect(asked).toEqual([]);
    open(recording(asked));
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['1/0', '2/3']);
    device.readBlock(4, 1, (r) => answers.push(r.ok));
    // Open: asked in this task, not after a promise hop.
    expect(asked).toEqual(['1/0', '2/3', '4/1']);
    await new Promise((r) => setTimeout(r, 0));
    // No table was written: every read fails, and each is answered once.
    expect(answers).toEqual([false, false, false]);
  });
});
