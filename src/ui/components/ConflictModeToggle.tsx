// Conflict mode, beside the quorum toggles: vector clocks keep concurrent writes as siblings,
// last-write-wins keeps the one with the latest timestamp and drops the others.
import type { ConflictMode } from '../../core/versions/siblings';
import { changeConflictMode } from '../store/settingsCommands';
import { useCluster } from '../store/useCluster';

const modes: readonly { readonly mode: ConflictMode; readonly label: string; readonly hint: string }[] = [
  { mode: 'vclock', label: 'vector clocks', hint: 'Concurrent writes are kept as siblings; a get returns them all to reconcile' },
  { mode: 'lww', label: 'last write wins', hint: 'Only the write with the latest timestamp is kept; concurrent ones are silently lost' },
];

export function ConflictModeToggle() {
  const current = useCluster((s) => s.snapshot?.settings.conflicts);
  if (current === undefined) return null;
  return (
    <fieldset className="conflict-mode" data-testid="conflict-mode">
      <legend>Conflicts</legend>
      {modes.map((m) => (
        <label key={m.mode} title={`${m.hint}. Changing it restarts every node.`}>
          <input type="radio" name="conflict-mode" data-testid={`conflicts-${m.mode}`} checked={current === m.mode} onChange={() => changeConflictMode(m.mode)} /> {m.label}
        </label>
      ))}
    </fieldset>
  );
}
