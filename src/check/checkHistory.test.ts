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
        const eligible = history.filter((g) => g.ok && g.op === 'get' && g.versions.length > 0 && ackedWriteBefore(history, g));
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

  it('reports every acknowledged write lost when the replicas end empty', () => {
    fc.assert(
      fc.property(commands, mode, (cmds, m) => {
        const { history } = runSingleCopyModel(cmds);
        const acked = history.filter((op) => op.ok && op.op !== 'get').map((op) => op.id);
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

/** True when an acknowledged write on g's key completed before g began (so losing it is stale). */
function ackedWriteBefore(history: readonly OpRecord[], g: OpRecord): boolean {
  return history.some((w) => w.ok && w.op !== 'get' && w.key === g.key && w.completeAt < g.invokeAt);
}
