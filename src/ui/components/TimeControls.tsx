// Pause / resume and the cluster's one speed, from 1 simulated ms per 100 real ms to full speed.
import { speedMax, speedMin } from '../../runtime/simClock';
import { commands } from '../store/clusterStore';
import { useCluster } from '../store/useCluster';

/** Speeds offered, in simulated ms per real ms, slowest first. */
const speeds: readonly { readonly value: number; readonly label: string }[] = [
  { value: speedMin, label: '1 ms per 100 ms' },
  { value: 0.05, label: '1 ms per 20 ms' },
  { value: 0.2, label: '1 ms per 5 ms' },
  { value: speedMax, label: 'full speed' },
];

export function TimeControls() {
  const clock = useCluster((s) => s.snapshot?.clock);
  if (clock === undefined) return null;
  return (
    <div className="time-controls">
      <button type="button" data-testid="pause-toggle" onClick={clock.paused ? commands.resume : commands.pause}>
        {clock.paused ? 'Resume' : 'Pause'}
      </button>
      <label>
        Speed
        <select data-testid="speed" value={clock.speed} onChange={(e) => commands.setSpeed(Number(e.target.value))}>
          {speeds.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <span className="clock-state" data-testid="clock-state">
        {clock.paused ? 'paused' : 'running'}
      </span>
    </div>
  );
}
