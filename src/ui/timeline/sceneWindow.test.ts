// Goal: the incrementally kept scene of a moving window is always the scene built from scratch,
// and what it says changed covers every difference, so repainting only that strip is right.
// Method: random runs (sends, drops that may come late, client legs, versions) arriving in
// out-of-order batches while the window follows, jumps back or changes filters; after every
// step the SceneWindow's scene is compared with buildScene's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParams } from '../../../tests/fcSeed';
import { clientId, msgId, nodeId, requestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { SceneWindow } from './sceneWindow';
import type { ChangingSource } from './sceneWindow';
import { TimelineIndex } from './timelineIndex';
import { arrowsNear, buildScene, marksNear } from './timelineScene';
import type { Arrow, Mark, Scene } from './timelineScene';
import type { TimelineFilter } from './timelineStore';

const lanes = ['S1', 'S2', 'S3'];
const lane = fc.constantFrom(...lanes).map(nodeId);
const time = fc.integer({ min: 0, max: 400 });

/** One generated happening: its events (a send and maybe its drop; a request's four events). */
const happening = fc.oneof(
  fc.record({ at: time, from: lane, to: lane, flight: fc.integer({ min: 0, max: 40 }), drop: fc.option(fc.integer({ min: -20, max: 60 })), key: fc.constantFrom('a', 'b') }).map(({ at, from, to, flight, drop, key }): TraceEvent[] => {
    const send: TraceEvent = { type: 'send', at, node: from, msgId: msgId(0), to, msg: 'replicaWrite', key, deliverAt: at + flight };
    return drop === null ? [send] : [send, { type: 'drop', at: at + drop, node: from, msgId: msgId(0), to, msg: 'replicaWrite', key, reason: 'cut' }];
  }),
  fc.record({ at: time, by: lane, gaps: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 3, maxLength: 3 }) }).map(({ at, by, gaps }): TraceEvent[] => {
    const [g1 = 0, g2 = 0, g3 = 0] = gaps;
    const base = { reqId: requestId(0), op: 'put' as const, key: 'a' };
    return [
      { type: 'clientRequest', at, node: clientId('c'), client: clientId('c'), ...base },
      { type: 'coordinate', at: at + g1, node: by, ...base, replicas: [by] },
      { type: 'quorum', at: at + g1 + g2, node: by, reqId: base.reqId, key: 'a', ok: true, replicas: [by] },
      { type: 'clientReply', at: at + g1 + g2 + g3, node: clientId('c'), client: clientId('c'), ...base, ok: true },
    ];
  }),
  fc.record({ at: time, on: lane, key: fc.constantFrom('a', 'b') }).map(({ at, on, key }): TraceEvent[] => [
    { type: 'versionStored', at, node: on, reqId: requestId(1), key, dot: { node: on, counter: 1 }, clock: { [on]: at }, deleted: false, siblings: 1 },
  ]),
);

const filters: TimelineFilter[] = [
  { key: '', lane: '', kind: null },
  { key: 'a', lane: '', kind: null },
  { key: '', lane: 'S2', kind: null },
  { key: '', lane: '', kind: 'write' },
];

/** A step: a batch lands (its events split across arrival), or the window moves. */
const step = fc.oneof(
  fc.record({ land: fc.array(happening, { maxLength: 6 }) }),
  fc.record({ moveTo: time, span: fc.constantFrom(50, 120, 400), filter: fc.constantFrom(...filters) }),
);

/** The index as the timeline reads it: memory only, as the live window is. */
function sourceOf(ix: TimelineIndex): ChangingSource {
  return {
    get version() {
      return ix.version;
    },
    changedSince: (v) => ix.changedSince(v),
    count: (a, b) => ix.count(a, b),
    range: (a, b, limit) => ix.range(a, b, limit),
    dropOf: (from, id) => ix.dropOf(from, id),
    longestFlightMs: () => ix.longestFlightMs(),
    newestFrom: (a, b, limit) => ix.newestFrom(a, b, limit),
  };
}

const itemKey = (x: Arrow | Mark) => JSON.stringify(x);
const startOf = (x: Arrow | Mark) => ('endMs' in x ? Math.min(x.atMs, x.endMs) : x.atMs);
const itemsOf = (s: Scene): (Arrow | Mark)[] => [...s.arrows, ...s.marks];

describe('SceneWindow', () => {
  it('equals the scene built from scratch, and its change covers every difference', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const ix = new TimelineIndex();
        const source = sourceOf(ix);
        const win = new SceneWindow();
        let view = { toMs: 100, span: 120, filter: filters[0] ?? { key: '', lane: '', kind: null } };
        let last: Scene | null = null;
        let lastTo = -Infinity;
        // Drops may land in a later batch than their send: every other event of a batch is held back.
        let held: TraceEvent[] = [];
        let nextId = 100;
        for (const s of steps) {
          if ('land' in s) {
            // Request and message ids are unique, as clients and senders make them: each happening gets its own.
            const events = s.land.flatMap((h) => {
              const id = nextId++;
              return h.map((e): TraceEvent => {
                if (e.type === 'clientRequest' || e.type === 'coordinate' || e.type === 'quorum' || e.type === 'clientReply') return { ...e, reqId: requestId(id) };
                if (e.type === 'send' || e.type === 'drop') return { ...e, msgId: msgId(id) };
                return e;
              });
            });
            ix.append([...held, ...events.filter((_, i) => i % 2 === 0)]);
            held = events.filter((_, i) => i % 2 === 1);
          } else view = { toMs: s.moveTo, span: s.span, filter: s.filter };
          const fromMs = view.toMs - view.span;
          const got = win.update(source, fromMs, view.toMs, view.filter, null);
          const want = buildScene(ix, fromMs, view.toMs, view.filter, null);
          expect(got.scene).toEqual(want);
          // A strip finds by time exactly the items a pass over the window finds.
          const [a, b] = [fromMs + view.span / 3, fromMs + view.span / 2];
          const reaches = (x: Arrow) => Math.max(x.atMs, x.endMs) >= a && Math.min(x.atMs, x.endMs) <= b;
          expect(new Set(arrowsNear(got.scene, a, b))).toEqual(new Set(want.arrows.filter(reaches)));
          expect(marksNear(got.scene, a, b)).toEqual(want.marks.filter((m) => m.atMs >= a && m.atMs <= b));
          if (last !== null && got.changedFromMs !== -Infinity) {
            const before = new Set(itemsOf(last).map(itemKey));
            const after = new Set(itemsOf(got.scene).map(itemKey));
            // Appeared: only in the changed strip or past the last window's end.
            for (const x of itemsOf(got.scene)) if (!before.has(itemKey(x))) expect(startOf(x)).toBeGreaterThanOrEqual(Math.min(got.changedFromMs, lastTo));
            // Gone: in the changed strip, or left the window at its start.
            for (const x of itemsOf(last)) {
              if (after.has(itemKey(x))) continue;
              const leftWindow = 'endMs' in x ? x.endMs < fromMs || x.atMs < fromMs - ix.longestFlightMs() : x.atMs < fromMs;
              if (!leftWindow) expect(startOf(x)).toBeGreaterThanOrEqual(got.changedFromMs);
            }
          }
          last = got.scene;
          lastTo = view.toMs;
        }
      }),
      fcParams(300),
    );
  });
});
