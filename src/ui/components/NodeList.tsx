// The cluster's nodes: state, key count, zone and weight, a join or leave under way, and the
// lifecycle buttons (inspect, kill, restart, wipe, remove); "Add node" and autoscaling below.
// Reads the store, calls commands. "Inspect" selects the node for the inspector.
import { useState } from 'react';
import { commands } from '../store/clusterStore';
import { removeNode } from '../store/membershipCommands';
import { selectNode, useSelection } from '../store/selection';
import { useCluster } from '../store/useCluster';
import { AddNodeForm } from './AddNodeForm';
import { AutoscaleControl } from './AutoscaleControl';
import './Membership.css';

export function NodeList() {
  const nodes = useCluster((s) => s.snapshot?.nodes ?? []);
  const selected = useSelection((s) => s.node);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="nodes-title">
      <h2 id="nodes-title">Nodes</h2>
      <ul className="node-list">
        {nodes.map((n) => (
          <li key={n.id} className={`node node-${n.state}${selected === n.id ? ' node-selected' : ''}`} data-testid={`node-${n.id}`} data-state={n.state} data-moving={n.moving}>
            <span className="node-id">{n.id}</span>
            <span className="node-state">{n.state}</span>
            <span className="node-keys" data-testid={`node-keys-${n.id}`}>
              {n.state === 'down' ? '—' : `${n.keys} ${n.keys === 1 ? 'key' : 'keys'}`}
            </span>
            {(n.zone !== undefined || (n.weight ?? 1) !== 1 || n.moving !== undefined) && (
              // Only for nodes that differ from the default (or are moving): the list stays short.
              <span className="node-place" data-testid={`node-place-${n.id}`}>
                {n.zone !== undefined && `zone ${n.zone} · `}weight {n.weight ?? 1}
                {n.moving !== undefined && <span className="node-moving"> {n.moving}…</span>}
              </span>
            )}
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
              <button
                type="button"
                data-testid={`remove-${n.id}`}
                onClick={() => setMessage(removeNode(n.id) ?? `${n.id} is leaving: it streams its ranges to their new owners, then stops`)}
                title="Take the node off the ring for good: its ranges move to their new owners first"
              >
                Remove
              </button>
            </span>
          </li>
        ))}
      </ul>
      <AddNodeForm onMessage={setMessage} />
      <p className="membership-message" data-testid="membership-message" role="status" aria-live="polite">
        {message}
      </p>
      <AutoscaleControl />
    </section>
  );
}
