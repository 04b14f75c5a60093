// Sharing and opening shared runs. "Share" encodes the scenario so far and the timeline's
// position into a URL fragment. Opening one decodes and validates it, replays it in the
// simulator in a worker, shows that exact trace on the timeline with the run's final keys, and
// loads the final state into a fresh live cluster of its own name, where play goes on live.
// The visitor's own cluster is closed, never changed, and "back" reopens it; a broken link
// leaves it running as it was.
import { createStore } from 'zustand/vanilla';
import { defaultStorageOptions } from '../../core/storage';
import { useStore } from 'zustand';
import type { FinalState } from '../../check';
import type { Scenario } from '../../scenario';
import { isShareFragment } from '../../scenario/scenarioLimits';
import { openLoadedCluster, unusedClusterName } from '../../runtime/loadedCluster';
import { clusterStore, currentCluster } from '../store/clusterStore';
import { recordedOverflow, storyRead, storyStart } from '../store/actionRecorder';
import { backToLive, presentMs, showReplay } from '../timeline/timelineFeed';
import { goToCluster, goToLoadedCluster, homeCluster, rememberHome } from './clusterSwitch';
import { sharedClusterBase } from './loadPlan';
import { showAt, timelineStore } from '../timeline/timelineStore';
import type { ReplayReply } from './replayProtocol';
import { recordedScenario, rememberOrigin } from './recordedScenario';

export type SharedRun =
  | { readonly kind: 'none' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'broken'; readonly message: string }
  | { readonly kind: 'shown'; readonly scenario: Scenario; readonly final: FinalState; readonly until: number; readonly ending: RunEnding; readonly live: LoadedLive };

/** The cluster as the run left it, after its joins, leaves and `set` steps: what the sharer had. */
export interface RunEnding {
  readonly nodes: number;
  readonly n: number;
  readonly w: number;
  readonly r: number;
  /** Set when the run ended during a ring change: the simulated ms it ran on to, for the change to settle. */
  readonly settledAtMs: number | null;
}

/** The live cluster a shown run was loaded into. */
export type LoadedLive =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly clusterName: string }
  | { readonly kind: 'failed'; readonly message: string };

export interface ShareState {
  readonly shared: SharedRun;
  /** The last URL "Share" made, or why it could not make one. */
  readonly link: { readonly url: string; readonly note: string | null } | { readonly error: string } | null;
}

export const shareStore = createStore<ShareState>(() => ({ shared: { kind: 'none' }, link: null }));
/** How long a share waits for the story to be read back from IndexedDB. */
const storyReadWaitMs = 5_000;

/**
 * The share URL's codec, loaded on first use: it validates with the scenario schemas (zod), whose
 * code and construction were a tenth of a first visit's main-thread time.
 */
function shareUrl(): Promise<typeof import('../../scenario/shareUrl')> {
  return import('../../scenario/shareUrl');
}

/** Builds the share URL for the scenario so far and the timeline's present position. */
export async function share(): Promise<string | null> {
  const c = currentCluster();
  if (c === null) return null;
  // A story still being read back (just after a reload) is waited for, a moment at most: past
  // that the link holds only what this page recorded, and its note says so.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const read = await Promise.race([storyRead().then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), storyReadWaitMs)))]);
  clearTimeout(timer);
  // Checked once the stored story is in: its own overflow counts too.
  if (recordedOverflow() > 0) {
    shareStore.setState({ link: { error: `too many actions to share: ${recordedOverflow()} did not fit in the recording` } });
    return null;
  }
  const view = timelineStore.getState();
  const endMs = view.follow ? presentMs() : view.endMs;
  const scenario = recordedScenario(c);
  const { encodeShare } = await shareUrl();
  const hash = await encodeShare({ scenario, position: { endMs: Math.round(endMs), spanMs: Math.round(view.spanMs) } });
  const url = `${location.origin}${location.pathname}${location.search}${hash}`;
  const note = read ? storyNote() : 'the story before this page opened could not be read back in time: the link starts from the cluster as it is now';
  shareStore.setState({ link: { url, note } });
  return url;
}

/** What the link leaves out, if anything: a story that began after the cluster had run, or one that cannot be kept. */
function storyNote(): string | null {
  const { atMs, problem } = storyStart();
  if (problem !== null) return problem;
  if (atMs > 0) return `this cluster kept no story before ${(atMs / 1000).toFixed(1)} s: what happened earlier is not in the link`;
  // A scenario has no storage settings: the replay runs with the engine's defaults. The grace
  // changes what a run does (a purged tombstone can let a deleted value back), so say so.
  const graceMs = currentCluster()?.snapshot().storage.tombstoneGraceMs;
  if (graceMs !== undefined && graceMs !== defaultStorageOptions.tombstoneGraceMs) {
    return `the link replays with the default tombstone grace (${defaultStorageOptions.tombstoneGraceMs / 1000} s), not this cluster's ${graceMs / 1000} s: storage settings are not part of a shared run`;
  }
  return null;
}

/** Opens the shared run in the page's fragment, if any; called when the page is up and on hashchange. */
export async function openSharedFromLocation(): Promise<void> {
  const hash = location.hash;
  if (!isShareFragment(hash)) return;
  // A reload must not replay the link again: the fragment goes whatever the outcome.
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  shareStore.setState({ shared: { kind: 'loading' } });
  const reply = await replayLink(hash);
  if (!reply.ok) {
    const message = reply.stage === 'decode' ? reply.message : `the simulator could not replay it: ${reply.message}`;
    shareStore.setState({ shared: { kind: 'broken', message } });
    return;
  }
  showReplay(reply.trace, reply.until);
  showAt(reply.position.endMs, reply.position.spanMs);
  const { settings, nodes, endMs } = reply.plan;
  const ending: RunEnding = { nodes: nodes.length, n: settings.n, w: settings.w, r: settings.r, settledAtMs: endMs > reply.until ? endMs : null };
  const shown = { kind: 'shown' as const, scenario: reply.scenario, final: reply.final, until: reply.until, ending };
  shareStore.setState({ shared: { ...shown, live: { kind: 'loading' } } });
  const home = await settledClusterName();
  try {
    const name = unusedClusterName(sharedClusterBase(hash));
    if (home !== null && homeCluster() === null) rememberHome(home);
    rememberOrigin(name, reply.scenario);
    await goToLoadedCluster(name, (n) => openLoadedCluster(n, reply.plan, reply.trace));
    shareStore.setState({ shared: { ...shown, live: { kind: 'loaded', clusterName: name } } });
  } catch (error) {
    shareStore.setState({ shared: { ...shown, live: { kind: 'failed', message: error instanceof Error ? error.message : String(error) } } });
  }
}

/** The cluster this tab had before the link, once it has booted (or found it held elsewhere). */
function settledClusterName(): Promise<string | null> {
  return new Promise((resolve) => {
    const check = () => {
      const { phase } = clusterStore.getState();
      if (phase.kind === 'booting') return false;
      resolve(phase.kind === 'locked' ? phase.clusterName : (currentCluster()?.name ?? null));
      return true;
    };
    if (check()) return;
    const stop = clusterStore.subscribe(() => {
      if (check()) stop();
    });
  });
}

/** Decodes and replays a link's fragment in a worker of its own, ended once it has answered. */
function replayLink(hash: string): Promise<ReplayReply> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./replayWorker.ts', import.meta.url), { type: 'module', name: 'ringlab replay' });
    worker.onmessage = (e: MessageEvent<ReplayReply>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({ ok: false, stage: 'replay', message: e.message });
    };
    worker.postMessage(hash);
  });
}

/** Puts the shared run's panel away; the cluster shown stays as it is. */
export function closeShared(): void {
  shareStore.setState({ shared: { kind: 'none' } });
}

/** Leaves the loaded cluster (kept, and listed) for the visitor's own, as it was left. */
export async function backToHome(): Promise<void> {
  const home = homeCluster();
  closeShared();
  if (home !== null) await goToCluster(home);
  else backToLive();
}

export function useShare<T>(pick: (s: ShareState) => T): T {
  return useStore(shareStore, pick);
}
