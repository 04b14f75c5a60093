// Goal: the scene shows dropped messages as dropped, the client's leg of a request, and marks
// versions concurrent with the selected request's version. Method: a hand-made trace in a
// TimelineIndex, then buildScene over a window.
import { describe, expect, it } from 'vitest';
import { clientId, msgId, nodeId, requestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import type { MessageKind } from '../messageKinds';
import { TimelineIndex } from './timelineIndex';
import { buildScene, sceneItemsMax } from './timelineScene';

const n = nodeId;
const noFilter = { key: '', lane: '', kind: null };
const stored = (at: number, node: string, req: number, clock: Record<string, number>): TraceEvent => ({
  type: 'versionStored', at, node: n(node), reqId: requestId(req), key: 'k', dot: { node, counter: 1 }, clock, deleted: false, siblings: 1,
});

/** alice's put #7 as both hosts trace it: on her lane as she asks, on S1's as S1 takes it. */
const aliceAsksS1: TraceEvent[] = [
  { type: 'clientRequest', at: 1, node: clientId('alice'), client: clientId('alice'), reqId: requestId(7), op: 'put', key: 'k' },
  { type: 'clientRequest', at: 2, node: n('S1'), client: clientId('alice'), reqId: requestId(7), op: 'put', key: 'k' },
];

describe('buildScene', () => {
  it('draws the newest part of a window too dense to draw whole, next to the present, and says where it begins', () => {
    const ix = new TimelineIndex();
    const total = sceneItemsMax + 5_000;
    // Ten events per simulated ms, each a 1 ms message: the window [0, total/10) holds them all.
    const events: TraceEvent[] = Array.from({ length: total }, (_, i) => ({ type: 'send', at: i / 10, node: n('S1'), msgId: msgId(i), to: n('S2'), msg: 'gossip', deliverAt: i / 10 + 1 }));
    ix.append(events);
    const scene = buildScene(ix, 0, total / 10, noFilter, null);
    const newestFrom = (total - sceneItemsMax) / 10;
    expect(scene.denseFromMs).toBe(newestFrom);
    expect(scene.arrows).toHaveLength(sceneItemsMax);
    expect(Math.max(...scene.arrows.map((a) => a.atMs))).toBe((total - 1) / 10);
    expect(Math.min(...scene.arrows.map((a) => a.atMs))).toBe(newestFrom);
    // A window that fits is read whole, and says nothing.
    const fits = buildScene(ix, newestFrom + 10, total / 10, noFilter, null);
    expect(fits.denseFromMs).toBeNull();
  });

  it('says nothing when only the look-back strip before the window is cut: every event inside it is drawn', () => {
    const ix = new TimelineIndex();
    // Long flights (a 500 ms look-back) and ten events per ms: the window [600, 2500) holds
    // 19,000 events, fewer than sceneItemsMax, but 24,000 with the strip before it.
    const events: TraceEvent[] = Array.from({ length: 25_000 }, (_, i) => ({ type: 'send', at: i / 10, node: n('S1'), msgId: msgId(i), to: n('S2'), msg: 'gossip', deliverAt: i / 10 + 500 }));
    ix.append(events);
    expect(ix.count(100, 2_500)).toBeGreaterThan(sceneItemsMax);
    const scene = buildScene(ix, 600, 2_500, noFilter, null);
    expect(scene.denseFromMs).toBeNull();
    expect(scene.arrows.filter((a) => a.atMs >= 600)).toHaveLength(19_000);
  });

  it('draws a write traced as hinted as a hint, as the ring does, and filters it as one', () => {
    const ix = new TimelineIndex();
    ix.append([
      { type: 'send', at: 1, node: n('S1'), msgId: msgId(1), to: n('S2'), msg: 'replicaWrite', key: 'k', deliverAt: 5 },
      { type: 'send', at: 1, node: n('S1'), msgId: msgId(2), to: n('S4'), msg: 'replicaWrite', key: 'k', deliverAt: 5, hinted: true },
    ]);
    expect(buildScene(ix, 0, 10, noFilter, null).arrows.map((a) => [a.to, a.kind])).toEqual([
      ['S2', 'write'],
      ['S4', 'hint'],
    ]);
    expect(buildScene(ix, 0, 10, { ...noFilter, kind: 'hint' }, null).arrows.map((a) => a.to)).toEqual(['S4']);
  });

  it('draws a dropped message as dropped, ending where it was dropped', () => {
    const ix = new TimelineIndex();
    ix.append([
      { type: 'send', at: 10, node: n('S1'), msgId: msgId(1), to: n('S2'), msg: 'gossip', deliverAt: 15 },
      { type: 'drop', at: 15, node: n('S1'), msgId: msgId(1), to: n('S2'), msg: 'gossip', reason: 'cut' },
      { type: 'send', at: 12, node: n('S1'), msgId: msgId(2), to: n('S3'), msg: 'gossip', deliverAt: 20 },
    ]);
    const scene = buildScene(ix, 0, 100, noFilter, null);
    expect(scene.arrows.map((a) => [a.to, a.dropped, a.endMs])).toEqual([
      ['S2', true, 15],
      ['S3', false, 20],
    ]);
  });

  it('draws the client leg from the request to the node taking it, not on to a coordinator it forwards to', () => {
    const ix = new TimelineIndex();
    ix.append([...aliceAsksS1, { type: 'coordinate', at: 6, node: n('S4'), reqId: requestId(7), op: 'put', key: 'k', replicas: [n('S4')] }]);
    const scene = buildScene(ix, 0, 100, noFilter, null);
    expect(scene.arrows).toEqual([{ from: 'alice', to: 'S1', atMs: 1, endMs: 2, kind: 'write', dropped: false, reqId: requestId(7) }]);
  });

  it('draws the reply leg from the node that sent the reply (the node asked, after a forward), not from the coordinator', () => {
    const ix = new TimelineIndex();
    const alice = clientId('alice');
    ix.append([
      ...aliceAsksS1,
      { type: 'quorum', at: 8, node: n('S4'), reqId: requestId(7), key: 'k', ok: true, replicas: [n('S4')] },
      { type: 'clientHop', at: 10, node: n('S1'), leg: 'reply', client: alice, reqId: requestId(7), to: alice, deliverAt: 12 },
      { type: 'clientReply', at: 12, node: alice, client: alice, reqId: requestId(7), op: 'put', key: 'k', ok: true },
    ]);
    const back = buildScene(ix, 0, 100, noFilter, null).arrows.filter((a) => a.to === 'alice');
    expect(back).toEqual([{ from: 'S1', to: 'alice', atMs: 10, endMs: 12, kind: 'ack', dropped: false, reqId: requestId(7) }]);
  });

  it('colours a put’s legs as a write out and an ack back, as the ring does, and filters them by those kinds', () => {
    const ix = new TimelineIndex();
    ix.append([
      ...aliceAsksS1,
      { type: 'quorum', at: 8, node: n('S1'), reqId: requestId(7), key: 'k', ok: true, replicas: [n('S1')] },
      { type: 'clientReply', at: 9, node: clientId('alice'), client: clientId('alice'), reqId: requestId(7), op: 'put', key: 'k', ok: true },
    ]);
    const legs = (kind: MessageKind | null) => buildScene(ix, 0, 100, { ...noFilter, kind }, null).arrows.map((a) => [a.from, a.to, a.kind]);
    expect(legs(null)).toEqual([
      ['alice', 'S1', 'write'],
      ['S1', 'alice', 'ack'],
    ]);
    expect(legs('ack')).toEqual([['S1', 'alice', 'ack']]);
    expect(legs('forward')).toEqual([]);
  });

  it('keeps a client leg when filtered by either of its lanes: the client or the coordinator', () => {
    const ix = new TimelineIndex();
    ix.append([
      ...aliceAsksS1,
      { type: 'coordinate', at: 2, node: n('S1'), reqId: requestId(7), op: 'put', key: 'k', replicas: [n('S1')] },
      { type: 'quorum', at: 8, node: n('S1'), reqId: requestId(7), key: 'k', ok: true, replicas: [n('S1')] },
      { type: 'clientReply', at: 9, node: clientId('alice'), client: clientId('alice'), reqId: requestId(7), op: 'put', key: 'k', ok: true },
    ]);
    const legs = (lane: string) => buildScene(ix, 0, 100, { ...noFilter, lane }, null).arrows.map((a) => [a.from, a.to]);
    const both = [
      ['alice', 'S1'],
      ['S1', 'alice'],
    ];
    expect(legs('alice')).toEqual(both);
    expect(legs('S1')).toEqual(both);
    expect(legs('S2')).toEqual([]);
  });

  it('marks versions concurrent with the selected request’s version, and only those', () => {
    const ix = new TimelineIndex();
    ix.append([stored(5, 'S1', 1, { S1: 1 }), stored(6, 'S2', 2, { S2: 1 }), stored(7, 'S3', 3, { S1: 1, S2: 1, S3: 1 })]);
    const scene = buildScene(ix, 0, 100, noFilter, requestId(1));
    expect(scene.marks.map((m) => [m.lane, m.concurrent])).toEqual([
      ['S1', false],
      ['S2', true],
      ['S3', false],
    ]);
  });

  it('filters by key and by message kind', () => {
    const ix = new TimelineIndex();
    ix.append([{ type: 'send', at: 1, node: n('S1'), msgId: msgId(1), to: n('S2'), msg: 'replicaWrite', key: 'a', reqId: requestId(1), deliverAt: 3 }]);
    expect(buildScene(ix, 0, 10, { ...noFilter, key: 'b' }, null).arrows).toHaveLength(0);
    expect(buildScene(ix, 0, 10, { ...noFilter, kind: 'gossip' }, null).arrows).toHaveLength(0);
    expect(buildScene(ix, 0, 10, { ...noFilter, kind: 'write' }, null).arrows).toHaveLength(1);
  });
});
