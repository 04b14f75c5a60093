// Cut or heal the link between two nodes (both ways or one way), heal everything, and see the
// drops on each cut link as the trace reports them.
import { useState } from 'react';
import { nodeId } from '../../core/ids';
import { commands, linkKey } from '../store/clusterStore';
import { useCluster } from '../store/useCluster';

export function LinkControl() {
  const nodes = useCluster((s) => s.snapshot?.nodes ?? []);
  const cutLinks = useCluster((s) => s.snapshot?.cutLinks ?? []);
  const dropsByLink = useCluster((s) => s.dropsByLink);
  const [from, setFrom] = useState('S1');
  const [to, setTo] = useState('S2');
  const [oneWay, setOneWay] = useState(false);
  const same = from === to;

  return (
    <section className="panel" aria-labelledby="links-title">
      <h2 id="links-title">Links</h2>
      <div className="link-form">
        <select data-testid="link-from" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="from">
          {nodes.map((n) => (
            <option key={n.id}>{n.id}</option>
          ))}
        </select>
        <span>{oneWay ? '→' : '↔'}</span>
        <select data-testid="link-to" value={to} onChange={(e) => setTo(e.target.value)} aria-label="to">
          {nodes.map((n) => (
            <option key={n.id}>{n.id}</option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={oneWay} onChange={(e) => setOneWay(e.target.checked)} /> one way
        </label>
        <button type="button" data-testid="link-cut" disabled={same} onClick={() => commands.cut(nodeId(from), nodeId(to), oneWay)}>
          Cut
        </button>
        <button type="button" data-testid="link-heal" disabled={same} onClick={() => commands.heal(nodeId(from), nodeId(to), oneWay)}>
          Heal
        </button>
        <button type="button" data-testid="link-heal-all" disabled={cutLinks.length === 0} onClick={commands.healAll}>
          Heal all
        </button>
      </div>
      <ul className="cut-links" data-testid="cut-links">
        {cutLinks.length === 0 && <li className="muted">Every link is up.</li>}
        {cutLinks.map((l) => (
          <li key={linkKey(l.from, l.to)} data-testid={`cut-${l.from}-${l.to}`}>
            {l.from} → {l.to} cut · <span data-testid={`drops-${l.from}-${l.to}`}>{dropsByLink[linkKey(l.from, l.to)] ?? 0}</span> dropped
          </li>
        ))}
      </ul>
    </section>
  );
}
