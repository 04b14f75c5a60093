// A share link, opened off the main thread so the page stays responsive: decodes the fragment
// (inflate, JSON, the scenario schema's check: up to 50 MB and 100,000 steps), runs the scenario
// in the deterministic simulator and posts back the scenario, its trace, its final state, and the
// plan that loads that state into a live cluster.
import { runScenario } from '../../sim/runScenario';
import { decodeShare } from '../../scenario/shareUrl';
import { loadPlanOf, settleRingChanges } from './loadPlan';
import type { ReplayReply } from './replayProtocol';

/** Trace events sent back to the page: the timeline's own bound. */
const replayTraceMax = 100_000;

async function replayLink(hash: string): Promise<ReplayReply> {
  const decoded = await decodeShare(hash);
  if (!decoded.ok) return { ok: false, stage: 'decode', message: decoded.message };
  const { scenario, position } = decoded;
  try {
    const run = runScenario(scenario, { traceLimit: replayTraceMax });
    // The timeline shows the run as shared; the live cluster may go on from a little later.
    const trace = run.trace.slice();
    const endMs = settleRingChanges(run, scenario.until);
    return { ok: true, scenario, position, trace, final: run.report.final, until: run.report.until, plan: loadPlanOf(scenario, run, endMs) };
  } catch (error) {
    return { ok: false, stage: 'replay', message: error instanceof Error ? error.message : String(error) };
  }
}

self.onmessage = (e: MessageEvent<string>) => {
  void replayLink(e.data).then((reply) => self.postMessage(reply));
};
