// Which cluster this tab shows: "Back to my cluster" when a share link took the tab to a loaded
// cluster, and a short list of the clusters this browser knows, to go to any of them. Each keeps
// its data while it is not shown.
import { useState } from 'react';
import { knownClusterNames } from '../../runtime/clusterConfig';
import { useCluster } from '../store/useCluster';
import { goToCluster, homeCluster } from './clusterSwitch';
import { backToHome } from './shareStore';

export function ClusterSwitcher() {
  const current = useCluster((s) => s.snapshot?.name ?? (s.phase.kind === 'locked' ? s.phase.clusterName : null));
  // Re-read on every render: the list lives in localStorage, and a switch re-renders this.
  const [, setTick] = useState(0);
  const home = homeCluster();
  const known = knownClusterNames();
  const others = known.filter((n) => n !== current);
  return (
    <div className="cluster-switcher" data-testid="cluster-switcher">
      {home !== null && home !== current && (
        <button type="button" className="back-home" data-testid="back-home" onClick={() => void backToHome().then(() => setTick((t) => t + 1))}>
          Back to my cluster <strong>{home}</strong>
          {current !== null && <span className="muted"> (now on {current})</span>}
        </button>
      )}
      {others.length > 0 && (
        <label>
          <span className="muted">Other clusters</span>{' '}
          <select
            data-testid="cluster-select"
            value=""
            onChange={(e) => {
              if (e.target.value !== '') void goToCluster(e.target.value).then(() => setTick((t) => t + 1));
            }}
          >
            <option value="">go to…</option>
            {others.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
