// The hints the inspected node holds as a fallback (sloppy quorum), grouped by the owner they
// wait for, each with its keys and their versions. Keys and values are user input: text only.
import { formatClock } from '../../core/versions/vectorClock';
import type { Version } from '../../core/versions/version';
import { displayClock } from '../../core/versions/version';
import type { NodeInspection } from '../../runtime/workerProtocol';

const shownValue = (v: Version) => (v.deleted ? '(deleted)' : typeof v.value === 'string' ? v.value : JSON.stringify(v.value));

interface Props {
  /** How many keys wait for each owner (all of them). */
  readonly counts: readonly { readonly owner: string; readonly keys: number }[];
  /** The first keys for each owner, with their versions. */
  readonly held: NodeInspection['hints'];
}

export function InspectorHints({ counts, held }: Props) {
  if (counts.length === 0) {
    return (
      <p className="muted" data-testid="inspector-no-hints">
        No hints held.
      </p>
    );
  }
  return (
    <ul className="plain-list" data-testid="inspector-hints">
      {counts.map((h) => {
        const keys = held.find((x) => x.owner === h.owner)?.keys ?? [];
        return (
          <li key={h.owner}>
            <span data-testid={`hint-${h.owner}`}>
              for <strong>{h.owner}</strong>: {h.keys} {h.keys === 1 ? 'key' : 'keys'} waiting for handoff
            </span>
            <ul className="hint-keys" data-testid={`hint-keys-${h.owner}`}>
              {keys.map(({ key, versions }) => (
                <li key={key} data-key={key}>
                  <span className="key-name">{key}</span>
                  {versions.map((v) => (
                    <span key={`${v.dot.node}:${v.dot.counter}`} className="hint-version">
                      {' '}
                      {shownValue(v)} <span className="clock">{formatClock(displayClock(v))}</span>
                    </span>
                  ))}
                </li>
              ))}
              {h.keys > keys.length && <li className="muted">…and {h.keys - keys.length} more</li>}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}
