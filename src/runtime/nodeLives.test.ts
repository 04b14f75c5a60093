// Goal: a node's next life (a restart, or a wipe's delete) never overlaps its last one on the
// same databases: it starts only once the killed worker is terminated, which waits for the
// worker's answer to kill or, for a hung one, a short grace; the kill itself is immediate.
// Method: NodeLives and NodeHandle as they are, over fake workers that speak comlink on a
// MessageChannel in this process; each logs init, kill and terminate in order, and a test holds
// the answer to kill back for as long as it likes.
import { expose } from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientId, nodeId, requestId } from '../core/ids';
import type { NodeInitArgs } from './nodeHandle';

const log: string[] = [];
/** Resolves the answer to the next kill, or never answers when `hang` is set. */
let killAnswer: { hang: boolean; release: (() => void)[] } = { hang: false, release: [] };
let workers = 0;

function fakeWorker(): Worker {
  const n = ++workers;
  const channel = new MessageChannel();
  // Only what NodeLives calls; kill answers when the test says (the real one answers at once).
  const api = {
    init: () => {
      log.push(`init ${n}`);
      return { records: 0, ok: true };
    },
    addPeerPort: () => undefined,
    removePeer: () => undefined,
    kill: () => {
      log.push(`kill ${n}`);
      if (killAnswer.hang) return new Promise<void>(() => undefined);
      return new Promise<void>((resolve) => killAnswer.release.push(resolve));
    },
  };
  expose(api, channel.port2);
  return Object.assign(channel.port1, { terminate: () => void log.push(`terminate ${n}`) }) as unknown as Worker;
}

vi.mock('./nodeWorkers', () => ({ nodeWorker: () => fakeWorker() }));

const s1 = nodeId('S1');
const args = (): NodeInitArgs => ({ id: s1, incarnation: 0 }) as unknown as NodeInitArgs;
const settle = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

async function livesWithOneUp() {
  const { NodeLives } = await import('./nodeLives');
  const lives = new NodeLives(() => undefined, () => undefined);
  await lives.spawn(s1, 0, args);
  return lives;
}

beforeEach(() => {
  log.length = 0;
  workers = 0;
  killAnswer = { hang: false, release: [] };
});
afterEach(() => {
  for (const release of killAnswer.release) release();
});

describe('NodeLives: one life at a time per node', () => {
  it('a restart right after a kill starts its worker only once the killed one is terminated', async () => {
    const lives = await livesWithOneUp();
    expect(lives.end(s1)).toBe(true);
    // The kill is immediate for the page: the life is gone at once.
    expect(lives.handle(s1)).toBeUndefined();
    const restarted = lives.spawn(s1, 0, args);
    expect(lives.statusOf(s1)?.state).toBe('starting');
    expect(lives.has(s1)).toBe(true);
    await settle(30);
    expect(log).toEqual(['init 1', 'kill 1']);
    killAnswer.release.shift()?.();
    expect(await restarted).toEqual({ records: 0, ok: true });
    expect(log).toEqual(['init 1', 'kill 1', 'terminate 1', 'init 2']);
    expect(lives.statusOf(s1)?.state).toBe('up');
  });

  it('a worker that never answers its kill is terminated after a short grace, and then the restart goes on', async () => {
    killAnswer.hang = true;
    const lives = await livesWithOneUp();
    lives.end(s1);
    const restarted = lives.spawn(s1, 0, args);
    await restarted;
    expect(log).toEqual(['init 1', 'kill 1', 'terminate 1', 'init 2']);
  });

  it('a life killed while it waits for the last one never starts', async () => {
    const lives = await livesWithOneUp();
    lives.end(s1);
    const restarted = lives.spawn(s1, 0, args);
    expect(lives.end(s1)).toBe(true);
    expect(lives.has(s1)).toBe(false);
    killAnswer.release.shift()?.();
    expect(await restarted).toBeNull();
    await settle();
    expect(log).toEqual(['init 1', 'kill 1', 'terminate 1']);
  });

  it('a request to a life waiting for the last one to end is taken by the new life once it starts', async () => {
    const { NodeHandle } = await import('./nodeHandle');
    const taken = vi.spyOn(NodeHandle.prototype, 'request').mockImplementation((req) => {
      log.push(`request ${req.reqId}`);
      return Promise.resolve({ reqId: req.reqId, ok: false, error: 'timeout', message: 'fake', coordinator: null });
    });
    try {
      const lives = await livesWithOneUp();
      lives.end(s1);
      const restarted = lives.spawn(s1, 0, args);
      const reply = lives.request(s1, { reqId: requestId(7), client: clientId('alice'), op: { kind: 'get', key: 'k' } });
      expect(reply).not.toBeNull();
      await settle(30);
      expect(taken).not.toHaveBeenCalled();
      killAnswer.release.shift()?.();
      expect(await reply).toMatchObject({ reqId: 7, message: 'fake' });
      await restarted;
      // Handed to the new life's handle after its init was sent (the fake worker logs init when
      // the message arrives, a moment later); the old worker never saw it.
      expect(log).toEqual(['init 1', 'kill 1', 'terminate 1', 'request 7', 'init 2']);
      // A node with no life at all refuses at once.
      lives.end(s1);
      expect(lives.request(s1, { reqId: requestId(8), client: clientId('alice'), op: { kind: 'get', key: 'k' } })).toBeNull();
      killAnswer.release.shift()?.();
      await lives.ended(s1);
    } finally {
      taken.mockRestore();
    }
  });

  it('a wipe deletes after the killed worker is terminated, and a restart meanwhile waits for the delete', async () => {
    const lives = await livesWithOneUp();
    lives.end(s1);
    let finishDelete: () => void = () => undefined;
    const deleted = lives.deleteAfterEnd(s1, () => {
      log.push('delete');
      return new Promise<string>((resolve) => (finishDelete = () => resolve('gone')));
    });
    const restarted = lives.spawn(s1, 1, args);
    await settle(30);
    expect(log).toEqual(['init 1', 'kill 1']);
    killAnswer.release.shift()?.();
    await settle(30);
    // Terminated and deleting: the new life still waits.
    expect(log).toEqual(['init 1', 'kill 1', 'terminate 1', 'delete']);
    finishDelete();
    expect(await deleted).toBe('gone');
    await restarted;
    expect(log).toEqual(['init 1', 'kill 1', 'terminate 1', 'delete', 'init 2']);
  });

  it('ended() resolves once the killed worker is terminated (a wipe deletes only then)', async () => {
    const lives = await livesWithOneUp();
    lives.end(s1);
    let ended = false;
    void lives.ended(s1).then(() => (ended = true));
    await settle(30);
    expect(ended).toBe(false);
    killAnswer.release.shift()?.();
    await lives.ended(s1);
    expect(log).toEqual(['init 1', 'kill 1', 'terminate 1']);
  });
});
