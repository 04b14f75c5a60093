/**
 * Goal: the storage engine keeps its promises on every device: no acknowledged write is lost
 * across crashes, quiescent reads equal a Map that merged the acknowledged writes, and an
 * IndexedDB failure fails writes with a storage error, acknowledges nothing and corrupts nothing.
 * Method: one asynchronous property run on the memory device (completions on shuffled macrotasks)
 * and on IndexedDB over fake-indexeddb (fewer runs); crashes abort or let land what is in flight.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { assertNever } from '../../core/assertNever';
import { fcParams } from '../../../tests/fcSeed';
import type { Random } from '../../core/prng';
import { createRandom } from '../../core/prng';
import type { Compressor, StorageDevice, StorageOpen, StorageOptions, StorageRead, StorageResult } from '../../core/storage';
import { defaultStorageOptions, EngineModel, lz77Compressor, MemoryDevice, StorageEngine } from '../../core/storage';
import type { ConflictMode } from '../../core/versions/siblings';
import type { IdbDevice } from './idbDevice';
import { deleteIdbDevice, openIdbDevice } from './idbDevice';
import { streamCompressor } from './streamCompressor';

/** The real IDBObjectStore.put, taken before a test wraps it, so the wrapper can still store. */
function realPut(): (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) => IDBRequest<IDBValidKey> {
  return Reflect.get(IDBObjectStore.prototype, 'put') as (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) => IDBRequest<IDBValidKey>;
}

/** A device under test, and how to crash it and come back on the same storage. */
interface Harness {
  readonly compressor: Compressor;
  device(): StorageDevice;
  crash(random: Random): Promise<void>;
  dispose(): Promise<void>;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function memoryHarness(seed: number): Promise<Harness> {
  const order = createRandom(seed);
  // Each completion lands one or two macrotasks later, so operations overtake one another.
  const device = new MemoryDevice((_op, complete) => setImmediate(() => (order() < 0.5 ? complete() : setImmediate(complete))));
  return Promise.resolve({
    compressor: lz77Compressor,
    device: () => device,
    crash: (random) => Promise.resolve(device.crash(random)),
    dispose: () => Promise.resolve(),
  });
}

let databases = 0;
async function openOrThrow(name: string): Promise<IdbDevice> {
  const r = await openIdbDevice(name);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

async function idbHarness(): Promise<Harness> {
  const name = `ringlab:contract:node-${++databases}`;
  let device = await openOrThrow(name);
  return {
    compressor: streamCompressor(),
    device: () => device,
    crash: async (random) => {
      // Killing a worker aborts its transactions; one already committing lands anyway.
      if (random() < 0.5) device.abortInFlight();
      device.close('the node crashed');
      device = await openOrThrow(name);
    },
    dispose: async () => {
      device.close();
      await deleteIdbDevice(name);
    },
  };
}

type Step =
  | { readonly t: 'write'; readonly key: number; readonly actor: number; readonly parents: number[]; readonly deleted: boolean }
  | { readonly t: 'wait'; readonly ticks: number }
  | { readonly t: 'flush' }
  | { readonly t: 'compact'; readonly major: boolean }
  | { readonly t: 'read'; readonly key: number }
  | { readonly t: 'settle' }
  | { readonly t: 'crash' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ t: fc.constant('write' as const), key: fc.nat(4), actor: fc.nat(2), parents: fc.array(fc.nat(), { maxLength: 3 }), deleted: fc.nat(9).map((n) => n < 2) }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('wait' as const), ticks: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.constant({ t: 'flush' as const }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('compact' as const), major: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('read' as const), key: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'settle' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'crash' as const }) },
);

const configArb = fc.record({
  mode: fc.constantFrom<ConflictMode>('vclock', 'lww'),
  memtableBytesMax: fc.integer({ min: 150, max: 1_200 }),
  blockBytesTarget: fc.integer({ min: 40, max: 300 }),
  cacheBytesMax: fc.constantFrom(0, 150, 600, 100_000),
  blockCacheBlocksMax: fc.nat(3),
  logQueueRecordsMax: fc.integer({ min: 2, max: 20 }),
  seed: fc.nat(),
});

type Config = typeof configArb extends fc.Arbitrary<infer C> ? C : never;

/** What a device's histories exercised, so a run that never crashed or flushed fails loudly. */
interface Coverage {
  crashes: number;
  acked: number;
  flushes: number;
  compactions: number;
}

async function runHistory(harness: Harness, config: Config, steps: readonly Step[], coverage: Coverage): Promise<string[]> {
  const options: StorageOptions = { ...defaultStorageOptions, ...config, bloomBitsPerKey: 6, compactionTablesMin: 2, tombstoneGraceMs: 1e12 };
  const model = new EngineModel(options.mode);
  const random = createRandom(config.seed);
  const problems: string[] = [];
  const open = async (): Promise<StorageEngine> => {
    const r = await new Promise<StorageOpen>((resolve) => StorageEngine.open(harness.device(), harness.compressor, options, resolve));
    if (!r.ok) throw new Error(r.message);
    return r.engine;
  };
  let engine = await open();
  const checkAll = async (): Promise<void> => {
    for (let i = 0; i < 10_000 && !engine.idle; i++) await tick();
    for (const key of model.keys()) {
      const r = await new Promise<StorageRead>((resolve) => engine.read(key, resolve));
      const wrong = r.ok ? model.checkExact(key, r.versions) : `${key}: read failed: ${r.message}`;
      if (wrong !== undefined) problems.push(`quiescent ${wrong}`);
    }
  };
  const noteWork = (): void => {
    coverage.crashes++;
    coverage.flushes += engine.stats().flushes;
    coverage.compactions += engine.stats().compactions;
  };
  let clock = 0;
  for (const step of steps) {
    switch (step.t) {
      case 'write': {
        const key = `key:${step.key}`;
        const v = model.makeVersion({ key, actor: `n${step.actor}`, parents: step.parents, deleted: step.deleted, value: 'payload '.repeat(3), timestampMs: clock++ });
        engine.merge(key, [v], (r) => {
          if (r.ok) {
            model.acknowledged(key, v);
            coverage.acked++;
          } else if (r.definite) model.refused(key, v);
        });
        break;
      }
      case 'wait':
        for (let i = 0; i < step.ticks; i++) await tick();
        break;
      case 'flush':
        engine.flush(() => undefined);
        break;
      case 'compact':
        engine.compact(clock, () => undefined, step.major ? 'major' : 'sizeTiered');
        break;
      case 'read': {
        const key = `key:${step.key}`;
        const ackedAtIssue = model.ackedNow(key);
        engine.read(key, (r) => {
          const wrong = r.ok ? model.checkConcurrent(key, r.versions, ackedAtIssue) : undefined;
          if (wrong !== undefined) problems.push(`concurrent ${wrong}`);
        });
        break;
      }
      case 'settle':
        await checkAll();
        break;
      case 'crash':
        noteWork();
        await harness.crash(random);
        engine = await open();
        break;
      default:
        assertNever(step, 'step');
    }
  }
  await checkAll();
  noteWork();
  await harness.crash(random);
  engine = await open();
  await checkAll();
  return problems;
}

const histories = fc.array(stepArb, { minLength: 10, maxLength: 60, size: 'max' });

describe.each([
  { device: 'the memory device', make: (seed: number) => memoryHarness(seed), runs: 100 },
  { device: 'IndexedDB', make: () => idbHarness(), runs: 25 },
])('the storage engine on $device', ({ make, runs }) => {
  it('every acknowledged write survives crashes, and quiescent reads equal the merged model', async () => {
    const coverage: Coverage = { crashes: 0, acked: 0, flushes: 0, compactions: 0 };
    await fc.assert(
      fc.asyncProperty(configArb, histories, async (config, steps) => {
        const harness = await make(config.seed);
        try {
          const problems = await runHistory(harness, config, steps, coverage);
          expect(problems, problems.join('\n')).toEqual([]);
        } finally {
          await harness.dispose();
        }
      }),
      fcParams(runs),
    );
    if (process.env.FC_PATH === undefined) {
      expect(coverage.crashes).toBeGreaterThan(runs);
      expect(coverage.flushes).toBeGreaterThan(runs / 2);
      expect(coverage.compactions).toBeGreaterThan(runs / 10);
    }
  }, 120_000);
});

describe('IndexedDB failures under the engine', () => {
  afterEach(() => vi.restoreAllMocks());

  async function engineOn(harness: Harness): Promise<StorageEngine> {
    const r = await new Promise<StorageOpen>((resolve) =>
      StorageEngine.open(harness.device(), harness.compressor, { ...defaultStorageOptions, memtableBytesMax: 1e9 }, resolve),
    );
    if (!r.ok) throw new Error(r.message);
    return r.engine;
  }
  const v = (node: string, value: string) => ({ value, deleted: false, dot: { node, counter: 1 }, context: {}, timestampMs: 0 });
  const merge = (e: StorageEngine, key: string, node: string): Promise<StorageResult> => new Promise((resolve) => e.merge(key, [v(node, key)], resolve));
  const readValues = async (e: StorageEngine, key: string): Promise<unknown[]> => {
    const r = await new Promise<StorageRead>((resolve) => e.read(key, resolve));
    if (!r.ok) throw new Error(r.message);
    return r.versions.map((x) => x.value);
  };

  it('a quota error fails a whole group commit with a storage error, acknowledges nothing and corrupts nothing', async () => {
    const harness = await idbHarness();
    const engine = await engineOn(harness);
    expect(await merge(engine, 'before', 'a')).toEqual({ ok: true });
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const failed = await Promise.all(['q1', 'q2', 'q3'].map((k) => merge(engine, k, 'a')));
    for (const r of failed) expect(r).toMatchObject({ ok: false, error: 'storage', definite: false, message: expect.stringMatching(/QuotaExceededError/) as unknown });
    vi.restoreAllMocks();
    expect(await merge(engine, 'after', 'a')).toEqual({ ok: true });
    await harness.crash(() => 0.9);
    const recovered = await engineOn(harness);
    expect(await readValues(recovered, 'before')).toEqual(['before']);
    expect(await readValues(recovered, 'after')).toEqual(['after']);
    for (const k of ['q1', 'q2', 'q3']) expect(await readValues(recovered, k)).toEqual([]);
    expect(recovered.stats().logRecords).toBe(2);
    await harness.dispose();
  });

  it('an aborted flush keeps every write readable and recoverable, and leaves no partial table', async () => {
    const harness = await idbHarness();
    const engine = await engineOn(harness);
    for (const k of ['a', 'b', 'c']) expect(await merge(engine, k, 'n')).toEqual({ ok: true });
    const put = realPut();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const tx = this.transaction;
      if (this.name === 'tables') queueMicrotask(() => tx.abort());
      return put.apply(this, args);
    });
    const flushed = await new Promise<StorageResult>((resolve) => engine.flush(resolve));
    expect(flushed).toMatchObject({ ok: false, error: 'storage', message: expect.stringMatching(/AbortError/) as unknown });
    vi.restoreAllMocks();
    expect(await readValues(engine, 'b')).toEqual(['b']);
    await harness.crash(() => 0.9);
    const recovered = await engineOn(harness);
    expect(recovered.stats()).toMatchObject({ tableCount: 0, logRecords: 3 });
    for (const k of ['a', 'b', 'c']) expect(await readValues(recovered, k)).toEqual([k]);
    expect(await new Promise<StorageResult>((resolve) => recovered.flush(resolve))).toEqual({ ok: true });
    expect(recovered.stats()).toMatchObject({ tableCount: 1 });
    await harness.dispose();
  });
});
