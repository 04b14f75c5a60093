// The cluster's name, time controls, quorum settings, live trace counters and "start fresh".
import { commands } from '../store/clusterStore';
import { useCluster } from '../store/useCluster';
import { QuorumControl } from './QuorumControl';
import { TimeControls } from './TimeControls';
import { TraceCounters } from './TraceCounters';

export function Toolbar() {
  const name = useCluster((s) => s.snapshot?.name ?? '');
  const onFresh = () => {
    if (window.confirm('Start fresh? Every node’s data and this cluster’s settings are erased.')) commands.startFresh();
  };
  return (
    <section className="panel toolbar" aria-label="cluster controls">
      <div className="toolbar-row">
        <span className="cluster-name">
          Cluster <strong data-testid="cluster-name">{name}</strong>
        </span>
        <TimeControls />
        <button type="button" data-testid="start-fresh" onClick={onFresh}>
          Start fresh
        </button>
      </div>
      <div className="toolbar-row">
        <QuorumControl />
        <TraceCounters />
      </div>
    </section>
  );
}
