// The ring panel: React mounts the container d3 draws into and the controls around it (key
// to highlight, partition, legend); the drawing itself is bound to the stores outside React.
import { useEffect, useMemo, useRef } from 'react';
import { currentCluster } from '../store/clusterStore';
import { selectKey, useSelection } from '../store/selection';
import { useCluster } from '../store/useCluster';
import { kindColours, kindLabels, messageKinds } from '../messageKinds';
import { PartitionControl } from './PartitionControl';
import { bindRingView } from './ringBinding';
import { placeKey } from './ringGeometry';
import './ring.css';

export function RingPanel() {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => (container.current === null ? undefined : bindRingView(container.current)), []);
  const key = useSelection((s) => s.key);
  const n = useCluster((s) => s.snapshot?.settings.n ?? 3);
  const ring = currentCluster()?.currentRing();
  const placement = useMemo(() => (key === null || ring === undefined ? null : placeKey(ring, key, n)), [key, ring, n]);

  return (
    <section className="panel ring-panel" aria-labelledby="ring-title">
      <div className="ring-head">
        <h2 id="ring-title">Ring</h2>
        <label className="ring-key">
          Key{' '}
          <input
            data-testid="ring-key"
            placeholder="type a key to see its preference list"
            value={key ?? ''}
            onChange={(e) => selectKey(e.target.value === '' ? null : e.target.value)}
          />
        </label>
        <p className="ring-preference" data-testid="ring-preference" aria-live="polite">
          {placement === null ? (
            <span className="muted">Click a key mark or type a key.</span>
          ) : (
            <>
              Replicas of <strong>{placement.key}</strong>:{' '}
              <span data-testid="ring-replicas">{placement.replicas.map((id, i) => `${i + 1} ${id}`).join(' · ')}</span>
              {placement.fallbacks.length > 0 && (
                <>
                  {' '}
                  then fallbacks <span data-testid="ring-fallbacks">{placement.fallbacks.map((id, i) => `f${i + 1} ${id}`).join(' · ')}</span>
                </>
              )}
            </>
          )}
        </p>
      </div>
      <div className="ring-canvas" ref={container} data-testid="ring" />
      <div className="ring-foot">
        <ul className="ring-legend" aria-label="message kinds">
          {messageKinds.map((k) => (
            <li key={k}>
              <span className="swatch" style={{ background: kindColours[k] }} /> {kindLabels[k]}
            </li>
          ))}
          <li>
            <span className="swatch swatch-client" /> client (a put flies out as a write, back as an ack)
          </li>
          <li>
            <span className="swatch swatch-cut" /> cut link (✕ by the sender)
          </li>
          <li>
            <span className="swatch swatch-moving" /> range moving (join, leave or zone move)
          </li>
        </ul>
        <PartitionControl />
      </div>
      <p className="muted ring-help">Click a node to inspect it and see the cluster as it does; click a link to cut or heal it (shift-click: only the direction leaving the nearer node).</p>
    </section>
  );
}
