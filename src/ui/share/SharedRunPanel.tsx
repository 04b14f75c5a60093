// What a share link opened: a clear message while it replays, a clear error when it is broken
// (with a way to a fresh cluster), or the shared run's settings and final keys, each version
// with its vector clock, and the live cluster it was loaded into. Keys and values are text only.
import { useEffect, useMemo } from 'react';
import { formatClock } from '../../core/versions/vectorClock';
import { newClusterName } from '../../runtime/clusterConfig';
import { goToCluster } from './clusterSwitch';
import type { LoadedLive } from './shareStore';
import { backToHome, closeShared, openSharedFromLocation, useShare } from './shareStore';

/** A fresh cluster of its own; the current one is closed (its disks kept), not wiped. */
function startFresh(): void {
  closeShared();
  void goToCluster(newClusterName());
}

export function SharedRunPanel() {
  const shared = useShare((s) => s.shared);
  useEffect(() => {
    void openSharedFromLocation();
    // A link pasted into this tab's address bar changes only the fragment: no page load.
    const onHash = () => void openSharedFromLocation();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  switch (shared.kind) {
    case 'none':
      return null;
    case 'loading':
      return (
        <section className="panel" data-testid="shared-loading" aria-live="polite">
          Replaying the shared scenario in the simulator…
        </section>
      );
    case 'broken':
      return (
        <section className="panel shared-broken" data-testid="shared-error" role="alert">
          <h2>This share link could not be opened</h2>
          <pre className="error">{shared.message}</pre>
          <p>Nothing was loaded, and your own cluster and its data are untouched.</p>
          <div className="buttons">
            <button type="button" data-testid="shared-fresh" onClick={startFresh}>
              Start a fresh cluster
            </button>
            <button type="button" onClick={closeShared}>
              Dismiss
            </button>
          </div>
        </section>
      );
    case 'shown':
      return <SharedSummary />;
  }
}

/**
 * Rows of the final-keys table shown at most: a run may hold a million keys, and the page must
 * stay quick; the loaded cluster holds them all (its inspector pages through a node's keys).
 */
export const sharedRowsMax = 300;

function SharedSummary() {
  const shared = useShare((s) => s.shared);
  // Sorted once per shown run, not at every render (the live cluster's loading re-renders it).
  const final = shared.kind === 'shown' ? shared.final : null;
  const rows = useMemo(
    () => (final === null ? [] : [...final.replicas].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.node < b.node ? -1 : a.node > b.node ? 1 : 0)).slice(0, sharedRowsMax)),
    [final],
  );
  if (shared.kind !== 'shown') return null;
  const { ending } = shared;
  const all = shared.final.replicas;
  return (
    <section className="panel shared-run" data-testid="shared-run" aria-labelledby="shared-title">
      <h2 id="shared-title">Shared run (replayed exactly in the simulator)</h2>
      <p data-testid="shared-settings">
        At its end: {ending.nodes} nodes · N={ending.n} W={ending.w} R={ending.r} · seed {shared.scenario.seed} · {shared.scenario.steps.length} steps ·{' '}
        {Math.round(shared.until)} ms
      </p>
      {ending.settledAtMs !== null && (
        <p className="muted" data-testid="shared-settled">
          The run ended while a node was joining, leaving or changing zone; the simulator ran it on, with no more steps, to {Math.round(ending.settledAtMs)} ms, when
          its ranges had moved, and the live cluster goes on from there.
        </p>
      )}
      <table className="shared-keys">
        <thead>
          <tr>
            <th>key</th>
            <th>node</th>
            <th>versions (value and clock)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.key}@${r.node}`} data-testid="shared-key">
              <td>{r.key}</td>
              <td>{r.node}</td>
              <td>
                {r.versions.map((v) => (
                  <span key={`${v.dot.node}:${v.dot.counter}`} className="version">
                    {v.deleted === true ? '(deleted)' : typeof v.value === 'string' ? v.value : JSON.stringify(v.value)} <code className="clock">{formatClock(v.clock)}</code>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {all.length > rows.length && (
        <p className="muted" data-testid="shared-keys-more">
          … and {all.length - rows.length} more replica copies, in the loaded cluster: inspect its nodes to see them.
        </p>
      )}
      <LoadedLine live={shared.live} />
    </section>
  );
}

function LoadedLine({ live }: { live: LoadedLive }) {
  switch (live.kind) {
    case 'loading':
      return <p aria-live="polite">Loading this state into a fresh live cluster…</p>;
    case 'failed':
      return (
        <p className="error" role="alert" data-testid="shared-load-error">
          The state could not be loaded into a live cluster: {live.message}
        </p>
      );
    case 'loaded':
      return (
        <div className="buttons" data-testid="shared-loaded">
          <p>
            Loaded into the live cluster <strong data-testid="shared-cluster">{live.clusterName}</strong>: play goes on live from the end of the run. Your own
            cluster is kept as it was.
          </p>
          <button type="button" data-testid="shared-close" onClick={() => void backToHome()}>
            Back to my cluster
          </button>
          <button type="button" onClick={closeShared}>
            Hide this summary
          </button>
        </div>
      );
  }
}
