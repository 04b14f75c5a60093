// Goal: a page deletes the spill databases of tabs that are gone (no one holds their lock) and
// never one a live tab holds, nor its own. Method: fake-indexeddb's factory, which lists
// databases, and a fake Web Locks manager whose query() reports the held names.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { holdSpillLock, spillDbPrefix, sweepOrphanSpills } from './spillSweep';

const held = new Set<string>();
const fakeLocks = {
  request(name: string, callback: () => Promise<void>): Promise<void> {
    held.add(name);
    return callback().then(() => void held.delete(name));
  },
  query: () => Promise.resolve({ held: [...held].map((name) => ({ name })), pending: [] }),
};

async function create(name: string): Promise<void> {
  const db = await openDB(name, 1, { upgrade: (d) => void d.createObjectStore('chunks') });
  db.close();
}

async function names(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '').sort();
}

beforeEach(async () => {
  held.clear();
  vi.stubGlobal('navigator', { locks: fakeLocks });
  for (const name of await names()) indexedDB.deleteDatabase(name);
});

describe('sweepOrphanSpills', () => {
  it('deletes the spills no tab holds, keeps a live tab’s, its own and other databases', async () => {
    const own = `${spillDbPrefix}own`;
    const live = `${spillDbPrefix}live`;
    const crashed = `${spillDbPrefix}crashed`;
    for (const name of [own, live, crashed, 'ringlab:main:n1:engine']) await create(name);
    holdSpillLock(own);
    holdSpillLock(live);

    expect(await sweepOrphanSpills(own)).toEqual([crashed]);
    expect(await names()).toEqual(['ringlab:main:n1:engine', live, own].sort());
  });

  it('without Web Locks it deletes nothing', async () => {
    vi.stubGlobal('navigator', {});
    await create(`${spillDbPrefix}other`);
    expect(await sweepOrphanSpills(`${spillDbPrefix}own`)).toEqual([]);
    expect(await names()).toEqual([`${spillDbPrefix}other`]);
  });
});
