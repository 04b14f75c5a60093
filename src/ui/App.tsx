// The page shell. It computes nothing: views read the store and call commands.
import type { ReactNode } from 'react';
import { assertNever } from '../core/assertNever';
import { ClientForm } from './components/ClientForm';
import { LinkControl } from './components/LinkControl';
import { NodeList } from './components/NodeList';
import { Problems } from './components/Problems';
import { ResultList } from './components/ResultList';
import { RingPanel } from './ring/RingPanel';
import { Settings } from './components/Settings';
import { Toolbar } from './components/Toolbar';
import { ClusterSwitcher } from './share/ClusterSwitcher';
import { WorkloadControl } from './components/WorkloadControl';
import { SharedRunPanel } from './share/SharedRunPanel';
import { openNewCluster } from './store/clusterStore';
import type { Phase } from './store/clusterStore';
import { useCluster } from './store/useCluster';
import { LaterPanel, laterComponent } from './components/LaterPanel';

// Not needed to put and get: loaded after the first paint (components/LaterPanel.tsx).
const Inspector = laterComponent(() => import('./components/Inspector'), 'Inspector');
const TimelinePanel = laterComponent(() => import('./timeline/TimelinePanel'), 'TimelinePanel');

/**
 * Top-level layout of the playground: a header with the first-sight hint, then a grid (styles.css)
 * that keeps the ring, N/W/R and the client in one screen at 1280×720 and spreads to three
 * columns on a wide projector. The element marked `app-ready` exists once the cluster
 * serves, so end-to-end tests can wait for it.
 */
export function App() {
  const phase = useCluster((s) => s.phase);
  return (
    <main className="app" data-testid={phase.kind === 'ready' ? 'app-ready' : undefined}>
      <header className="app-header">
        <h1 className="app-title">Ringlab</h1>
        <p className="app-tagline">A Dynamo-style key-value store, running in your browser.</p>
        <ClusterSwitcher />
        {phase.kind === 'ready' && (
          <p className="first-hint" data-testid="first-hint">
            <strong>Try:</strong> kill a node, put a key with sloppy quorum on, and inspect the fallback that holds its hint.
          </p>
        )}
      </header>
      <SharedRunPanel />
      <Body phase={phase} />
    </main>
  );
}

function Body({ phase }: { phase: Phase }): ReactNode {
  switch (phase.kind) {
    case 'booting':
      return <p className="app-note">Starting the cluster…</p>;
    case 'locked':
      return (
        <section className="panel" data-testid="cluster-locked">
          <p>
            The cluster <strong>{phase.clusterName}</strong> is open in another tab. Two tabs driving the same
            disks would corrupt them, so this tab leaves it alone.
          </p>
          <button type="button" data-testid="open-new-cluster" onClick={() => void openNewCluster()}>
            Start a new cluster in this tab
          </button>
        </section>
      );
    case 'failed':
      return (
        <p className="error" role="alert">
          The cluster could not start: {phase.message}
        </p>
      );
    case 'ready':
      return (
        <div className="workspace">
          <div className="area-top">
            <Problems />
            <Toolbar />
          </div>
          <div className="area-ring">
            <RingPanel />
          </div>
          <div className="area-client">
            <ClientForm />
            <ResultList />
            <WorkloadControl />
          </div>
          <div className="area-nodes">
            <NodeList />
            <LaterPanel title="Inspector" className="inspector">
              <Inspector />
            </LaterPanel>
          </div>
          <div className="area-timeline">
            <LaterPanel title="Timeline" className="timeline-loading">
              <TimelinePanel />
            </LaterPanel>
          </div>
          <div className="area-more">
            <LinkControl />
            <Settings />
          </div>
        </div>
      );
    default:
      return assertNever(phase, 'phase');
  }
}
