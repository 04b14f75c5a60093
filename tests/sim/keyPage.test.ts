/**
 * Goal: an inspector's page of keys (filter, limit) is exactly the matching slice, in key order,
 * of what a full scan of the store gives, with the count of all and of matching keys; so the
 * page can stand in for the full scan the inspector used to run on every poll. Method: a
 * LocalStore on the simulator's storage with completions run at once and a small memtable (the
 * keys are spread over SSTables and the memtable), compared with its own full scan.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../fcSeed';
import { foldLogRecord } from '../../src/core/disk';
import { nodeId } from '../../src/core/ids';
import { defaultStorageOptions } from '../../src/core/storage';
import type { Version } from '../../src/core/versions/version';
import { SimStorage } from '../../src/sim/simDisk';
import type { KeyPage, StoreScan } from '../../src/core/node/localStore';
import { LocalStore } from '../../src/core/node/localStore';

function openStore(): LocalStore {
  const storage = new SimStorage((_ms, run) => run(), () => 0, (prev, rec) => foldLogRecord(prev, rec, 'vclock'), {
    ...defaultStorageOptions,
    memtableBytesMax: 600,
    blockBytesTarget: 200,
  });
  const store = new LocalStore(storage.forNode(), 'vclock', nodeId('a'), (message) => {
    throw new Error(`background storage failure: ${message}`);
  });
  store.recover((r) => expect(r.ok).toBe(true));
  return store;
}

const version = (counter: number, value: string): Version => ({ value, deleted: false, dot: { node: 'a', counter }, context: {}, timestampMs: counter });

describe('local store inspection', () => {
  it('a page of keys is the matching slice of a full scan, in key order, with the counts', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-d]{1,4}$/), { minLength: 0, maxLength: 40 }),
        fc.stringMatching(/^[a-d]{0,2}$/),
        fc.integer({ min: 1, max: 12 }),
        (keys, filter, limit) => {
          const store = openStore();
          keys.forEach((key, i) => store.merge(key, [version(i + 1, `value of ${key}`)], (r) => expect(r.ok).toBe(true)));
          let scan: StoreScan | undefined;
          store.scan((r) => (scan = r));
          let page: KeyPage | undefined;
          store.inspectKeys({ filter, limit }, undefined, (r) => (page = r));
          if (scan?.ok !== true || page?.ok !== true) throw new Error('the store did not answer');
          const matching = [...scan.keys].filter(([k, vs]) => k.includes(filter) && vs.length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
          expect(page.total).toBe(keys.length);
          expect(page.matching).toBe(matching.length);
          expect(page.keys).toEqual(matching.slice(0, limit).map(([key, versions]) => ({ key, versions })));
        },
      ),
      fcParams(100),
    );
  });
});
