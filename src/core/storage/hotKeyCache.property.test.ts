/**
 * Goal: the hot-key cache never changes an answer, not even the order of its siblings, whatever
 * the writes, flushes and compactions (size-tiered buckets that skip a table between two of
 * their inputs in age included). Method: fast-check drives two engines through the same steps,
 * one with the cache and one without, and compares every read's versions, in order.
 *
 * A write carries a context a client could hold: none, or what a read of the key answered (the
 * merge of its siblings' clocks). An arbitrary clock could say a version was seen without what
 * that version had seen, and then dominance is not transitive: which versions survive depends on
 * the order they are merged in, with or without a cache.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import { contextOf } from '../versions/siblings';
import type { Clock } from '../versions/vectorClock';
import type { Version } from '../versions/version';
import { flushNow, readNow, rig, small, version, write } from './testEngine';

type Step =
  | { readonly t: 'write'; readonly key: number; readonly actor: number; readonly parent: number; readonly size: number }
  | { readonly t: 'flush' }
  | { readonly t: 'compact'; readonly major: boolean }
  | { readonly t: 'read'; readonly key: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('write' as const), key: fc.nat(3), actor: fc.nat(2), parent: fc.nat(), size: fc.nat(12) }) },
  { weight: 2, arbitrary: fc.constant({ t: 'flush' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('compact' as const), major: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('read' as const), key: fc.nat(3) }) },
);

const dots = (vs: readonly Version[]): string[] => vs.map((v) => `${v.dot.node}:${v.dot.counter}`);

describe('hot-key cache', () => {
  it('answers every read as the tables do: the same siblings in the same order', () => {
    let reads = 0;
    let hits = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 10, maxLength: 120, size: 'max' }), (steps) => {
        // Tables of varied sizes in twos: size-tiered buckets often skip a table in age.
        const options = { ...small, memtableBytesMax: 100_000, compactionTablesMin: 2 };
        const engines = [100_000, 0].map((cacheBytesMax) => {
          const r = rig({ ...options, cacheBytesMax });
          return { queue: r.queue, engine: r.open() };
        });
        // Per key, the contexts reads of it answered so far.
        const seen: Clock[][] = [[], [], [], []];
        const counters = new Map<string, number>();
        for (const step of steps) {
          switch (step.t) {
            case 'write': {
              const actor = `n${step.actor}`;
              const key = `key:${step.key}`;
              const counter = (counters.get(`${actor}/${key}`) ?? 0) + 1;
              counters.set(`${actor}/${key}`, counter);
              // Written from a context some read answered, or from none: siblings and dominated versions both.
              const contexts = seen[step.key] ?? [];
              const parent = step.parent % (contexts.length + 1);
              const v = version(actor, counter, 'x'.repeat(20 * step.size), contexts[parent] ?? {});
              for (const { engine, queue } of engines) {
                write(engine, key, v);
                queue.runAll();
              }
              break;
            }
            case 'flush':
              for (const { engine, queue } of engines) {
                flushNow(engine, queue);
              }
              break;
            case 'compact':
              for (const { engine, queue } of engines) {
                engine.compact(0, () => undefined, step.major ? 'major' : 'sizeTiered');
                queue.runAll();
              }
              break;
            case 'read': {
              const [cached, fresh] = engines.map(({ engine, queue }) => readNow(engine, queue, `key:${step.key}`));
              expect(dots(cached ?? [])).toEqual(dots(fresh ?? []));
              seen[step.key]?.push(contextOf(fresh ?? []));
              reads++;
              break;
            }
          }
        }
        hits += engines[0]?.engine.stats().cacheHits ?? 0;
      }),
      fcParams(300),
    );
    // A generator change that stopped the cache answering would make this vacuous.
    if (process.env.FC_PATH === undefined) expect(hits).toBeGreaterThan(reads / 10);
  });
});
