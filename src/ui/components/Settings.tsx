// The network and nodes panel: the latency model (plain or per WARS class), message loss, each
// node's clock skew (what last-write-wins orders by) and zone, and the delay between zones.
// Reads the snapshot, calls commands.
import { nodeId } from '../../core/ids';
import { latencyPresets, presetOf } from '../store/latencyPresets';
import { changeClockSkew, changeNetwork } from '../store/settingsCommands';
import { useCluster } from '../store/useCluster';
import { StorageSettings } from './StorageSettings';
import { ZoneSettings } from './ZoneSettings';
import './Settings.css';

export function Settings() {
  const network = useCluster((s) => s.snapshot?.network);
  const skews = useCluster((s) => s.snapshot?.clockSkewMs);
  if (network === undefined || skews === undefined) return null;
  const preset = presetOf(network.latency);
  return (
    <details className="panel settings" data-testid="settings">
      <summary>
        <h2>Network and nodes</h2>
      </summary>
      <div className="settings-grid">
        <label>
          Latency
          <select
            data-testid="settings-latency"
            value={preset?.id ?? 'custom'}
            onChange={(e) => {
              const next = latencyPresets.find((p) => p.id === e.target.value);
              if (next !== undefined) changeNetwork({ ...network, latency: next.model });
            }}
          >
            {preset === null && <option value="custom">custom (from a scenario)</option>}
            {latencyPresets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Loss <output data-testid="settings-loss-value">{Math.round(network.lossProbability * 100)}%</output>
          <input
            type="range"
            data-testid="settings-loss"
            min={0}
            max={50}
            step={1}
            value={Math.round(network.lossProbability * 100)}
            onChange={(e) => changeNetwork({ ...network, lossProbability: Number(e.target.value) / 100 })}
          />
        </label>
        <fieldset className="settings-skews">
          <legend>Clock skew per node (ms; last-write-wins trusts these clocks)</legend>
          {Object.entries(skews).map(([id, ms]) => (
            <label key={id}>
              {id}{' '}
              <input
                type="number"
                step={100}
                data-testid={`settings-skew-${id}`}
                value={ms}
                onChange={(e) => changeClockSkew(nodeId(id), Number(e.target.value))}
              />
            </label>
          ))}
        </fieldset>
        <ZoneSettings />
        <StorageSettings />
      </div>
      <p className="muted">Latency, loss and the delay between zones apply to messages sent from now on; loss drops a message on the wire, as the timeline and the ring show.</p>
    </details>
  );
}
