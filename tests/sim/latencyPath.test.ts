/**
 * Goal: a request's latency is made of the path the protocol says it takes. A replica acks a
 * write only once its disk has made it durable (and the coordinator writes its own copy before
 * sending), so disk latency shows once per write at W = 1 and twice at W = 2; a message
 * between zones carries the delay between zones. Method: fixed latencies, so the figures are
 * exact sums, checked on the client history.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario';
import { runScenario } from '../../src/sim';

function latencies(json: Record<string, unknown>): number[] {
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const { history } = runScenario(parsed.scenario, { trace: false }).report;
  expect(history.every((h) => h.ok)).toBe(true);
  return history.map((h) => h.completeAt - h.invokeAt);
}

// From 1 s on: at 0 the nodes are still replaying their (empty) logs, a disk read each.
const puts = (w: number) => Array.from({ length: 10 }, (_, i) => ({ at: 1000 + i * 1000, do: 'put', client: `c${i}`, key: `k${i}`, value: i, w }));

describe('the path of a request', () => {
  it('a put waits for the disks it needs: once at W = 1, twice at W = 2 (the coordinator first, then a replica)', () => {
    const base = { version: 1, cluster: { nodes: ['a', 'b', 'c'].map((id) => ({ id })), diskLatency: { kind: 'fixed', ms: 100 } }, network: { latency: { kind: 'fixed', ms: 1 } } };
    const w1 = latencies({ ...base, steps: puts(1) });
    const w2 = latencies({ ...base, steps: puts(2) });
    // Client → node, maybe a forward, the disk(s) and hops of 1 ms, the reply.
    for (const ms of w1) expect(ms).toBeGreaterThanOrEqual(100);
    for (const ms of w1) expect(ms).toBeLessThan(200);
    for (const ms of w2) expect(ms).toBeGreaterThanOrEqual(200);
    for (const ms of w2) expect(ms).toBeLessThan(300);
  });

  it('messages between zones carry the delay between zones; within a zone they do not', () => {
    const cluster = (zones: string[]) => ({ nodes: ['a', 'b', 'c'].map((id, i) => ({ id, zone: zones[i] })), diskLatency: { kind: 'fixed', ms: 1 } });
    const network = { latency: { kind: 'fixed', ms: 1 }, interZoneLatency: { kind: 'fixed', ms: 100 } };
    // Three zones: every replica is in another zone than the coordinator, so W = 2 crosses once each way.
    const apart = latencies({ version: 1, cluster: cluster(['x', 'y', 'z']), network, steps: puts(2) });
    for (const ms of apart) expect(ms).toBeGreaterThanOrEqual(200);
    // One zone: no message crosses.
    const together = latencies({ version: 1, cluster: cluster(['x', 'x', 'x']), network, steps: puts(2) });
    for (const ms of together) expect(ms).toBeLessThan(100);
  });
});
