// The cluster's nodes: state, key count, and the lifecycle buttons. Reads the store, calls commands.
// "Inspect" selects the node for the inspector (as clicking its glyph on the ring does).
import { commands } from '../store/clusterStore';
import { selectNode, useSelection } from '../store/selection';
import { useCluster } from '../store/useCluster';

export function NodeList() {
  const nodes = useCluster((s) => s.snapshot?.nodes ?? []);
  const selected = useSelection((s) => s.node);
  return (
    <section className="panel" aria-labelledby="nodes-title">
      <h2 id="nodes-title">Nodes</h2>
      <ul className="node-list">
        {nodes.map((n) => (
          <li key={n.id} className={`node node-${n.state}${selected === n.id ? ' node-selected' : ''}`} data-testid={`node-${n.id}`} data-state={n.state}>
            <span className="node-id">{n.id}</span>
            <span className="node-state">{n.state}</span>
            <span className="node-keys" data-testid={`node-keys-${n.id}`}>
              {n.state === 'down' ? '—' : `${n.keys} ${n.keys === 1 ? 'key' : 'keys'}`}
            </span>
            {n.unreachablePeers.length > 0 && (
              <span className="node-note">cannot reach {n.unreachablePeers.join(', ')}</span>
            )}
            <span className="node-actions">
              <button type="button" data-testid={`inspect-${n.id}`} aria-pressed={selected === n.id} onClick={() => selectNode(selected === n.id ? null : n.id)}>
                Inspect
              </button>
              <button type="button" onClick={() => commands.kill(n.id)} disabled={n.state === 'down'}>
                Kill
              </button>
              <button type="button" onClick={() => commands.restart(n.id)} disabled={n.state !== 'down'}>
                Restart
              </button>
              <button type="button" onClick={() => commands.wipe(n.id)} title="Kill the node and erase its disk">
                Wipe
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
