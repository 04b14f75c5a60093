// The scenario so far: every action the user takes, as a scenario step stamped with the
// simulated time it happened at, so "Share" can hand the story to the simulator. Client
// operations, joins and leaves are recorded by their commands; link and lifecycle actions and
// the autoscaler's joins and leaves are read from the host's trace events, so the other views'
// commands need no change. Bounded by maxSteps. Each cluster's story (where it began, and its
// steps) is saved in IndexedDB (storyDisk.ts) a moment after it changes, so a reload keeps it.
import type { JsonValue } from '../../core/json';
import type { TraceEvent } from '../../core/trace';
import type { LiveCluster } from '../../runtime/liveCluster';
import { maxSteps } from '../../scenario/scenarioLimits';
import { currentCluster, onFreshStart, onSamplePut, sampleKeysClient } from './clusterStore';
import { storyBaseOf } from './storyBase';
import { deleteStory, loadStory, saveStory } from './storyDisk';
import type { StoredStory } from './storyDisk';
import { appendJournal, dropJournal, takeJournal, withJournal, writeJournal } from './storyJournal';
import { afterStoredStory, downAfter } from './storyMerge';

/** A step as a scenario document holds it (validated later, by parseScenario, on share). */
export type RecordedStep = Readonly<Record<string, JsonValue>> & { readonly at: number; readonly do: string };

interface Recording {
  readonly cluster: string;
  steps: RecordedStep[];
  /** Nodes recorded as killed: their next nodeUp is a restart, not the cluster's boot. */
  readonly down: Set<string>;
  /** Steps that did not fit; the share dialog says so rather than share a silently cut story. */
  overflow: number;
  /** Where the story began, as a scenario document; null until the stored story has been read. */
  base: Readonly<Record<string, JsonValue>> | null;
  /** Simulated ms the story begins at (above 0 for a cluster that ran before any story was kept). */
  startedAtMs: number;
  /**
   * The first step not saved since it changed (the step count when only the head changed: its
   * start, down nodes or overflow); Infinity when the story on disk is current.
   */
  changedFrom: number;
  /** The first step of a save under way (Infinity when none): not stored until it lands. */
  savingFrom: number;
  /** Called once the start is known (base set): a share waits for the stored story. */
  readonly waiting: (() => void)[];
}

/** One story per cluster this page opened (switching clusters must not mix them), bounded. */
const recordings = new Map<string, Recording>();
const recordingsMax = 12;
/** A story is saved this long after its first unsaved change: a burst of clicks is one write. */
const saveDelayMs = 1_000;
/** Why the story could not be read or saved (shown by the share dialog), or null. */
let diskProblem: string | null = null;

function recordingOf(name: string): Recording {
  let r = recordings.get(name);
  if (r === undefined) {
    r = { cluster: name, steps: [], down: new Set(), overflow: 0, base: null, startedAtMs: 0, changedFrom: Infinity, savingFrom: Infinity, waiting: [] };
    recordings.set(name, r);
    const oldest = recordings.keys().next().value;
    if (recordings.size > recordingsMax && oldest !== undefined) recordings.delete(oldest);
  }
  return r;
}

/** The open cluster's recording. */
function recording(): Recording {
  return recordingOf(currentCluster()?.name ?? '');
}

/**
 * The page has opened `c`: its stored story is read back, ahead of anything recorded meanwhile.
 * A cluster with no stored story starts one now, from its present state.
 */
export function openStory(c: LiveCluster, emptyBefore = c.fresh): void {
  const r = recordingOf(c.name);
  if (r.base !== null) return;
  // A cluster that ran before any story was kept: what it did then is not in the story.
  const fallback = { base: storyBaseOf(c), startedAtMs: emptyBefore ? 0 : Math.round(c.now()) };
  void loadStory(c.name)
    .catch((e: unknown) => {
      diskProblem = `the story so far could not be read back: ${String(e)}`;
      return null;
    })
    .then((read) => {
      if (r.base !== null) return;
      // What the last page recorded but could not store as it went (see storyJournal.ts): the
      // tail of its story, or steps it recorded before even reading the story back.
      const journal = takeJournal(localStorage, c.name);
      const tail = journal !== null && journal.from !== null ? journal : null;
      const stored = tail === null ? read : withJournal(read, tail);
      if (journal !== null && journal.from === null) {
        r.steps = [...journal.story.steps, ...r.steps];
        for (const id of journal.story.down) r.down.add(id);
        r.overflow += journal.story.overflow;
      }
      if (stored !== null) {
        const merged = afterStoredStory(stored, r);
        // The journal's steps are not in IndexedDB yet: they are saved again from where they begin.
        r.changedFrom = tail !== null && stored !== read ? Math.min(merged.changedFrom, tail.from) : merged.changedFrom;
        r.steps = [...merged.steps];
        for (const id of merged.down) r.down.add(id);
        r.overflow = merged.overflow;
        r.base = stored.base;
        r.startedAtMs = stored.startedAtMs;
      } else {
        r.base = fallback.base;
        r.startedAtMs = fallback.startedAtMs;
        r.changedFrom = 0;
      }
      saveLater(r);
      baseKnown(r);
    });
}

function baseKnown(r: Recording): void {
  for (const resolve of r.waiting.splice(0)) resolve();
}

/**
 * Resolves once the open cluster's stored story has been read back (at once if it has): a link
 * shared right after a reload must hold what came before it, not only what followed.
 */
export function storyRead(): Promise<void> {
  const r = recording();
  return r.base !== null ? Promise.resolve() : new Promise((resolve) => r.waiting.push(resolve));
}

/** The cluster `cluster` goes on from a shared run: its story begins with that run's scenario. */
export function setStoryOrigin(cluster: string, doc: Readonly<Record<string, JsonValue>>): void {
  const r = recordingOf(cluster);
  r.base = doc;
  // The nodes the run left down: restarting one here is a restart step, as on the sharer's page.
  for (const id of downAfter(Array.isArray(doc.steps) ? doc.steps : [])) r.down.add(id);
  r.startedAtMs = 0;
  r.changedFrom = 0;
  saveLater(r);
  baseKnown(r);
}

/** Where the open cluster's story began, or null while it is still being read. */
export function storyBase(): Readonly<Record<string, JsonValue>> | null {
  return recording().base;
}

/** Simulated ms the open cluster's story begins at, and why it could not be kept, if so. */
export function storyStart(): { readonly atMs: number; readonly problem: string | null } {
  return { atMs: recording().startedAtMs, problem: diskProblem };
}

const pendingSaves = new Map<Recording, ReturnType<typeof setTimeout>>();

function changed(r: Recording, fromStep: number): void {
  r.changedFrom = Math.min(r.changedFrom, fromStep);
  saveLater(r);
}

function saveLater(r: Recording): void {
  if (pendingSaves.has(r)) return;
  pendingSaves.set(r, setTimeout(() => void saveNow(r), saveDelayMs));
}

/** Writes what changed of `r`; a story whose start is not known yet waits for it. */
async function saveNow(r: Recording): Promise<void> {
  clearTimeout(pendingSaves.get(r));
  pendingSaves.delete(r);
  if (r.base === null || r.changedFrom === Infinity) return;
  const from = r.changedFrom;
  r.changedFrom = Infinity;
  r.savingFrom = Math.min(r.savingFrom, from);
  const story = storyOf(r, r.base);
  try {
    await saveStory(r.cluster, story, from);
    diskProblem = null;
    // Stored: a journal of it (a page gone before this page read its story) is spent.
    dropJournal(localStorage, r.cluster);
  } catch (e) {
    diskProblem = `the story so far could not be saved, so a reload would lose it: ${String(e)}`;
    r.changedFrom = Math.min(r.changedFrom, from);
  }
  r.savingFrom = Infinity;
}

// A story changed in the last second is written as the page goes. A workload still running then
// ends there: the page's workload does not outlive it (unless the page only went into the
// back/forward cache: it may come back, workload and all, and end the step itself).
window.addEventListener('pagehide', (e) => {
  if (!e.persisted) {
    for (const l of [...lasting]) endLasting(l);
    // The page is going for good, and an IndexedDB write begun now may not land: what is not
    // stored yet (changed, or in a save under way) goes to localStorage too. A page only put in
    // the back/forward cache comes back and saves as usual.
    for (const r of recordings.values()) journal(r);
  }
  for (const r of [...pendingSaves.keys()]) void saveNow(r);
});

/** Writes what of `r` is not stored yet to its cluster's journal (see storyJournal.ts). */
function journal(r: Recording): void {
  if (r.base === null) {
    // Before the stored story was read back, all this page recorded is unstored, and it follows
    // whatever an earlier page left unread.
    if (r.steps.length > 0 || r.down.size > 0 || r.overflow > 0) appendJournal(localStorage, r.cluster, storyOf(r, {}));
    return;
  }
  const from = Math.min(r.changedFrom, r.savingFrom);
  if (from !== Infinity) writeJournal(localStorage, r.cluster, storyOf(r, r.base), from);
}

function storyOf(r: Recording, base: Readonly<Record<string, JsonValue>>): StoredStory {
  return { base, startedAtMs: r.startedAtMs, steps: stepsOf(r), down: [...r.down], overflow: r.overflow };
}

/** Starts `c`'s story again (the cluster started fresh): its start is its present state. */
function forgetRecording(c: LiveCluster): void {
  const r = recordings.get(c.name);
  if (r !== undefined) {
    clearTimeout(pendingSaves.get(r));
    pendingSaves.delete(r);
    recordings.delete(c.name);
  }
  // Only this cluster's: a workload of another one still ends its own step.
  for (const l of [...lasting]) if (l.recording === r) lasting.delete(l);
  dropJournal(localStorage, c.name);
  void deleteStory(c.name)
    .catch(() => undefined)
    .then(() => openStory(c, true));
}
onFreshStart(forgetRecording);
// The page's sample keys are part of the story: a shared link holds them as the sharer saw them.
onSamplePut((key, value) => recordAction({ do: 'put', client: sampleKeysClient, key, value }));

/** Appends one user action at the cluster's present, rounded to whole simulated ms. */
export function recordAction(step: Readonly<Record<string, JsonValue>> & { readonly do: string }): void {
  const c = currentCluster();
  recordAt(c === null ? 0 : c.now(), step);
}

function recordAt(atMs: number, step: Readonly<Record<string, JsonValue>> & { readonly do: string }): void {
  const r = recording();
  if (r.steps.length >= maxSteps) {
    r.overflow++;
    changed(r, r.steps.length);
    return;
  }
  r.steps.push({ ...step, at: Math.max(0, Math.round(atMs)) });
  changed(r, r.steps.length - 1);
}

interface Lasting {
  readonly recording: Recording;
  readonly step: RecordedStep;
  readonly startMs: number;
}

/** Steps still lasting, and the simulated ms they began at. */
const lasting = new Set<Lasting>();

/**
 * A step whose length is known only when it ends (a workload the user stops): recorded now,
 * its `durationMs` growing with the present until `end` fixes it. Returns `end`.
 */
export function recordLasting(step: Readonly<Record<string, JsonValue>> & { readonly do: string }): () => void {
  const c = currentCluster();
  const startMs = c === null ? 0 : c.now();
  recordAt(startMs, { ...step, durationMs: 1 });
  // The recording of the cluster open now: the step ends there even if the page switches.
  const r = recording();
  const recorded = r.steps[r.steps.length - 1];
  if (recorded === undefined || recorded.do !== step.do) return () => undefined;
  const entry: Lasting = { recording: r, step: recorded, startMs };
  lasting.add(entry);
  return () => endLasting(entry);
}

function endLasting(entry: Lasting): void {
  if (!lasting.delete(entry)) return;
  const r = entry.recording;
  const i = r.steps.indexOf(entry.step);
  if (i < 0) return;
  r.steps[i] = withDuration(entry.step, entry.startMs);
  changed(r, i);
}

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
      const fields = changedFields(e.changes);
      const change = settingsChange(e.node, fields);
      if (Object.keys(change).length > 0) recordAt(e.at, { do: 'set', ...change });
      const network = networkChange(fields);
      if (network !== null) recordAt(e.at, { do: 'network', ...network });
    }
    // The page's own joins and leaves are recorded by their commands; the autoscaler's here.
    else if (e.type === 'autoscale') recordAt(e.at, e.action === 'add' ? { do: 'join', node: { id: e.target } } : { do: 'leave', node: e.target });
    else if (e.type === 'nodeDown') {
      down.add(e.node);
      recordAt(e.at, { do: 'kill', node: e.node });
    } else if (e.type === 'nodeUp' && down.delete(e.node)) recordAt(e.at, { do: 'restart', node: e.node });
  }
}

/** Settings a `set` step can carry; latency, loss and the delay between zones go in a `network` step. */
const settableFields = ['n', 'w', 'r', 'sloppyQuorum', 'readRepair', 'conflicts'];

/** A settings event's `changes`, as fields; none if it is not a JSON object. */
function changedFields(changes: string): Record<string, JsonValue> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(changes);
  } catch {
    return {};
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, JsonValue>) : {};
}

/**
 * A network change (LiveCluster.setNetwork traces the whole network in force) as a `network`
 * step's fields, or null. No delay between zones is recorded as a fixed 0 ms, which the step
 * can carry.
 */
function networkChange(fields: Record<string, JsonValue>): Record<string, JsonValue> | null {
  const { latency, lossProbability, interZoneLatency } = fields;
  if (latency === undefined || typeof lossProbability !== 'number') return null;
  return { latency, loss: lossProbability, interZoneLatency: interZoneLatency ?? { kind: 'fixed', ms: 0 } };
}

/**
 * The change a settings event carries, as a `set` step's fields. A node's clock skew (traced on
 * its own lane) becomes `clockSkewMs: { node: ms }`.
 */
function settingsChange(lane: string, fields: Record<string, JsonValue>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const f of settableFields) if (fields[f] !== undefined) out[f] = fields[f];
  if (typeof fields.clockSkewMs === 'number') out.clockSkewMs = { [lane]: fields.clockSkewMs };
  return out;
}

/** `r`'s steps, a lasting one as long as it has lasted so far. */
function stepsOf(r: Recording): readonly RecordedStep[] {
  const open = new Map([...lasting].filter((l) => l.recording === r).map((l) => [l.step, l.startMs]));
  if (open.size === 0) return r.steps;
  return r.steps.map((s) => {
    const startMs = open.get(s);
    return startMs === undefined ? s : withDuration(s, startMs);
  });
}

export function recordedSteps(): readonly RecordedStep[] {
  return stepsOf(recording());
}

export function recordedOverflow(): number {
  return recording().overflow;
}
