// Run controls: play / pause, speed (from watching every message to full speed), "step to next
// message" while paused, and reset (start fresh, after a confirmation).
import { speedMax, speedMin } from '../../runtime/simClock';
import { commands } from '../store/clusterStore';
import { useCluster } from '../store/useCluster';
import { stepToNextMessage } from '../timeline/stepToNextMessage';

/** Speeds offered, in simulated ms per real ms, slowest first. */
const speeds: readonly { readonly value: number; readonly label: string }[] = [
  { value: speedMin, label: 'watch every message (1 ms per 100 ms)' },
  { value: 0.05, label: '1 ms per 20 ms' },
  { value: 0.2, label: '1 ms per 5 ms' },
  { value: speedMax, label: 'full speed' },
];

/** Asks first: a reset erases every node's data. */
export function confirmReset(): void {
  if (window.confirm('Start fresh? Every node’s data and this cluster’s settings are erased.')) commands.startFresh();
}

export function togglePlay(paused: boolean): void {
  if (paused) commands.resume();
  else commands.pause();
}

export function TimeControls() {
  const clock = useCluster((s) => s.snapshot?.clock);
  if (clock === undefined) return null;
  return (
    <div className="time-controls" role="group" aria-label="run controls">
      <button type="button" data-testid="pause-toggle" aria-keyshortcuts="Space" onClick={() => togglePlay(clock.paused)}>
        {clock.paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" data-testid="step" aria-keyshortcuts="." disabled={!clock.paused} onClick={() => void stepToNextMessage()}>
        Step to next message
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
