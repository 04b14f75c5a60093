// The node inspector: the selected node's keys with their siblings and vector clocks, its hints,
// its membership view, its last anti-entropy exchange, its Merkle trees, its storage engine, and kill / restart / wipe. It reads the
// inspector store and calls commands; everything from user input is rendered as text.
import { useEffect } from 'react';
import { commands } from '../store/clusterStore';
import { startInspector, useInspector } from '../store/inspectorStore';
import { selectNode } from '../store/selection';
import { useCluster } from '../store/useCluster';
import { InspectorKeys } from './InspectorKeys';
import { InspectorMerkle } from './InspectorMerkle';
import { InspectorPeers } from './InspectorPeers';
import { InspectorStorage } from './InspectorStorage';
import './Inspector.css';

export function Inspector() {
  useEffect(() => startInspector(), []);
  const node = useInspector((s) => s.node);
  const inspection = useInspector((s) => s.inspection);
  const status = useCluster((s) => s.snapshot?.nodes.find((n) => n.id === node));

  if (node === null || status === undefined) {
    return (
      <section className="panel inspector" aria-labelledby="inspector-title" data-testid="inspector">
        <h2 id="inspector-title">Inspector</h2>
        <p className="muted">Click a node on the ring or in the node list to see its keys, hints and view of the cluster.</p>
      </section>
    );
  }
  const down = status.state === 'down';
  return (
    <section className="panel inspector" aria-labelledby="inspector-title" data-testid="inspector" data-node={node}>
      <div className="inspector-head">
        <h2 id="inspector-title">
          Node {node} <span className={`inspector-state state-${status.state}`}>{status.state}</span>
        </h2>
        <span className="node-actions">
          <button type="button" data-testid="inspector-kill" onClick={() => commands.kill(node)} disabled={down}>
            Kill
          </button>
          <button type="button" data-testid="inspector-restart" onClick={() => commands.restart(node)} disabled={!down}>
            Restart
          </button>
          <button type="button" data-testid="inspector-wipe" onClick={() => commands.wipe(node)} title="Kill the node and erase its disk">
            Wipe
          </button>
          <button type="button" className="link-button" onClick={() => selectNode(null)} aria-label="Close the inspector">
            ✕
          </button>
        </span>
      </div>
      {down ? (
        <p className="muted" data-testid="inspector-down">
          {node} is down: its memory is gone and its disk{status.incarnation > 0 ? ' (wiped ' + String(status.incarnation) + '×)' : ''} waits for a restart.
        </p>
      ) : inspection === null ? (
        <p className="muted">Reading {node}…</p>
      ) : (
        <div className="inspector-body">
          <InspectorKeys keys={inspection.keys} keyCount={inspection.keyCount} matchingKeys={inspection.matchingKeys} />
          <InspectorPeers stats={inspection.stats} hints={inspection.hints} />
          <InspectorStorage storage={inspection.stats.storage} hints={inspection.disk} readError={inspection.readError} />
          <InspectorMerkle trees={inspection.merkle} />
        </div>
      )}
    </section>
  );
}
