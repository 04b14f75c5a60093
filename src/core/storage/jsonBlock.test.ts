/**
 * Goal: a JSON block (tables written before the binary format) read lazily answers exactly what
 * parsing the whole block would, for any keys and values JSON can hold (escapes, brackets and
 * quotes inside strings, any unicode), and a damaged block is a failure, never an exception or a
 * wrong answer. Method: fast-check over entry sets, encoded as the former writer did
 * (JSON.stringify of the block), compared with JSON.parse of the same bytes; hand-made damaged
 * and re-formatted blocks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { JsonValue } from '../json';
import type { Version } from '../versions/version';
import { JsonBlock } from './jsonBlock';
import { compareKeys } from './memtable';
import type { TableEntry } from './sstableFormat';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
/** A block as the JSON writer stored it. */
const encodeBlock = (entries: readonly TableEntry[]): Uint8Array => encode(JSON.stringify(entries));
/** Where each entry starts in that JSON, as the writer recorded in TableMeta.blockEntryStarts. */
function entryStarts(entries: readonly TableEntry[]): number[] {
  const starts: number[] = [];
  let at = 1;
  for (const e of entries) {
    starts.push(at);
    at += JSON.stringify(e).length + 1;
  }
  return starts;
}

const versionArb: fc.Arbitrary<Version> = fc.record({
  value: fc.jsonValue() as fc.Arbitrary<JsonValue>,
  deleted: fc.boolean(),
  dot: fc.record({ node: fc.string({ maxLength: 4 }), counter: fc.nat() }),
  context: fc.dictionary(fc.string({ maxLength: 4 }), fc.nat()),
  timestampMs: fc.nat(),
});

const entriesArb: fc.Arbitrary<TableEntry[]> = fc
  .uniqueArray(fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('"', '\\', '\\"', '[', ']', '","', '\u0000')), { maxLength: 20 })
  .chain((keys) => fc.tuple(...[...keys].sort(compareKeys).map((k) => fc.array(versionArb, { maxLength: 3 }).map((vs): TableEntry => [k, vs]))));

function decoded(bytes: Uint8Array, starts?: readonly number[]): JsonBlock {
  const r = JsonBlock.decode(bytes, starts);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('lazy block reader', () => {
  it('finds each key and its versions exactly as parsing the whole block does', () => {
    fc.assert(
      fc.property(entriesArb, fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }), (entries, probes) => {
        const bytes = encodeBlock(entries);
        const reference = JSON.parse(new TextDecoder().decode(bytes)) as TableEntry[];
        const block = decoded(bytes);
        expect(block.entryCount).toBe(reference.length);
        reference.forEach(([key, versions], i) => {
          expect(block.keyAt(i)).toBe(key);
          expect(block.indexOf(key)).toBe(i);
          expect(block.versionsAt(i)).toEqual({ ok: true, value: versions });
        });
        for (const p of probes) if (!reference.some(([k]) => k === p)) expect(block.indexOf(p)).toBe(-1);
        expect(block.entries()).toEqual({ ok: true, value: reference });
      }),
      fcParams(300),
    );
  });

  it('with the entry starts a writer records, finds the same keys and entries without scanning', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        const bytes = encodeBlock(entries);
        const starts = entryStarts(entries);
        const scanned = decoded(bytes);
        const direct = decoded(bytes, starts);
        expect(direct.entryCount).toBe(scanned.entryCount);
        entries.forEach(([key], i) => {
          expect(direct.keyAt(i)).toBe(key);
          expect(direct.versionsAt(i)).toEqual(scanned.versionsAt(i));
        });
      }),
      fcParams(200),
    );
  });

  it('entry starts that do not fit the block are ignored: the block is scanned instead', () => {
    const entries: TableEntry[] = [['a', []], ['b', []]];
    const bytes = encodeBlock(entries);
    // The right starts are [1, 10]. Starts that fit a block's punctuation but not its entries
    // (such as [1] here) cannot be told from right ones without the scan they spare: they are
    // metadata written with the table, trusted as its sparse index and bloom filter are.
    for (const starts of [[1, 5], [2], [1, 9], [1, 11], [1, 10, 12], []]) {
      const block = decoded(bytes, starts);
      expect(block.entryCount, JSON.stringify(starts)).toBe(2);
      expect(block.keyAt(1)).toBe('b');
    }
    // Starts that fit a damaged block do not hide its damage from the entry they point at.
    expect(decoded(encode('[["a",[{"value":tru}]]]'), [1]).versionsAt(0).ok).toBe(false);
  });

  it('reads a block with white space (not as JSON.stringify writes it) by parsing it whole', () => {
    const block = decoded(encode('[ ["a", [{"value": 1}]] ,\n["b",[]] ]'));
    expect(block.entries()).toEqual({ ok: true, value: [['a', [{ value: 1 }]], ['b', []]] });
    expect(block.indexOf('b')).toBe(1);
  });

  it('reports a damaged block as a failure, not an exception or an answer', () => {
    for (const text of ['{not json', '[["k", 3]]', '[["k",[]]', '[["k",[]],]', '[["k",[]]]x', '[["k"]]', '[[1,[]]]', '["k"]', '[["k",[]]', '']) {
      expect(JsonBlock.decode(encode(text)).ok, text).toBe(false);
    }
    // The outline is sound but one entry's versions are not JSON: reading that entry fails.
    const block = decoded(encode('[["a",[{"value":1}]],["b",[{"value":tru}]]]'));
    expect(block.versionsAt(0).ok).toBe(true);
    expect(block.versionsAt(1).ok).toBe(false);
    expect(block.entries().ok).toBe(false);
  });
});
