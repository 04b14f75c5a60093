/**
 * Goal: the cache keeps and evicts exactly what a least-recently-used map does, whatever the
 * sequence of gets, sets, updates, deletes and clears, with its bound an entry count or a total
 * weight. Method: fast-check against a reference kept here, a Map re-inserted on every use (how
 * the cache was first written), evicting its first entries while the total is past the bound.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import { LruCache } from './lruCache';

type Weigh = (k: number, v: number) => number;

class ReferenceLru {
  readonly entries = new Map<number, number>();
  constructor(
    private readonly max: number,
    private readonly weigh: Weigh,
  ) {}
  get total(): number {
    let t = 0;
    for (const [k, v] of this.entries) t += this.weigh(k, v);
    return t;
  }
  private evict(): void {
    while (this.total > this.max) this.entries.delete(this.entries.keys().next().value as number);
  }
  get(k: number): number | undefined {
    const v = this.entries.get(k);
    if (v === undefined) return undefined;
    this.entries.delete(k);
    this.entries.set(k, v);
    return v;
  }
  set(k: number, v: number): void {
    this.entries.delete(k);
    if (this.max <= 0 || this.weigh(k, v) > this.max) return;
    this.entries.set(k, v);
    this.evict();
  }
  update(k: number, change: (v: number) => number): void {
    const v = this.entries.get(k);
    if (v === undefined) return;
    const next = change(v);
    if (this.weigh(k, next) > this.max) this.entries.delete(k);
    else this.entries.set(k, next);
    this.evict();
  }
}

type Op = { kind: 'get' | 'delete'; key: number } | { kind: 'update'; key: number; by: number } | { kind: 'set'; key: number; value: number } | { kind: 'clear' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('get' as const, 'delete' as const), key: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('update' as const), key: fc.integer({ min: 0, max: 9 }), by: fc.integer({ min: 1, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 9 }), value: fc.integer({ min: -20, max: 20 }) }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

describe('LRU cache against a reference', () => {
  it('holds and answers exactly what a least-recently-used map does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.boolean(), fc.array(opArb, { maxLength: 80, size: 'max' }), (max, weighted, ops) => {
        // Weighted: 1 to 8 by key and value, so an update can make an entry heavier or lighter,
        // even heavier than the whole bound.
        const weigh: Weigh = weighted ? (k, v) => 1 + (Math.abs(k + v) % 8) : () => 1;
        const cache = weighted ? new LruCache<number, number>(max, weigh) : new LruCache<number, number>(max);
        const ref = new ReferenceLru(max, weigh);
        for (const op of ops) {
          switch (op.kind) {
            case 'get':
              expect(cache.get(op.key)).toBe(ref.get(op.key));
              break;
            case 'set':
              cache.set(op.key, op.value);
              ref.set(op.key, op.value);
              break;
            case 'update':
              cache.update(op.key, (v) => v + op.by);
              ref.update(op.key, (v) => v + op.by);
              break;
            case 'delete':
              cache.delete(op.key);
              ref.entries.delete(op.key);
              break;
            case 'clear':
              cache.clear();
              ref.entries.clear();
              break;
          }
          expect(cache.size).toBe(ref.entries.size);
          expect(cache.weight).toBe(ref.total);
          for (let k = 0; k < 10; k++) expect(cache.has(k)).toBe(ref.entries.has(k));
        }
      }),
      fcParams(300),
    );
  });

  it('an update that makes an entry heavier than the whole bound drops that entry alone, as a set would', () => {
    const cache = new LruCache<string, number>(10, (_k, v) => v);
    cache.set('a', 3);
    cache.set('b', 3);
    cache.set('c', 3);
    cache.update('b', () => 11);
    expect(['a', 'b', 'c'].map((k) => cache.has(k))).toEqual([true, false, true]);
    expect(cache.weight).toBe(6);
    // Heavier, but within the bound: the least recently used go first.
    cache.update('c', () => 8);
    expect(['a', 'c'].map((k) => cache.has(k))).toEqual([false, true]);
    expect(cache.weight).toBe(8);
  });
});
