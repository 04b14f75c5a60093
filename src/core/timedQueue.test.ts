/**
 * Goal: the agenda pops items in time order, and items due at the same time in push order, so
 * a host's runs are reproducible; removing an item by its handle takes out that item only.
 * Method: fast-check drives random pushes (many tied times), pops and removals (of waiting,
 * popped and already removed items) against a stably sorted list as the model.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../tests/fcSeed';
import { TimedQueue } from './timedQueue';
import type { QueueHandle } from './timedQueue';

describe('timed queue', () => {
  it('pops by time, and by push order among equal times', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const q = new TimedQueue<number>();
        times.forEach((t, i) => q.push(t, i));
        const popped: number[] = [];
        for (let next = q.pop(); next !== undefined; next = q.pop()) popped.push(next.item);
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
        expect(popped).toEqual(expected);
      }),
      fcParams(200),
    );
  });

  it('interleaves pushes, pops and removals like a sorted list', () => {
    // Mostly pushes, so the heap grows deep enough for a removal's filler to move up as well as down.
    const stepArb = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('push' as const), at: fc.integer({ min: 0, max: 30 }) }), weight: 4 },
      { arbitrary: fc.record({ kind: fc.constant('pop' as const) }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('remove' as const), which: fc.noBias(fc.nat()) }), weight: 2 },
    );
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 100, maxLength: 400 }), (steps) => {
        const q = new TimedQueue<number>();
        let model: { at: number; id: number }[] = [];
        const handles: { id: number; handle: QueueHandle }[] = [];
        // What the queue answered and what the model says, step by step, compared once at the end.
        const seen: unknown[] = [];
        const expected: unknown[] = [];
        let nextId = 0;
        for (const s of steps) {
          if (s.kind === 'push') {
            const id = nextId++;
            handles.push({ id, handle: q.push(s.at, id) });
            // Ids grow, so a new item goes after every item due at the same time or earlier.
            const after = model.findIndex((m) => m.at > s.at);
            model.splice(after < 0 ? model.length : after, 0, { at: s.at, id });
          } else if (s.kind === 'pop') {
            const next = model.shift();
            seen.push(q.peekTime(), q.popItem());
            expected.push(next?.at ?? Infinity, next?.id);
          } else if (handles.length > 0) {
            const h = handles[s.which % handles.length] as { id: number; handle: QueueHandle };
            seen.push(q.remove(h.handle));
            expected.push(model.some((m) => m.id === h.id));
            model = model.filter((m) => m.id !== h.id);
          }
          seen.push(q.size);
          expected.push(model.length);
        }
        expect(seen).toEqual(expected);
        expect(q.drain().sort((a, b) => a - b)).toEqual(model.map((m) => m.id).sort((a, b) => a - b));
      }),
      fcParams(200),
    );
  });

  it('reports the next time, Infinity when empty, and drains everything', () => {
    const q = new TimedQueue<string>();
    expect(q.peekTime()).toBe(Infinity);
    q.push(5, 'b');
    q.push(2, 'a');
    expect(q.peekTime()).toBe(2);
    expect(q.drain().sort()).toEqual(['a', 'b']);
    expect(q.size).toBe(0);
    expect(q.popItem()).toBeUndefined();
  });
});
