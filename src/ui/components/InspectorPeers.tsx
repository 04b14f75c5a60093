// The inspected node's view of the others: its hints by owner (with their keys), its gossip membership (status
// and heartbeat per peer), its last anti-entropy exchange, and host counters.
import type { NodeInspection, NodeStats } from '../../runtime/workerProtocol';
import { InspectorHints } from './InspectorHints';
import { selectNode } from '../store/selection';

export function InspectorPeers({ stats, hints }: { stats: NodeStats; hints: NodeInspection['hints'] }) {
  const ae = stats.antiEntropy;
  return (
    <div className="inspector-section inspector-peers">
      <h3>Hints</h3>
      <InspectorHints counts={stats.hints} held={hints} />

      <h3>Membership view</h3>
      <table className="membership" data-testid="inspector-membership">
        <thead>
          <tr>
            <th>peer</th>
            <th>status</th>
            <th>heartbeat</th>
          </tr>
        </thead>
        <tbody>
          {stats.membership.map((m) => (
            <tr key={m.id} data-testid={`member-${m.id}`} data-status={m.status}>
              <td>
                <button type="button" className="link-button" onClick={() => selectNode(m.id)}>
                  {m.id}
                </button>
              </td>
              <td className={`member-${m.status}`}>{m.status}</td>
              <td>{m.heartbeat}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Anti-entropy</h3>
      {ae === null ? (
        <p className="muted">No Merkle exchange has found a difference yet.</p>
      ) : (
        <p data-testid="inspector-anti-entropy">
          Last with <strong>{ae.peer}</strong> at {(ae.atMs / 1000).toFixed(1)} s: {ae.leaves.length} {ae.leaves.length === 1 ? 'leaf' : 'leaves'} differed
          {ae.leaves.length > 0 ? ` (${ae.leaves.slice(0, 8).join(', ')}${ae.leaves.length > 8 ? ', …' : ''})` : ''}; {ae.keysSent} keys sent,{' '}
          {ae.keysReceived} received. {stats.antiEntropyKeysReceived} received in all.
        </p>
      )}

      <h3>Host</h3>
      <p className="muted">
        {stats.openRequests} requests coordinating · {stats.agenda} messages and timers waiting
        {stats.unreachablePeers.length > 0 ? ` · cannot reach ${stats.unreachablePeers.join(', ')}` : ''}
      </p>
    </div>
  );
}
