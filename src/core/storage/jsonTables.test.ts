/**
 * Goal: tables written before the binary format (JSON blocks; with or without entry starts and a
 * headers block, as each earlier version wrote them) still read next to binary ones, recovery
 * rebuilds the key headers from both kinds, and a compaction of the two kinds together writes
 * one binary table holding their merge. Method: JSON tables put on a memory device exactly as
 * the former writer stored them, an engine opened on it that then flushes binary tables over
 * the same keys; every key read before and after a major compaction and after a reopen,
 * against the merge of what was written.
 */
import { describe, expect, it } from 'vitest';
import { mergeSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
import { headerOf } from '../versions/version';
import { buildBloomFilter } from './bloomFilter';
import { lz77Compress, lz77Compressor } from './lz77Compressor';
import { completeAtOnce, MemoryDevice } from './memoryDevice';
import type { TableEntry } from './sstableFormat';
import { blockFormat } from './sstableFormat';
import type { TableMeta } from './storageDevice';
import { StorageEngine } from './storageEngine';
import type { StorageOptions } from './storageOptions';
import { defaultStorageOptions } from './storageOptions';
import type { KeySiblings } from './tableScan';

const options: StorageOptions = { ...defaultStorageOptions, memtableBytesMax: 1_000, blockBytesTarget: 200, compactionTablesMin: 100 };
const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

const version = (node: string, counter: number, value: Version['value'], over: Partial<Version> = {}): Version => ({ value, deleted: false, dot: { node, counter }, context: {}, timestampMs: counter, ...over });

/** What the JSON writer stored for a table: blocks of a few entries, and metadata without blockFormat. */
function jsonTable(id: number, entries: readonly TableEntry[], withStarts: boolean, withHeaders: boolean): { meta: TableMeta; blocks: Uint8Array[] } {
  const parts: TableEntry[][] = [];
  for (let i = 0; i < entries.length; i += 3) parts.push(entries.slice(i, i + 3));
  const raw = parts.map((p) => encode(JSON.stringify(p)));
  const blocks = raw.map(lz77Compress);
  const starts = parts.map((p) => {
    let at = 1;
    return p.map((e) => {
      const start = at;
      at += JSON.stringify(e).length + 1;
      return start;
    });
  });
  const headers = encode(JSON.stringify(entries.map(([k, vs]) => [k, vs.map((v) => [v.deleted ? 1 : 0, v.dot.node, v.dot.counter, v.timestampMs, v.context])])));
  if (withHeaders) blocks.push(headers);
  const meta: TableMeta = {
    id,
    maxSeq: 0,
    entryCount: entries.length,
    firstKey: entries[0]?.[0] ?? '',
    lastKey: entries[entries.length - 1]?.[0] ?? '',
    blockFirstKeys: parts.map((p) => p[0]?.[0] ?? ''),
    ...(withStarts ? { blockEntryStarts: starts } : {}),
    rawBytes: raw.reduce((n, b) => n + b.length, 0) + (withHeaders ? headers.length : 0),
    storedBytes: blocks.reduce((n, b) => n + b.length, 0),
    bloom: buildBloomFilter(entries.map((e) => e[0]), 10),
    ...(withHeaders ? { headersBlock: parts.length } : {}),
    compression: lz77Compressor.name,
  };
  return { meta, blocks };
}

function open(device: MemoryDevice): StorageEngine {
  let engine: StorageEngine | undefined;
  StorageEngine.open(device, lz77Compressor, options, (r) => {
    if (!r.ok) throw new Error(r.message);
    engine = r.engine;
  });
  if (engine === undefined) throw new Error('the engine did not open at once');
  return engine;
}

function readAll(e: StorageEngine, keys: readonly string[]): Map<string, readonly Version[]> {
  const out = new Map<string, readonly Version[]>();
  for (const key of keys)
    e.read(key, (r) => {
      if (!r.ok) throw new Error(r.message);
      out.set(key, r.versions);
    });
  return out;
}

function headersOf(e: StorageEngine): KeySiblings {
  let out: KeySiblings | undefined;
  e.scanHeaders((r) => {
    if (!r.ok) throw new Error(r.message);
    out = r.value;
  });
  return out ?? new Map<string, readonly Version[]>();
}

const sameByDot = (versions: readonly Version[]): Version[] => [...versions].sort((a, b) => a.dot.node.localeCompare(b.dot.node) || a.dot.counter - b.dot.counter);

describe('tables written in JSON, before the binary format', () => {
  it('read, recover and compact together with binary tables', () => {
    const keys = Array.from({ length: 24 }, (_, i) => `key ${String(i).padStart(2, '0')} "é\\`);
    // Three JSON tables, one per earlier writer: with entry starts and a headers block, with
    // neither, and with a tombstone for every fourth key.
    const expected = new Map<string, readonly Version[]>();
    const add = (key: string, vs: readonly Version[]): void => void expected.set(key, mergeSiblings(expected.get(key) ?? [], vs, 'vclock'));
    const device = new MemoryDevice(completeAtOnce);
    const kinds: [boolean, boolean][] = [[true, true], [false, false], [false, true]];
    kinds.forEach(([starts, headers], t) => {
      const entries = keys.map((key, i): TableEntry => [key, [version(`j${t}`, i + 1, i % 4 === 3 && t === 2 ? null : { n: i, t, text: `value "${i}"` }, { deleted: i % 4 === 3 && t === 2 })]]);
      for (const [k, vs] of entries) add(k, vs);
      const { meta, blocks } = jsonTable(t + 1, entries, starts, headers);
      device.writeTable(meta, blocks, (r) => {
        if (!r.ok) throw new Error(r.message);
      });
    });
    const e = open(device);
    // Binary tables over half of the same keys, with new siblings.
    keys.forEach((key, i) => {
      if (i % 2 !== 0) return;
      const v = version('b', i + 1, `binary ${i}`);
      add(key, [v]);
      e.merge(key, [v], () => undefined);
    });
    e.flush(() => undefined);
    const formats = (): (string | undefined)[] => {
      let metas: readonly TableMeta[] = [];
      device.listTables((r) => {
        if (r.ok) metas = r.value;
      });
      return metas.map((m) => m.blockFormat).sort();
    };
    expect(formats()).toEqual([blockFormat, undefined, undefined, undefined]);
    const check = (engine: StorageEngine): void => {
      const read = readAll(engine, keys);
      for (const key of keys) expect(sameByDot(read.get(key) ?? []), key).toEqual(sameByDot(expected.get(key) ?? []));
      const index = headersOf(engine);
      for (const key of keys) expect(sameByDot(index.get(key) ?? []), key).toEqual(sameByDot((expected.get(key) ?? []).map(headerOf)));
    };
    check(e);
    check(open(device));
    let report: unknown;
    e.compact(0, (r) => (report = r), 'major');
    expect(report).toMatchObject({ ok: true, tablesIn: 4, tablesOut: 1 });
    expect(formats()).toEqual([blockFormat]);
    check(e);
    check(open(device));
  });
});
