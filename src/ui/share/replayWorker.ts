// The share link's replay, off the main thread so the page stays responsive: runs the validated
// scenario in the deterministic simulator and posts back its trace, its final state, and the
// plan that loads that state into a live cluster.
import { runScenario } from '../../sim/runScenario';
import type { Scenario } from '../../scenario';
import { loadPlanOf } from './loadPlan';
import type { ReplayReply } from './replayProtocol';

/** Trace events sent back to the page: the timeline's own bound. */
const replayTraceMax = 100_000;

self.onmessage = (e: MessageEvent<Scenario>) => {
  let reply: ReplayReply;
  try {
    const run = runScenario(e.data, { traceLimit: replayTraceMax });
    reply = { ok: true, trace: run.trace, final: run.report.final, until: run.report.until, plan: loadPlanOf(e.data, run) };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
