// Goal: the page's client keeps, per key, the context its last successful reply gave it, as the
// simulator's clients do, so a shared run replays as it ran: after a put, the reply's context
// (the version written merged with every sibling the coordinator returned), not the version's
// own clock, which would let the next put replace siblings the client never saw. A failed reply
// changes nothing. Method: a fake host that records each request and answers as told.
import { describe, expect, it } from 'vitest';
import type { ClientReply, ClientRequest } from '../core/clientApi';
import { clientId, nodeId, requestId } from '../core/ids';
import type { Version } from '../core/versions/version';
import type { ClientHost } from './liveClient';
import { LiveClient } from './liveClient';

const S1 = nodeId('S1');
const version = (node: string, counter: number, context: Record<string, number>, value: string): Version => ({ value, deleted: false, dot: { node, counter }, context, timestampMs: 0 });

function fakeHost(answers: ((req: ClientRequest) => ClientReply)[]) {
  const sent: ClientRequest[] = [];
  let next = 1;
  const host: ClientHost = {
    now: () => 0,
    nextRequestId: () => requestId(next++),
    upNodes: () => [S1],
    sendRequest: (_to, req) => {
      sent.push(req);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no answer left');
      return Promise.resolve(answer(req));
    },
    traceHost: () => undefined,
  };
  return { host, sent };
}

describe('LiveClient contexts', () => {
  it("after a put, the next put of the key carries the reply's context; a failed reply changes nothing", async () => {
    // carol's blind put S2:1 is still there: alice's put became S1:1 beside it, and the reply says so.
    const carols = version('S2', 1, {}, 'carol');
    const alices = version('S1', 1, {}, 'alice');
    const { host, sent } = fakeHost([
      (req) => ({ reqId: req.reqId, ok: true, kind: 'put', coordinator: S1, version: alices, siblings: [carols, alices], context: { S1: 1, S2: 1 }, replicas: [S1] }),
      (req) => ({ reqId: req.reqId, ok: false, error: 'timeout', message: 'no quorum', coordinator: S1 }),
      (req) => ({ reqId: req.reqId, ok: true, kind: 'put', coordinator: S1, version: version('S1', 2, { S1: 1, S2: 1 }, 'again'), siblings: [], context: { S1: 2, S2: 1 }, replicas: [S1] }),
    ]);
    const alice = new LiveClient(host, clientId('alice'));
    await alice.put('k', 'alice', S1);
    await alice.put('k', 'lost?', S1);
    await alice.put('k', 'again', S1);
    const contexts = sent.map((r) => (r.op.kind === 'put' ? r.op.context : null));
    // The first put is blind; the failed second leaves the remembered context as it was.
    expect(contexts).toEqual([{}, { S1: 1, S2: 1 }, { S1: 1, S2: 1 }]);
  });

  it("a reply's context differs from the version's clock when siblings came back: the context wins", async () => {
    const other = version('S2', 1, {}, 'carol');
    const mine = version('S1', 1, {}, 'dave');
    const { host, sent } = fakeHost([
      (req) => ({ reqId: req.reqId, ok: true, kind: 'put', coordinator: S1, version: mine, siblings: [other, mine], context: { S1: 1, S2: 1 }, replicas: [S1] }),
      (req) => ({ reqId: req.reqId, ok: true, kind: 'delete', coordinator: S1, version: { ...version('S1', 2, { S1: 1, S2: 1 }, ''), deleted: true }, siblings: [], context: { S1: 2, S2: 1 }, replicas: [S1] }),
    ]);
    const dave = new LiveClient(host, clientId('dave'));
    await dave.put('k', 'dave', S1);
    await dave.delete('k', S1);
    expect(sent[1]?.op).toMatchObject({ kind: 'delete', context: { S1: 1, S2: 1 } });
  });
});
