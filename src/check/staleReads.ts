// Stale reads: an ok get that did not show a write acknowledged before it began. Pure.
// Per key, one sweep in time order over a frontier of maximal writes (see frontier.ts).
import type { ConflictMode, OpRecord } from './history';
import type { Finding } from './report';
import type { Miss } from './frontier';
import { groupBy } from './history';
import { findMisses, getsAsProbes, writesAsPast } from './frontier';
import type { ModeTimeline } from './modeTimeline';
import { describeOp, describeValue, describeVersion, describeVersions, findingOps, nameSome } from './describe';

/**
 * One finding per stale get. A get G is stale when some ok put/delete X on its key completed
 * strictly before G was invoked and G returned neither X nor a version superseding X (vclock:
 * X's dot in the version's context; lww: a later (timestamp, node, counter)). A sibling
 * concurrent with X does not excuse G: the client never learnt of X. The finding lists G,
 * then the maximal writes it missed; older writes those supersede are implied.
 */
export function findStaleReads(history: readonly OpRecord[], modes: ConflictMode | ModeTimeline): Finding[] {
  const findings: Finding[] = [];
  for (const [key, ops] of groupBy(history, (op) => op.key)) {
    for (const miss of findMisses(writesAsPast(ops), getsAsProbes(ops), modes)) {
      findings.push(staleReadFinding(key, miss));
    }
  }
  return findings.sort((a, b) => (a.ops[0] ?? 0) - (b.ops[0] ?? 0));
}

function staleReadFinding(key: string, miss: Miss): Finding {
  const { mode } = miss;
  const get = miss.probe.op;
  const missed = miss.missed.map(
    (m) => `${describeOp(m.op)} of ${describeVersion(m.version, mode, `acknowledged at ${m.op.completeAt} ms`)}`,
  );
  return {
    ops: findingOps(
      get.id,
      miss.missed.map((m) => m.op.id),
    ),
    key,
    detail:
      `${describeOp(get)} on ${describeValue(key)}, invoked at ${get.invokeAt} ms, returned ` +
      `${describeVersions(get.versions, mode)} but missed ${nameSome(missed, miss.missedCount)}.`,
  };
}
