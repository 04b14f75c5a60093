// Goal: trace bytes decode to the very events written: every event type a simulated run traces
// (nested dots and clocks, optional fields, undefined ones), odd strings (empty, unicode, 1 KB
// keys, lone surrogates), every kind of number; batches start afresh; damaged bytes are an error.
// Method: round trips through TraceWriter / decodeEvents, a simulated run's trace, fast-check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeId } from '../core/ids';
import type { TraceEvent } from '../core/trace';
import { fcParams } from '../../tests/fcSeed';
import { makeSim } from '../../tests/sim/simHarness';
import { encodeEvents, joinBatches, TraceWriter } from './traceCodec';
import { decodeEvents } from './traceDecoder';

/** Keys in order, and values, as they are: toEqual alone ignores key order and undefined fields. */
const exact = (v: unknown): unknown => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).map(([k, x]) => [k, exact(x)]) : Array.isArray(v) ? v.map(exact) : v);

function simulatedTrace(): TraceEvent[] {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const { cluster, clients } = makeSim(ids, { sloppyQuorum: true, readRepair: true });
  const [first, second] = cluster.replicasFor('k').map((x) => x as string);
  for (let i = 0; i < 20; i++) clients.call('c1', { op: i % 3 === 0 ? 'get' : 'put', key: i % 2 === 0 ? 'k' : `k${i}`, value: `v${i}`, via: first });
  cluster.runUntil(2000);
  cluster.kill(nodeId(second as string));
  for (let i = 0; i < 10; i++) clients.call('c2', { op: 'put', key: 'k', value: `w${i}`, via: first });
  cluster.runUntil(6000);
  cluster.restart(nodeId(second as string));
  cluster.runUntil(20_000);
  return cluster.traceEvents();
}

describe('trace codec', () => {
  it('a simulated run’s trace round-trips, every event with its keys in order', () => {
    const events = simulatedTrace();
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThan(8);
    const decoded = decodeEvents<TraceEvent>(encodeEvents(events));
    expect(exact(decoded)).toEqual(exact(events));
  });

  it('stamps at and node last, as { ...e, at, node } holds them', () => {
    const w = new TraceWriter();
    const e = { type: 'send', msgId: 5, to: 'S2', msg: 'replicaWrite', key: undefined, reqId: 9, deliverAt: 12.5 };
    w.write(e, 10.25, 'S1');
    w.write({ type: 'nodeUp' }, 11, 'S3');
    expect(w.count).toBe(2);
    expect(exact(decodeEvents(w.take()))).toEqual(exact([{ ...e, at: 10.25, node: 'S1' }, { type: 'nodeUp', at: 11, node: 'S3' }]));
    expect(w.count).toBe(0);
  });

  it('events of one type with other keys, or keys in another order, keep their own', () => {
    const events = [
      { type: 'send', msgId: 1, key: 'a' },
      { type: 'send', msgId: 2 },
      { type: 'send', key: 'b', msgId: 3 },
      { type: 'send', msgId: 4, key: 'c', hinted: true },
      { type: 'send', msgId: 5, key: 'd' },
    ];
    const w = new TraceWriter();
    for (const e of events) w.write(e);
    w.write(events[0] as object, 7, 'S1');
    w.write(events[0] as object);
    expect(exact(decodeEvents(w.take()))).toEqual(exact([...events, { ...events[0], at: 7, node: 'S1' }, events[0]]));
  });

  it('each batch stands alone: strings and key lists are written again after take', () => {
    const w = new TraceWriter();
    const e = { type: 'coordinate', key: 'κλειδί', replicas: ['S1', 'S2'] };
    w.write(e, 1, 'S1');
    const a = w.take();
    w.write(e, 2, 'S1');
    w.write(e, 3, 'S1');
    const b = w.take();
    expect(decodeEvents(a)).toEqual([{ ...e, at: 1, node: 'S1' }]);
    expect(decodeEvents(b)).toEqual([
      { ...e, at: 2, node: 'S1' },
      { ...e, at: 3, node: 'S1' },
    ]);
    // The second event of a batch refers to the first's strings: much shorter.
    expect(b.length).toBeLessThan(2 * a.length - 10);
  });

  it('odd strings and numbers round-trip', () => {
    const strings = ['', 'a', 'ü', '日本語のキー', '🙂 emoji', 'x'.repeat(1024), 'é'.repeat(1024), '\u0000nul', '\ud800 lone', 'é\udc00', 'a\ud83d', '"quoted"\n'];
    const numbers = [0, -0, 1, 127, 128, 2 ** 31, 2 ** 32, 2 ** 32 * 70_000 + 5, Number.MAX_SAFE_INTEGER, -1, 0.1, 1e-300, -2.5, Infinity, -Infinity, NaN];
    const events = [...strings.map((key) => ({ type: 'hintStored', key, owner: key })), ...numbers.map((at) => ({ type: 'nodeUp', at, node: 'S1' }))];
    const decoded = decodeEvents<Record<string, unknown>>(encodeEvents(events));
    // Exactly as written, lone surrogates too (UTF-8 would make them U+FFFD): a key is user input.
    expect(decoded.slice(0, strings.length).map((e) => e.key)).toEqual(strings);
    const ats = decoded.slice(strings.length).map((e) => e.at);
    numbers.forEach((n, i) => expect(Object.is(ats[i], n)).toBe(true));
  });

  it('an own key named __proto__ stays an own key', () => {
    const clock = JSON.parse('{"__proto__": 3, "S1": 1}') as Record<string, number>;
    const [e] = decodeEvents<{ clock: Record<string, number> }>(encodeEvents([{ type: 'versionStored', clock }]));
    expect(Object.keys(e?.clock ?? {})).toEqual(['__proto__', 'S1']);
    expect(Object.getPrototypeOf(e?.clock)).toBe(Object.prototype);
    expect(JSON.stringify(e?.clock)).toBe(JSON.stringify(clock));
  });

  it('any JSON-like event round-trips exactly', () => {
    const key = fc.oneof(fc.constantFrom('type', 'key', 'at', 'node', 'reqId'), fc.string({ unit: 'grapheme', maxLength: 12 }));
    // 'binary' strings include lone surrogates.
    const leaf = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.double(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.boolean(), fc.constant(undefined), fc.constant(null));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5, noNullPrototype: true })),
    }));
    const event = fc.dictionary(key, value, { maxKeys: 8, noNullPrototype: true });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 20 }), (events) => {
        expect(exact(decodeEvents(encodeEvents(events)))).toEqual(exact(events));
      }),
      fcParams(300),
    );
  });

  it('joined batches decode to their events in order, each batch with its own strings', () => {
    const a = encodeEvents([{ type: 'send', key: 'k1', at: 1 }]);
    const b = encodeEvents([{ key: 'k2', type: 'deliver' }, { key: 'k2', type: 'deliver' }]);
    expect(decodeEvents(joinBatches([a, b, a]))).toEqual([{ type: 'send', key: 'k1', at: 1 }, { key: 'k2', type: 'deliver' }, { key: 'k2', type: 'deliver' }, { type: 'send', key: 'k1', at: 1 }]);
    expect(decodeEvents(joinBatches([]))).toEqual([]);
  });

  it('an event the codec cannot carry is refused whole: the events around it still decode', () => {
    const w = new TraceWriter();
    w.write({ type: 'send', key: 'k1', at: 1 });
    // Its new string and key list come before the value that cannot be written.
    expect(() => w.write({ type: 'odd', key: 'k-new', extra: 1n })).toThrow(/bigint/);
    w.write({ type: 'odd', key: 'k-new', extra: 2 });
    w.write({ type: 'send', key: 'k1', at: 2 });
    expect(w.count).toBe(3);
    expect(decodeEvents(w.take())).toEqual([{ type: 'send', key: 'k1', at: 1 }, { type: 'odd', key: 'k-new', extra: 2 }, { type: 'send', key: 'k1', at: 2 }]);
  });

  it('a writer that has met thousands of key orders still writes every batch right after forgetting them', () => {
    const w = new TraceWriter();
    const batches: { events: object[]; bytes: Uint8Array }[] = [];
    for (let b = 0; b < 30; b++) {
      // A clock per event with actors in a new order: each adds key lists to the writer's tree.
      const events = Array.from({ length: 100 }, (_, i) => {
        const clock: Record<string, number> = {};
        for (let a = 0; a < 5; a++) clock[`n${(b * 1000 + i * 13 + a * 7) % 10_007}`] = a;
        return { type: 'versionStored', key: `k${i}`, clock };
      });
      for (const e of events) w.write(e, b, 'S1');
      batches.push({ events: events.map((e) => ({ ...e, at: b, node: 'S1' })), bytes: w.take() });
    }
    for (const { events, bytes } of batches) expect(exact(decodeEvents(bytes))).toEqual(exact(events));
  });

  it('cut or damaged bytes are an error, not events', () => {
    const bytes = encodeEvents([{ type: 'send', key: 'k', at: 1.5 }]);
    expect(() => decodeEvents(bytes.slice(0, bytes.length - 3))).toThrow(/trace bytes/);
    const bad = bytes.slice();
    bad[0] = 99;
    expect(() => decodeEvents(bad)).toThrow(/unknown tag/);
  });
});
