// The cluster's name, time controls, quorum settings, live trace counters and "start fresh".
import { useCluster } from '../store/useCluster';
import { QuorumControl } from './QuorumControl';
import { confirmReset, TimeControls } from './TimeControls';
import { ShareButton } from '../share/ShareButton';
import { ShortcutsButton } from '../keyboard/ShortcutsDialog';
import { TraceCounters } from './TraceCounters';

export function Toolbar() {
  const name = useCluster((s) => s.snapshot?.name ?? '');
  return (
    <section className="panel toolbar" aria-label="cluster controls">
      <div className="toolbar-row">
        <span className="cluster-name">
          Cluster <strong data-testid="cluster-name">{name}</strong>
        </span>
        <TimeControls />
        <button type="button" data-testid="start-fresh" aria-keyshortcuts="Shift+R" onClick={confirmReset}>
          Start fresh
        </button>
        <ShareButton />
        <ShortcutsButton />
      </div>
      <div className="toolbar-row">
        <QuorumControl />
        <TraceCounters />
      </div>
    </section>
  );
}
