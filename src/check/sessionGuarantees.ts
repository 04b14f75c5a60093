// Session guarantees per client and key: read-your-writes and monotonic reads (Terry et al.,
// "Session Guarantees for Weakly Consistent Replicated Data", 1994). Pure.
import type { ConflictMode, OpRecord } from './history';
import type { Finding } from './report';
import type { Miss, PastVersion } from './frontier';
import { groupBy } from './history';
import { findMisses, getsAsProbes, writesAsPast } from './frontier';
import type { ModeTimeline } from './modeTimeline';
import { describeOp, describeValue, describeVersion, describeVersions, findingOps, nameSome } from './describe';

/**
 * Read-your-writes: a client's ok get G, invoked after the same client's ok put/delete X on
 * that key completed, must return X or a version superseding it (the staleReads rule for the
 * mode). Every violation is also a stale read; this list says which ones a client would
 * notice on its own.
 */
export function findReadYourWritesViolations(history: readonly OpRecord[], modes: ConflictMode | ModeTimeline): Finding[] {
  const findings: Finding[] = [];
  for (const ops of sessions(history)) {
    for (const miss of findMisses(writesAsPast(ops), getsAsProbes(ops), modes)) {
      findings.push(
        sessionFinding(miss, (m) => `its own ${describeOp(m.op)} of ${acknowledged(m, miss.mode)}`),
      );
    }
  }
  return byFirstOp(findings);
}

/**
 * Monotonic reads: once a client's ok get G1 on a key has completed, each later get G2 of that
 * client on the key must return every version G1 returned or one superseding it. Can fail even
 * with W + R > N: a timed-out write that reached one replica may be seen and then unseen.
 */
export function findMonotonicReadViolations(history: readonly OpRecord[], modes: ConflictMode | ModeTimeline): Finding[] {
  const findings: Finding[] = [];
  for (const ops of sessions(history)) {
    const probes = getsAsProbes(ops);
    const seen: PastVersion[] = probes.flatMap((p) =>
      p.versions.map((version) => ({ version, op: p.op, readyAt: p.op.completeAt })),
    );
    for (const miss of findMisses(seen, probes, modes)) {
      findings.push(
        sessionFinding(
          miss,
          (m) => describeVersion(m.version, miss.mode, `shown by ${describeOp(m.op)}, done at ${m.op.completeAt} ms`),
        ),
      );
    }
  }
  return byFirstOp(findings);
}

function sessionFinding(miss: Miss, name: (m: PastVersion) => string): Finding {
  const { mode } = miss;
  const get = miss.probe.op;
  return {
    ops: findingOps(
      get.id,
      miss.missed.map((m) => m.op.id),
    ),
    key: get.key,
    detail:
      `${describeOp(get)} on ${describeValue(get.key)}, invoked at ${get.invokeAt} ms, returned ` +
      `${describeVersions(get.versions, mode)}, missing ${nameSome(miss.missed.map(name), miss.missedCount)} ` +
      `and anything superseding ${miss.missedCount === 1 ? 'it' : 'them'}.`,
  };
}

function acknowledged(m: PastVersion, mode: ConflictMode): string {
  return describeVersion(m.version, mode, `acknowledged at ${m.op.completeAt} ms`);
}

/** One session per (client, key), each in history order. */
function* sessions(history: readonly OpRecord[]): Generator<OpRecord[]> {
  for (const ops of groupBy(history, (op) => op.key).values()) {
    yield* groupBy(ops, (op) => op.client).values();
  }
}

function byFirstOp(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.ops[0] ?? 0) - (b.ops[0] ?? 0));
}
