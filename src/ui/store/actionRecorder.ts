// The scenario so far: every action the user takes, as a scenario step stamped with the
// simulated time it happened at, so "Share" can hand the story to the simulator. Client
// operations are recorded by their commands; link and lifecycle actions are read from the
// host's trace events, so the other views' commands need no change. Bounded by maxSteps.
import type { JsonValue } from '../../core/json';
import type { TraceEvent } from '../../core/trace';
import { maxSteps } from '../../scenario';
import { currentCluster } from './clusterStore';

/** A step as a scenario document holds it (validated later, by parseScenario, on share). */
export type RecordedStep = Readonly<Record<string, JsonValue>> & { readonly at: number; readonly do: string };

let steps: RecordedStep[] = [];
/** Nodes recorded as killed: their next nodeUp is a restart, not the cluster's boot. */
const down = new Set<string>();
/** Steps that did not fit; the share dialog says so rather than share a silently cut story. */
let overflow = 0;

/** Appends one user action at the cluster's present, rounded to whole simulated ms. */
export function recordAction(step: Readonly<Record<string, JsonValue>> & { readonly do: string }): void {
  const c = currentCluster();
  recordAt(c === null ? 0 : c.now(), step);
}

function recordAt(atMs: number, step: Readonly<Record<string, JsonValue>> & { readonly do: string }): void {
  if (steps.length >= maxSteps) {
    overflow++;
    return;
  }
  steps.push({ ...step, at: Math.max(0, Math.round(atMs)) });
}

/**
 * A step whose length is known only when it ends (a workload the user stops): recorded now,
 * its `durationMs` growing with the present until `end` fixes it. Returns `end`.
 */
export function recordLasting(step: Readonly<Record<string, JsonValue>> & { readonly do: string }): () => void {
  const c = currentCluster();
  const startMs = c === null ? 0 : c.now();
  recordAt(startMs, { ...step, durationMs: 1 });
  const recorded = steps[steps.length - 1];
  if (recorded === undefined || recorded.do !== step.do) return () => undefined;
  const entry = { step: recorded, startMs };
  lasting.add(entry);
  return () => {
    if (!lasting.delete(entry)) return;
    const i = steps.indexOf(entry.step);
    if (i >= 0) steps[i] = withDuration(entry.step, entry.startMs);
  };
}

/** Steps still lasting, and the simulated ms they began at. */
const lasting = new Set<{ readonly step: RecordedStep; readonly startMs: number }>();

function withDuration(step: RecordedStep, startMs: number): RecordedStep {
  const now = currentCluster()?.now() ?? startMs;
  return { ...step, durationMs: Math.max(1, Math.round(now - startMs)) };
}

/** Host trace events that are user actions become steps; anything else is ignored. */
export function recordFromTrace(batch: readonly TraceEvent[]): void {
  // Not a switch: most event types are not actions, and listing them all would hide the few.
  for (const e of batch) {
    if (e.type === 'linkCut') recordAt(e.at, { do: 'cut', from: e.node, to: e.to, oneWay: true });
    else if (e.type === 'linkHealed') recordAt(e.at, { do: 'heal', from: e.node, to: e.to, oneWay: true });
    else if (e.type === 'wiped') recordAt(e.at, { do: 'wipe', node: e.node });
    else if (e.type === 'settings') recordAt(e.at, { do: 'set', ...settingsChange(e.changes) });
    else if (e.type === 'nodeDown') {
      down.add(e.node);
      recordAt(e.at, { do: 'kill', node: e.node });
    } else if (e.type === 'nodeUp' && down.delete(e.node)) recordAt(e.at, { do: 'restart', node: e.node });
  }
}

/** The N/W/R (or toggle) change a settings event carries, as a `set` step's fields. */
function settingsChange(changes: string): Record<string, JsonValue> {
  try {
    const parsed: unknown = JSON.parse(changes);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, JsonValue>) : {};
  } catch {
    return {};
  }
}

export function recordedSteps(): readonly RecordedStep[] {
  if (lasting.size === 0) return steps;
  const open = new Map([...lasting].map((l) => [l.step, l.startMs]));
  return steps.map((s) => {
    const startMs = open.get(s);
    return startMs === undefined ? s : withDuration(s, startMs);
  });
}

export function recordedOverflow(): number {
  return overflow;
}

/** A fresh cluster starts a fresh story. */
export function forgetRecording(): void {
  steps = [];
  overflow = 0;
  down.clear();
  lasting.clear();
}
