/**
 * A node's storage as its worker hands it over: every completion of the IndexedDB device, the
 * CompressionStream compressor and the hint log comes back through `later` (the node's agenda),
 * so it waits its turn, and for resume, like a message or a timer, and never runs in the middle
 * of another handler.
 */
import type { Disk, NodeStorage } from '../../core/disk';
import type { Compressor, StorageDevice } from '../../core/storage';

export type Later = (run: () => void) => void;

export function agendaStorage(storage: NodeStorage, later: Later): NodeStorage {
  const d = storage.device;
  const device: StorageDevice = {
    appendLog: (records, done) => d.appendLog(records, (r) => later(() => done(r))),
    readLog: (done) => d.readLog((r) => later(() => done(r))),
    truncateLog: (seq, done) => d.truncateLog(seq, (r) => later(() => done(r))),
    writeTable: (meta, blocks, done) => d.writeTable(meta, blocks, (r) => later(() => done(r))),
    readBlock: (table, block, done) => d.readBlock(table, block, (r) => later(() => done(r))),
    listTables: (done) => d.listTables((r) => later(() => done(r))),
    deleteTables: (ids, done) => d.deleteTables(ids, (r) => later(() => done(r))),
  };
  const c = storage.compressor;
  const compressor: Compressor = {
    name: c.name,
    compress: (raw, done) => c.compress(raw, (r) => later(() => done(r))),
    decompress: (stored, done) => c.decompress(stored, (r) => later(() => done(r))),
  };
  const h = storage.hints;
  const hints: Disk = {
    append: (records, done) => h.append(records, (r) => later(() => done(r))),
    replay: (done) => h.replay((r) => later(() => done(r))),
  };
  return { device, compressor, options: storage.options, hints };
}

/** A device that fails every operation with one message: the node's database could not be opened. */
export function failedDevice(message: string): StorageDevice {
  const fail = (done: (r: { ok: false; message: string }) => void): void => queueMicrotask(() => done({ ok: false, message }));
  return {
    appendLog: (_records, done) => fail(done),
    readLog: (done) => fail(done),
    truncateLog: (_seq, done) => fail(done),
    writeTable: (_meta, _blocks, done) => fail(done),
    readBlock: (_table, _block, done) => fail(done),
    listTables: (done) => fail(done),
    deleteTables: (_ids, done) => fail(done),
  };
}

/**
 * A device usable at once whose operations wait for the database to open: the worker must host
 * its node (and take its peers' ports) before IndexedDB has answered. Once open, operations go
 * straight to it: a promise hop per operation was a microtask and two allocations more for
 * every block read and commit-log append, for the worker's whole life.
 */
export function deviceWhenOpen(opening: Promise<StorageDevice>): StorageDevice {
  let opened: StorageDevice | undefined;
  void opening.then((d) => (opened = d));
  const on = (use: (d: StorageDevice) => void): void => {
    if (opened !== undefined) use(opened);
    else void opening.then(use);
  };
  return {
    appendLog: (records, done) => on((d) => d.appendLog(records, done)),
    readLog: (done) => on((d) => d.readLog(done)),
    truncateLog: (seq, done) => on((d) => d.truncateLog(seq, done)),
    writeTable: (meta, blocks, done) => on((d) => d.writeTable(meta, blocks, done)),
    readBlock: (table, block, done) => on((d) => d.readBlock(table, block, done)),
    listTables: (done) => on((d) => d.listTables(done)),
    deleteTables: (ids, done) => on((d) => d.deleteTables(ids, done)),
  };
}
