/**
 * Goal: checking an entry's headers without decoding them (checkHeaders, what a compaction does
 * to an entry it copies as stored) rejects exactly the bytes decoding them rejects, and says
 * what decoding would: where they end, how many versions, whether one is a tombstone. Method:
 * fast-check over entries of any versions, encoded, then damaged at random.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import { ByteReader, ByteWriter, CorruptBytes } from './byteCodec';
import type { EntryOutline } from './entryCodec';
import { checkHeaders, encodeEntry, readVersions, StoredValues } from './entryCodec';
import { anyText, anyVersion } from './testVersions';

/** What reading the headers at `bytes` (past the key) gives: the reader's answer, or that it threw CorruptBytes. */
function outcome<T>(read: (r: ByteReader) => T, bytes: Uint8Array, from: number): { ok: true; value: T; pos: number } | { ok: false } {
  const r = new ByteReader().at(bytes, from, bytes.length);
  try {
    return { ok: true, value: read(r), pos: r.pos };
  } catch (e) {
    if (e instanceof CorruptBytes) return { ok: false };
    throw e;
  }
}

describe('entry codec', () => {
  it('checks headers exactly as decoding them would, damaged or not, without making them', () => {
    fc.assert(
      fc.property(
        anyText,
        fc.array(anyVersion, { maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.nat(),
        (key, versions, flips, cut) => {
          const w = new ByteWriter(64);
          encodeEntry(w, key, versions);
          const bytes = w.take();
          for (const [at, b] of flips) bytes[at % bytes.length] = b;
          const intact = flips.length === 0 && cut % 4 !== 0;
          const damaged = bytes.subarray(0, bytes.length - (intact ? 0 : cut % 9));
          // Both start where the key ends, as the block's readers do once past the key.
          const start = outcome((r) => (r.skipText(), r.pos), damaged, 0);
          if (!start.ok) return;
          const decoded = outcome((r) => readVersions(r, false), damaged, start.value);
          const outline: EntryOutline = { headersEnd: -1, versionCount: -1, hasTombstone: false };
          const checked = outcome((r) => ({ ...checkHeaders(r, outline) }), damaged, start.value);
          expect(checked.ok).toBe(decoded.ok);
          if (!checked.ok || !decoded.ok) return;
          expect(checked.pos).toBe(decoded.pos);
          expect(checked.value).toEqual({ headersEnd: decoded.pos, versionCount: decoded.value.length, hasTombstone: decoded.value.some((v) => v.deleted) });
          if (intact) expect(checked.value.versionCount).toBe(versions.length);
        },
      ),
      fcParams(500),
    );
  });

  it('reads an entry for a merge, values left as bytes, exactly where decoding it succeeds, and writes it back to what it decodes to', () => {
    fc.assert(
      fc.property(anyText, fc.array(anyVersion, { maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 2 }), (key, versions, flips) => {
        const w = new ByteWriter(64);
        encodeEntry(w, key, versions);
        const bytes = w.take();
        for (const [at, b] of flips) bytes[at % bytes.length] = b;
        const decoded = outcome((r) => {
          const k = r.text();
          const vs = readVersions(r, true);
          if (r.pos !== bytes.length) throw new CorruptBytes('a short entry');
          return [k, vs] as const;
        }, bytes, 0);
        const stored = new StoredValues();
        const read = stored.read(bytes, 0, bytes.length);
        expect(read.ok).toBe(decoded.ok);
        if (!read.ok || !decoded.ok) return;
        expect(read.value.every((v) => v.value === null)).toBe(true);
        const [k, vs] = decoded.value;
        const again = new ByteWriter(64);
        encodeEntry(again, k, read.value, stored);
        const back = outcome((r) => (r.text(), readVersions(r, true)), again.take(), 0);
        expect(back).toEqual({ ok: true, value: vs, pos: expect.any(Number) as number });
      }),
      fcParams(500),
    );
  });
});
