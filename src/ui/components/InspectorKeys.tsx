// The inspected node's keys, each with its siblings (value and vector clock), filtered by a
// substring and capped: the worker reads only the page shown (see inspectorStore), so a node
// with thousands of keys stays quick to read and to render.
import { formatClock } from '../../core/versions/vectorClock';
import type { Version } from '../../core/versions/version';
import { displayClock } from '../../core/versions/version';
import { setKeyFilter, useInspector } from '../store/inspectorStore';
import { selectKey } from '../store/selection';

interface Props {
  /** The page of matching keys the worker read, in key order. */
  readonly keys: readonly { readonly key: string; readonly versions: readonly Version[] }[];
  /** All keys on the node, and how many match the filter. */
  readonly keyCount: number;
  readonly matchingKeys: number;
}

const shownValue = (v: Version) => (v.deleted ? '(deleted)' : typeof v.value === 'string' ? v.value : JSON.stringify(v.value));

export function InspectorKeys({ keys, keyCount, matchingKeys }: Props) {
  const filter = useInspector((s) => s.keyFilter);
  // The page was read for the filter at the time; a key typed since hides what no longer matches.
  const shown = keys.filter((k) => k.key.includes(filter));
  return (
    <div className="inspector-section inspector-keys">
      <h3>
        Keys <span className="muted" data-testid="inspector-key-count">{keyCount}</span>
      </h3>
      <input type="search" placeholder="filter keys" aria-label="filter keys" value={filter} onChange={(e) => setKeyFilter(e.target.value)} />
      {shown.length === 0 ? (
        <p className="muted">{keyCount === 0 ? 'No keys on this node.' : 'No key matches.'}</p>
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
      {matchingKeys > shown.length && <p className="muted">…and {matchingKeys - shown.length} more: filter to find them.</p>}
    </div>
  );
}
