// Sharing and opening shared runs. "Share" encodes the scenario so far and the timeline's
// position into a URL fragment. Opening one decodes and validates it, replays it in the
// simulator in a worker, and shows that exact trace on the timeline with the run's final keys.
// The visitor's own live cluster is never touched, whether the link is good or broken.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { FinalState } from '../../check';
import type { Scenario } from '../../scenario';
import { decodeShare, encodeShare, isShareFragment } from '../../scenario/shareUrl';
import { clusterStore, commands, currentCluster, openNewCluster } from '../store/clusterStore';
import { recordedOverflow } from '../store/actionRecorder';
import { backToLive, presentMs, showReplay } from '../timeline/timelineFeed';
import { showAt, timelineStore } from '../timeline/timelineStore';
import type { ReplayReply } from './replayProtocol';
import { recordedScenario } from './recordedScenario';

export type SharedRun =
  | { readonly kind: 'none' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'broken'; readonly message: string }
  | { readonly kind: 'shown'; readonly scenario: Scenario; readonly final: FinalState; readonly until: number };

export interface ShareState {
  readonly shared: SharedRun;
  /** The last URL "Share" made, or why it could not make one. */
  readonly link: { readonly url: string } | { readonly error: string } | null;
}

export const shareStore = createStore<ShareState>(() => ({ shared: { kind: 'none' }, link: null }));

/** Builds the share URL for the scenario so far and the timeline's present position. */
export async function share(): Promise<string | null> {
  const c = currentCluster();
  if (c === null) return null;
  if (recordedOverflow() > 0) {
    shareStore.setState({ link: { error: `too many actions to share: ${recordedOverflow()} did not fit in the recording` } });
    return null;
  }
  const view = timelineStore.getState();
  const endMs = view.follow ? presentMs() : view.endMs;
  const hash = await encodeShare({ scenario: recordedScenario(c), position: { endMs: Math.round(endMs), spanMs: Math.round(view.spanMs) } });
  const url = `${location.origin}${location.pathname}${location.search}${hash}`;
  shareStore.setState({ link: { url } });
  return url;
}

/** Opens the shared run in the page's fragment, if any; called once when the page is up. */
export async function openSharedFromLocation(): Promise<void> {
  const hash = location.hash;
  if (!isShareFragment(hash)) return;
  // A reload must not replay the link again: the fragment goes whatever the outcome.
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  shareStore.setState({ shared: { kind: 'loading' } });
  const decoded = await decodeShare(hash);
  if (!decoded.ok) {
    shareStore.setState({ shared: { kind: 'broken', message: decoded.message } });
    return;
  }
  const reply = await replay(decoded.scenario);
  if (!reply.ok) {
    shareStore.setState({ shared: { kind: 'broken', message: `the simulator could not replay it: ${reply.message}` } });
    return;
  }
  showReplay(reply.trace, reply.until);
  showAt(decoded.position.endMs, decoded.position.spanMs);
  shareStore.setState({ shared: { kind: 'shown', scenario: decoded.scenario, final: reply.final, until: reply.until } });
  await liveClusterFor(decoded.scenario);
}

/**
 * When this tab's cluster is held by another tab (the sharer's own, say), the visitor gets a
 * fresh cluster under a new name, with the shared N/W/R, so play can go on live; the other
 * cluster and its data are untouched. The replayed final state is not loaded into it yet.
 */
async function liveClusterFor(scenario: Scenario): Promise<void> {
  const phase = await settledPhase();
  if (phase !== 'locked') return;
  await openNewCluster();
  const { n, w, r } = scenario.cluster;
  commands.setQuorum({ n, w, r });
}

function settledPhase(): Promise<string> {
  return new Promise((resolve) => {
    const check = () => {
      const kind = clusterStore.getState().phase.kind;
      if (kind === 'booting') return false;
      resolve(kind);
      return true;
    };
    if (check()) return;
    const stop = clusterStore.subscribe(() => {
      if (check()) stop();
    });
  });
}

function replay(scenario: Scenario): Promise<ReplayReply> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./replayWorker.ts', import.meta.url), { type: 'module', name: 'ringlab replay' });
    worker.onmessage = (e: MessageEvent<ReplayReply>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({ ok: false, message: e.message });
    };
    worker.postMessage(scenario);
  });
}

/** Leaves the shared run and shows the visitor's own live cluster again. */
export function closeShared(): void {
  backToLive();
  shareStore.setState({ shared: { kind: 'none' } });
}

export function useShare<T>(pick: (s: ShareState) => T): T {
  return useStore(shareStore, pick);
}
