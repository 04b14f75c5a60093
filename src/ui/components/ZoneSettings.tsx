// Zones in the network and nodes panel: which zone (data centre) each node sits in, and the
// delay added to every message between zones. A key's replicas spread across zones, so moving
// a node is a ring change whose ranges stream to their new owners; one runs at a time.
import { useState } from 'react';
import type { NodeId } from '../../core/ids';
import type { SimpleLatency } from '../../core/network/latency';
import { ringChangeDoing } from '../../runtime/clusterConfig';
import { moveToZone } from '../store/membershipCommands';
import { changeNetwork } from '../store/settingsCommands';
import { useCluster } from '../store/useCluster';

/** Zones offered for every node, besides any a node already has (a shared run may name its own). */
const offeredZones = ['A', 'B', 'C'];

/** The most a user may add between zones: a slow intercontinental link, well past any story's need. */
const maxInterZoneMs = 1000;

export function ZoneSettings() {
  const nodes = useCluster((s) => s.snapshot?.nodes);
  const network = useCluster((s) => s.snapshot?.network);
  const ringChange = useCluster((s) => s.snapshot?.ringChange ?? null);
  const [refusal, setRefusal] = useState<string | null>(null);
  if (nodes === undefined || network === undefined) return null;
  const zones = [...new Set([...offeredZones, ...nodes.flatMap((n) => (n.zone !== undefined ? [n.zone] : []))])].sort();
  const move = (id: NodeId, zone: string) => {
    void moveToZone(id, zone === '' ? undefined : zone).then(setRefusal);
  };
  return (
    <fieldset className="settings-zones" data-testid="settings-zones">
      <legend>Zones: a key&apos;s replicas spread across them</legend>
      <div className="settings-zone-nodes">
        {nodes.map((n) => (
          <label key={n.id}>
            {n.id}{' '}
            <select data-testid={`settings-zone-${n.id}`} value={n.zone ?? ''} disabled={ringChange !== null} onChange={(e) => move(n.id, e.target.value)}>
              <option value="">none</option>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <InterZoneDelay latency={network.interZoneLatency} onChange={(interZoneLatency) => changeNetwork({ latency: network.latency, lossProbability: network.lossProbability, ...(interZoneLatency !== undefined ? { interZoneLatency } : {}) })} />
      {ringChange !== null && (
        <p className="muted" data-testid="settings-zones-busy">
          {ringChange.node} is {ringChangeDoing[ringChange.kind]}: its ranges are moving; zones can change once they have.
        </p>
      )}
      {refusal !== null && (
        <p className="settings-warning" role="alert" data-testid="settings-zones-refusal">
          {refusal}
        </p>
      )}
    </fieldset>
  );
}

/** The delay between zones as a number of ms (0: none); a scenario's other models show as custom until changed. */
function InterZoneDelay({ latency, onChange }: { latency: SimpleLatency | undefined; onChange: (next: SimpleLatency | undefined) => void }) {
  const custom = latency !== undefined && latency.kind !== 'fixed';
  return (
    <label>
      Between zones, ms added{' '}
      <input
        type="number"
        data-testid="settings-interzone"
        min={0}
        max={maxInterZoneMs}
        step={5}
        value={latency === undefined ? 0 : latency.kind === 'fixed' ? latency.ms : ''}
        placeholder={custom ? 'custom' : undefined}
        onChange={(e) => {
          const ms = Math.min(maxInterZoneMs, Math.max(0, Number(e.target.value)));
          if (Number.isFinite(ms)) onChange(ms > 0 ? { kind: 'fixed', ms } : undefined);
        }}
      />
      {custom && <span className="muted"> custom, from a shared run</span>}
    </label>
  );
}
