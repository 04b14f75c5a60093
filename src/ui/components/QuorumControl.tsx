// N, W and R as sliders bounded by each other and by the node count, the plain words for them,
// and the sloppy-quorum, read-repair and conflict-mode toggles. Every change goes to every node at once.
import type { Quorum } from '../store/quorumWords';
import { moveQuorum, quorumWords } from '../store/quorumWords';
import { changeSettings } from '../store/settingsCommands';
import { useCluster } from '../store/useCluster';
import { ConflictModeToggle } from './ConflictModeToggle';
import './QuorumControl.css';

const fields: readonly { readonly key: keyof Quorum; readonly label: string; readonly hint: string }[] = [
  { key: 'n', label: 'N', hint: 'replicas per key' },
  { key: 'w', label: 'W', hint: 'acks a put waits for' },
  { key: 'r', label: 'R', hint: 'replies a get waits for' },
];

export function QuorumControl() {
  const settings = useCluster((s) => s.snapshot?.settings);
  const nodeCount = useCluster((s) => s.snapshot?.nodes.length ?? 0);
  const notice = useCluster((s) => s.notice);
  if (settings === undefined) return null;
  const quorum: Quorum = { n: settings.n, w: settings.w, r: settings.r };
  const max: Quorum = { n: nodeCount, w: settings.n, r: settings.n };

  return (
    <div className="quorum" data-testid="quorum">
      <div className="quorum-sliders">
        {fields.map((f) => (
          <label key={f.key} className="quorum-slider" title={f.hint}>
            <span className="quorum-name">{f.label}</span>
            <input
              type="range"
              aria-label={f.label}
              data-testid={`quorum-${f.key}`}
              min={1}
              max={max[f.key]}
              step={1}
              value={quorum[f.key]}
              onChange={(e) => changeSettings(moveQuorum(quorum, f.key, Number(e.target.value), nodeCount))}
            />
            <output className="quorum-value" data-testid={`quorum-${f.key}-value`}>
              {quorum[f.key]}
            </output>
          </label>
        ))}
      </div>
      <div className="quorum-toggles">
        <label title="AP: when a replica is down or cut off, the next healthy node stands in and keeps a hint">
          <input
            type="checkbox"
            data-testid="toggle-sloppy"
            checked={settings.sloppyQuorum}
            onChange={(e) => changeSettings({ sloppyQuorum: e.target.checked })}
          />{' '}
          Sloppy quorum <span className="muted">{settings.sloppyQuorum ? '(AP: fallbacks stand in)' : '(CP: strict, first N only)'}</span>
        </label>
        <label title="After a get, the coordinator sends the merged result to replicas that were out of date">
          <input
            type="checkbox"
            data-testid="toggle-read-repair"
            checked={settings.readRepair}
            onChange={(e) => changeSettings({ readRepair: e.target.checked })}
          />{' '}
          Read repair
        </label>
        <ConflictModeToggle />
      </div>
      <ul className="quorum-words" data-testid="quorum-words" aria-live="polite">
        {quorumWords(quorum, settings.sloppyQuorum).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {notice !== null && <p className="error">{notice}</p>}
    </div>
  );
}
