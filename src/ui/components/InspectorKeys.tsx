// The inspected node's keys, each with its siblings (value and vector clock), filtered by a
// substring and capped, so a node with thousands of keys stays quick to render.
import { useState } from 'react';
import { formatClock } from '../../core/versions/vectorClock';
import type { Version } from '../../core/versions/version';
import { displayClock } from '../../core/versions/version';
import { selectKey } from '../store/selection';

/** Keys listed at once; the filter reaches the rest. */
const keysShownMax = 60;

interface Props {
  readonly keys: readonly { readonly key: string; readonly versions: readonly Version[] }[];
}

const shownValue = (v: Version) => (v.deleted ? '(deleted)' : typeof v.value === 'string' ? v.value : JSON.stringify(v.value));

export function InspectorKeys({ keys }: Props) {
  const [filter, setFilter] = useState('');
  const matching = filter === '' ? keys : keys.filter((k) => k.key.includes(filter));
  const shown = matching.slice(0, keysShownMax);
  return (
    <div className="inspector-section inspector-keys">
      <h3>
        Keys <span className="muted" data-testid="inspector-key-count">{keys.length}</span>
      </h3>
      <input type="search" placeholder="filter keys" aria-label="filter keys" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {shown.length === 0 ? (
        <p className="muted">{keys.length === 0 ? 'No keys on this node.' : 'No key matches.'}</p>
      ) : (
        <ul className="inspector-key-list" data-testid="inspector-keys">
          {shown.map(({ key, versions }) => (
            <li key={key} data-testid="inspector-key" data-key={key}>
              <button type="button" className="link-button key-name" onClick={() => selectKey(key)} title="Show its preference list on the ring">
                {key}
              </button>
              {versions.length > 1 && <span className="sibling-count">{versions.length} siblings</span>}
              <ul className="sibling-list">
                {versions.map((v) => (
                  <li key={`${v.dot.node}:${v.dot.counter}`}>
                    <span className="sibling-value">{shownValue(v)}</span> <span className="clock">{formatClock(displayClock(v))}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {matching.length > shown.length && <p className="muted">…and {matching.length - shown.length} more: filter to find them.</p>}
    </div>
  );
}
