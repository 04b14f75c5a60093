// Autoscaling: a toggle and its thresholds (ops/s and keys per node, up and down; min and max
// nodes; how long load must be sustained), and the last decisions with their reasons. The rule
// and its hysteresis are the core's (autoscaler.ts); the live cluster samples and acts.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AutoscaleConfig } from '../../core/autoscaler';
import { autoscaleDecisions, autoscaleSettings, configureAutoscale } from '../store/membershipCommands';
import { useCluster } from '../store/useCluster';

type Field = 'upOpsPerSecPerNode' | 'downOpsPerSecPerNode' | 'upKeysPerNode' | 'downKeysPerNode' | 'minNodes' | 'maxNodes' | 'sustainMs';

const fields: readonly { readonly field: Field; readonly label: string; readonly scale?: number }[] = [
  { field: 'upOpsPerSecPerNode', label: 'Add above ops/s per node' },
  { field: 'downOpsPerSecPerNode', label: 'Remove below ops/s per node' },
  { field: 'upKeysPerNode', label: 'Add above keys per node' },
  { field: 'downKeysPerNode', label: 'Remove below keys per node' },
  { field: 'minNodes', label: 'Min nodes' },
  { field: 'maxNodes', label: 'Max nodes' },
  { field: 'sustainMs', label: 'Sustained for (s)', scale: 1000 },
];

function draftOf(s: AutoscaleConfig): Record<Field, string> {
  const out = {} as Record<Field, string>;
  for (const { field, scale } of fields) out[field] = String(s[field] / (scale ?? 1));
  return out;
}

export function AutoscaleControl() {
  // Re-read on every snapshot: decisions and settings change with the cluster.
  useCluster((s) => s.snapshot);
  const settings = autoscaleSettings();
  const decisions = autoscaleDecisions();
  const [draft, setDraft] = useState<Record<Field, string> | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // The toggle answers the click at once; the settings change once their check (a lazily loaded
  // schema) has passed, and a refusal puts it back.
  const [pendingEnabled, setPendingEnabled] = useState<boolean | null>(null);
  if (settings === null) return null;
  const shown = draft ?? draftOf(settings);

  const apply = (change: Partial<AutoscaleConfig>) => {
    void configureAutoscale(change).then((why) => {
      setMessage(why);
      setPendingEnabled(null);
      if (why === null) setDraft(null);
    });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const change: Partial<Record<Field, number>> = {};
    for (const { field, scale } of fields) change[field] = Number(shown[field]) * (scale ?? 1);
    apply(change);
  };

  return (
    <div className="autoscale" data-testid="autoscale">
      <label>
        <input
          type="checkbox"
          data-testid="autoscale-toggle"
          checked={pendingEnabled ?? settings.enabled}
          onChange={(e) => {
            setPendingEnabled(e.target.checked);
            apply({ enabled: e.target.checked });
          }}
        />{' '}
        Autoscale on load
      </label>
      <details className="autoscale-thresholds">
        <summary>Thresholds</summary>
        <form className="autoscale-form" onSubmit={onSubmit} aria-label="autoscaling thresholds">
        {fields.map(({ field, label }) => (
          <label key={field}>
            {label}
            <input type="number" data-testid={`autoscale-${field}`} value={shown[field]} onChange={(e) => setDraft({ ...shown, [field]: e.target.value })} />
          </label>
        ))}
        <button type="submit" data-testid="autoscale-apply">
          Apply
        </button>
        </form>
      </details>
      {message !== null && (
        <p className="error" role="alert" data-testid="autoscale-message">
          {message}
        </p>
      )}
      <ol className="autoscale-decision" data-testid="autoscale-decisions" aria-label="autoscaling decisions">
        {decisions.map((d) => (
          <li key={`${d.atMs}-${d.target}`}>
            {(d.atMs / 1000).toFixed(1)} s: {d.action === 'add' ? 'added' : 'removed'} {d.target} — {d.reason}
          </li>
        ))}
      </ol>
    </div>
  );
}
