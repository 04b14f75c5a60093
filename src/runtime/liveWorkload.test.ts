// Goal: the live workload issues arrivals at its rate in simulated time, never keeps more than
// its bound in flight (skipping and counting the excess), counts done and failed replies, stops
// issuing when stopped or paused, and refuses bad input in plain words. Method: a host whose
// clock the test moves and whose replies the test settles by hand.
import { describe, expect, it } from 'vitest';
import type { ClientReply } from '../core/clientApi';
import { nodeId, requestId } from '../core/ids';
import { createRandom } from '../core/prng';
import type { ClientResult, Via } from './liveClient';
import { LiveWorkload, workloadProblem } from './liveWorkload';
import type { LiveWorkloadSpec, WorkloadHost } from './liveWorkload';

interface Pending {
  readonly op: 'put' | 'get';
  readonly key: string;
  readonly via: Via;
  answer(ok: boolean): void;
}

function testHost() {
  let now = 0;
  const pending: Pending[] = [];
  const call = (op: 'put' | 'get', key: string, via: Via) =>
    new Promise<ClientResult>((resolve) => {
      pending.push({
        op,
        key,
        via,
        answer(ok) {
          const reply: ClientReply = ok
            ? { reqId: requestId(1), ok: true, kind: 'get', versions: [], context: {}, coordinator: nodeId('S1'), replicas: [] }
            : { reqId: requestId(1), ok: false, error: 'unavailable', message: 'too few replicas', coordinator: null };
          resolve({ op, key, via: null, reply, latencyMs: 1 });
        },
      });
    });
  const host: WorkloadHost = {
    now: () => now,
    upNodes: () => ['S1', 'S2', 'S3'].map(nodeId),
    client: { id: 'load', put: (key, _value, via) => call('put', key, via), get: (key, via) => call('get', key, via) },
  };
  return { host, pending, advance: (ms: number) => (now += ms) };
}

const spec: LiveWorkloadSpec = { ratePerSec: 500, keys: 10, readFraction: 0.5, distribution: 'uniform', keyPrefix: 'k', valueBytes: 20 };
const settled = () => new Promise((r) => setTimeout(r, 0));

describe('LiveWorkload', () => {
  it('issues about rate × simulated time operations, over its keys, reads and writes mixed', async () => {
    const t = testHost();
    const w = new LiveWorkload(spec, t.host, createRandom(7), undefined, 10_000);
    w.start();
    // Each reply comes back within the 10 ms step it was sent in.
    let answered = 0;
    for (let i = 0; i < 100; i++) {
      t.advance(10);
      w.pump();
      for (; answered < t.pending.length; answered++) t.pending[answered]?.answer(true);
      await settled();
    }
    w.stop();
    // 1 s of simulated time at 500/s: a Poisson count of arrivals, well within ±15 %; the few
    // skipped ones were puts to a key whose put was sent in the same step.
    const arrivals = t.pending.length + w.snapshot().skipped;
    expect(arrivals).toBeGreaterThan(425);
    expect(arrivals).toBeLessThan(575);
    expect(w.snapshot().skipped).toBeLessThan(arrivals * 0.1);
    expect(new Set(t.pending.map((p) => p.key)).size).toBe(10);
    const reads = t.pending.filter((p) => p.op === 'get').length;
    expect(reads / t.pending.length).toBeGreaterThan(0.4);
    expect(reads / t.pending.length).toBeLessThan(0.6);
    expect(t.pending.every((p) => p.via === 'S1' || p.via === 'S2' || p.via === 'S3')).toBe(true);
    expect(w.snapshot()).toMatchObject({ done: t.pending.length, failed: 0, outstanding: 0, running: false });
  });

  it('keeps at most maxOutstanding in flight, skipping and counting the arrivals beyond', async () => {
    const t = testHost();
    const w = new LiveWorkload(spec, t.host, createRandom(1), undefined, 8);
    w.start();
    t.advance(200);
    w.pump();
    expect(t.pending.length).toBe(8);
    expect(w.snapshot().outstanding).toBe(8);
    const skipped = w.snapshot().skipped;
    expect(skipped).toBeGreaterThan(50);
    // Two replies free two slots: the next arrivals take them, no more.
    t.pending[0]?.answer(true);
    t.pending[1]?.answer(false);
    await settled();
    expect(w.snapshot()).toMatchObject({ done: 1, failed: 1, outstanding: 6, lastError: 'unavailable: too few replicas' });
    t.advance(100);
    w.pump();
    expect(t.pending.length).toBe(10);
    expect(w.snapshot().outstanding).toBe(8);
    expect(w.snapshot().skipped).toBeGreaterThan(skipped);
    w.stop();
  });

  it('keeps one put per key in flight, skipping puts to a key being put, never gets', async () => {
    const t = testHost();
    const w = new LiveWorkload({ ...spec, keys: 1, readFraction: 0 }, t.host, createRandom(5), undefined, 10);
    w.start();
    t.advance(100);
    w.pump();
    expect(t.pending.length).toBe(1);
    expect(w.snapshot().skipped).toBeGreaterThan(20);
    t.pending[0]?.answer(true);
    await settled();
    t.advance(100);
    w.pump();
    expect(t.pending.length).toBe(2);
    w.stop();
    const r = testHost();
    const rw = new LiveWorkload({ ...spec, keys: 1, readFraction: 1 }, r.host, createRandom(5), undefined, 10);
    rw.start();
    r.advance(100);
    rw.pump();
    expect(r.pending.length).toBe(10);
    rw.stop();
  });

  it('issues nothing while the clock stands still (paused) or after stop, and ends after its duration', () => {
    const t = testHost();
    const w = new LiveWorkload({ ...spec, durationMs: 100 }, t.host, createRandom(3), undefined, 10_000);
    w.start();
    t.advance(50);
    w.pump();
    const sent = t.pending.length;
    expect(sent).toBeGreaterThan(0);
    expect(w.pump()).toBe(0);
    t.advance(100);
    w.pump();
    expect(w.snapshot().running).toBe(false);
    const total = t.pending.length;
    t.advance(1_000);
    expect(w.pump()).toBe(0);
    expect(t.pending.length).toBe(total);
  });

  it('skips a long clock jump in one step, so a sleeping tab does not loop per arrival', () => {
    const t = testHost();
    const w = new LiveWorkload(spec, t.host, createRandom(4), undefined, 4);
    w.start();
    t.advance(3_600_000);
    w.pump();
    // The hour's arrivals are skipped together; only the one due at the present is sent.
    expect(t.pending.length).toBe(1);
    expect(w.snapshot().skipped).toBeGreaterThan(1_700_000);
    w.stop();
  });

  it('draws the same keys from the same seed', () => {
    const keysOf = (seed: number) => {
      const t = testHost();
      const w = new LiveWorkload({ ...spec, keys: 1000, distribution: 'zipf' }, t.host, createRandom(seed), undefined, 10_000);
      w.start();
      t.advance(100);
      w.pump();
      w.stop();
      return t.pending.map((p) => `${p.op}:${p.key}:${String(p.via)}`);
    };
    expect(keysOf(11)).toEqual(keysOf(11));
    expect(keysOf(11)).not.toEqual(keysOf(12));
  });

  it('refuses bad input with a message that names the field', () => {
    expect(workloadProblem({ ratePerSec: -5, keys: 10, readFraction: 0.5 })).toMatch(/rate .* above 0 \(got -5\)/);
    expect(workloadProblem({ ratePerSec: 10, keys: 0, readFraction: 0.5 })).toMatch(/key count .* from 1/);
    expect(workloadProblem({ ratePerSec: 10, keys: 2.5, readFraction: 0.5 })).toMatch(/key count/);
    expect(workloadProblem({ ratePerSec: 10, keys: 10, readFraction: 1.5 })).toMatch(/read fraction/);
    expect(workloadProblem({ ratePerSec: Number.NaN, keys: 10, readFraction: 0.5 })).toMatch(/rate/);
    expect(workloadProblem(spec)).toBeNull();
    expect(() => new LiveWorkload({ ...spec, keys: 0 }, testHost().host, createRandom(1))).toThrow(RangeError);
  });
});
