// The scenario so far: every action the user takes, as a scenario step stamped with the
// simulated time it happened at, so "Share" can hand the story to the simulator. Client
// operations, joins and leaves are recorded by their commands; link and lifecycle actions and
// the autoscaler's joins and leaves are read from the host's trace events, so the other views'
// commands need no change. Bounded by maxSteps.
import type { JsonValue } from '../../core/json';
import type { TraceEvent } from '../../core/trace';
import { maxSteps } from '../../scenario/scenarioLimits';
import { currentCluster } from './clusterStore';

/** A step as a scenario document holds it (validated later, by parseScenario, on share). */
export type RecordedStep = Readonly<Record<string, JsonValue>> & { readonly at: number; readonly do: string };

interface Recording {
  readonly steps: RecordedStep[];
  /** Nodes recorded as killed: their next nodeUp is a restart, not the cluster's boot. */
  readonly down: Set<string>;
  /** Steps that did not fit; the share dialog says so rather than share a silently cut story. */
  overflow: number;
}

/** One story per cluster this page opened (switching clusters must not mix them), bounded. */
const recordings = new Map<string, Recording>();
const recordingsMax = 12;

/** The open cluster's recording. */
function recording(): Recording {
  const name = currentCluster()?.name ?? '';
  let r = recordings.get(name);
  if (r === undefined) {
    r = { steps: [], down: new Set(), overflow: 0 };
    recordings.set(name, r);
    const oldest = recordings.keys().next().value;
    if (recordings.size > recordingsMax && oldest !== undefined) recordings.delete(oldest);
  }
  return r;
}

/** Appends one user action at the cluster's present, rounded to whole simulated ms. */
export function recordAction(step: Readonly<Record<string, JsonValue>> & { readonly do: string }): void {
  const c = currentCluster();
  recordAt(c === null ? 0 : c.now(), step);
}

function recordAt(atMs: number, step: Readonly<Record<string, JsonValue>> & { readonly do: string }): void {
  const r = recording();
  if (r.steps.length >= maxSteps) {
    r.overflow++;
    return;
  }
  r.steps.push({ ...step, at: Math.max(0, Math.round(atMs)) });
}

/**
 * A step whose length is known only when it ends (a workload the user stops): recorded now,
 * its `durationMs` growing with the present until `end` fixes it. Returns `end`.
 */
export function recordLasting(step: Readonly<Record<string, JsonValue>> & { readonly do: string }): () => void {
  const c = currentCluster();
  const startMs = c === null ? 0 : c.now();
  recordAt(startMs, { ...step, durationMs: 1 });
  // The recording of the cluster open now: the step ends there even if the page switches.
  const { steps } = recording();
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
  const { down } = recording();
  for (const e of batch) {
    if (e.type === 'linkCut') recordAt(e.at, { do: 'cut', from: e.node, to: e.to, oneWay: true });
    else if (e.type === 'linkHealed') recordAt(e.at, { do: 'heal', from: e.node, to: e.to, oneWay: true });
    else if (e.type === 'wiped') recordAt(e.at, { do: 'wipe', node: e.node });
    else if (e.type === 'settings') {
      const change = settingsChange(e.node, e.changes);
      if (Object.keys(change).length > 0) recordAt(e.at, { do: 'set', ...change });
    }
    // The page's own joins and leaves are recorded by their commands; the autoscaler's here.
    else if (e.type === 'autoscale') recordAt(e.at, e.action === 'add' ? { do: 'join', node: { id: e.target } } : { do: 'leave', node: e.target });
    else if (e.type === 'nodeDown') {
      down.add(e.node);
      recordAt(e.at, { do: 'kill', node: e.node });
    } else if (e.type === 'nodeUp' && down.delete(e.node)) recordAt(e.at, { do: 'restart', node: e.node });
  }
}

/** Settings a `set` step can carry; latency and loss are the scenario's network, fixed for a run. */
const settableFields = ['n', 'w', 'r', 'sloppyQuorum', 'readRepair', 'conflicts'];

/**
 * The change a settings event carries, as a `set` step's fields. A node's clock skew (traced on
 * its own lane) becomes `clockSkewMs: { node: ms }`; a network change has no step and is left
 * out (a share carries the latency in force when it is made).
 */
function settingsChange(lane: string, changes: string): Record<string, JsonValue> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(changes);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const fields = parsed as Record<string, JsonValue>;
  const out: Record<string, JsonValue> = {};
  for (const f of settableFields) if (fields[f] !== undefined) out[f] = fields[f];
  if (typeof fields.clockSkewMs === 'number') out.clockSkewMs = { [lane]: fields.clockSkewMs };
  return out;
}

export function recordedSteps(): readonly RecordedStep[] {
  const r = recording();
  if (lasting.size === 0) return r.steps;
  const open = new Map([...lasting].map((l) => [l.step, l.startMs]));
  return r.steps.map((s) => {
    const startMs = open.get(s);
    return startMs === undefined ? s : withDuration(s, startMs);
  });
}

export function recordedOverflow(): number {
  return recording().overflow;
}

/** A fresh cluster starts a fresh story. */
export function forgetRecording(): void {
  recordings.delete(currentCluster()?.name ?? '');
  lasting.clear();
}
