// Goal: the checker passes every history a trivially correct store can produce, and can fail.
// Method: fast-check generates command lists, referenceModel.ts turns them into the history of
// a single-copy store, and the properties check the report, then break one read on purpose.
// A failure prints its seed; FC_SEED=<seed> FC_PATH=<path> npx vitest run src/check replays it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../tests/fcSeed';
import { checkHistory } from './checkHistory';
import type { ConflictMode, OpRecord } from './history';
import type { ModelCommand } from './referenceModel';
import { runSingleCopyModel } from './referenceModel';

const command: fc.Arbitrary<ModelCommand> = fc.record({
  op: fc.constantFrom('put' as const, 'get' as const, 'get' as const, 'delete' as const),
  key: fc.constantFrom('k1', 'k2', 'k3'),
  client: fc.constantFrom('c1', 'c2', 'c3'),
  node: fc.constantFrom('A', 'B', 'C'),
  gapMs: fc.integer({ min: 1, max: 20 }),
  latencyMs: fc.integer({ min: 0, max: 50 }),
  fail: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('invalid' as const, 'unavailable' as const, 'timeout' as const, 'storage' as const) },
  ),
  appliedAnyway: fc.boolean(),
});
const commands = fc.array(command, { minLength: 1, maxLength: 60 });
const mode = fc.constantFrom<ConflictMode>('vclock', 'lww');

describe('checkHistory on a correct single-copy store', () => {
  it('reports no stale read, lost write, phantom or session violation', () => {
    fc.assert(
      fc.property(commands, mode, (cmds, m) => {
        const { history, final } = runSingleCopyModel(cmds);
        const report = checkHistory(history, final, m);
        expect(report.staleReads).toEqual([]);
        expect(report.lostWrites).toEqual([]);
        expect(report.phantomWrites).toEqual([]);
        expect(report.readYourWritesViolations).toEqual([]);
        expect(report.monotonicReadViolations).toEqual([]);
        expect(report.maxSiblings.count).toBeLessThanOrEqual(1);
        const failed = Object.values(report.counts.failed).reduce((a, b) => a + b, 0);
        expect(report.counts.ok + failed).toBe(history.length);
        expect(report.availability).toBeGreaterThanOrEqual(0);
        expect(report.availability).toBeLessThanOrEqual(1);
      }),
      fcParams(300),
    );
  });

  it('reports a stale read when one get loses the latest version', () => {
    fc.assert(
      fc.property(commands, mode, fc.nat(), (cmds, m, pick) => {
        const { history, final } = runSingleCopyModel(cmds);
        // A get that showed a value some put acknowledged before it began: made to return
        // nothing, it missed that value (a get returning nothing only honours deletes).
        const eligible = history.filter((g) => g.ok && g.op === 'get' && showsAckedPutBefore(history, g));
        fc.pre(eligible.length > 0);
        const victim = eligible[pick % eligible.length];
        if (victim === undefined) return;
        const broken = history.map((op) => (op === victim ? { ...op, versions: [], context: {} } : op));
        const report = checkHistory(broken, final, m);
        expect(report.staleReads.map((f) => f.ops[0])).toEqual([victim.id]);
      }),
      fcParams(300),
    );
  });

  it('reports every acknowledged put lost when the replicas end empty, but for what a delete removed', () => {
    fc.assert(
      fc.property(commands, mode, (cmds, m) => {
        const { history } = runSingleCopyModel(cmds);
        // Empty replicas are what deletes leave once their tombstones are purged: a delete and
        // the puts in its causal past are not lost; every other acknowledged put is.
        const deleted = (op: OpRecord) =>
          history.some((d) => d.ok && d.op === 'delete' && d.key === op.key && op.versions.every((v) => (d.versions[0]?.context[v.dot.node] ?? 0) >= v.dot.counter));
        const acked = history.filter((op) => op.ok && op.op === 'put' && !deleted(op)).map((op) => op.id);
        expect(checkHistory(history, { replicas: [] }, m).lostWrites.map((f) => f.ops[0])).toEqual(acked);
      }),
      fcParams(200),
    );
  });

  // Seconds, not minutes: the timeout is generous because CI machines share their cores, and
  // its job is to catch an accidental O(n²), which would take hours at this size.
  it('checks a 100,000-operation history without a finding', { timeout: 120_000 }, () => {
    const cmds: ModelCommand[] = Array.from({ length: 100_000 }, (_, i) => ({
      op: i % 3 === 0 ? 'put' : i % 17 === 0 ? 'delete' : 'get',
      key: `k${(i * 7919) % 101}`,
      client: `c${i % 13}`,
      node: `n${(i * 31) % 5}`,
      gapMs: 1 + (i % 4),
      latencyMs: (i * 37) % 23,
      ...(i % 29 === 0 ? { fail: 'timeout' as const, appliedAnyway: i % 2 === 0 } : {}),
    }));
    const { history, final } = runSingleCopyModel(cmds);
    for (const m of ['vclock', 'lww'] as const) {
      const report = checkHistory(history, final, m);
      expect(report.staleReads.length + report.lostWrites.length + report.monotonicReadViolations.length).toBe(0);
      expect(report.latencyMs.get.count).toBeGreaterThan(50_000);
    }
  });
});

/** True when g returned a live version that a put acknowledged before g began had written. */
function showsAckedPutBefore(history: readonly OpRecord[], g: OpRecord): boolean {
  return history.some((w) => w.ok && w.op === 'put' && w.key === g.key && w.completeAt < g.invokeAt && g.versions.some((v) => v.deleted !== true && w.versions.some((x) => x.dot.node === v.dot.node && x.dot.counter === v.dot.counter)));
}

