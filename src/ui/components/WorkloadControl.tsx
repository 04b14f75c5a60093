// The workload control: rate, key count, read fraction and key distribution, a start/stop
// button, and the counters of the running workload. The driver is src/runtime/liveWorkload.ts;
// this view only reads the store and calls its two commands.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { KeyDistribution } from '../../core/workloadKeys';
import { maxOutstandingDefault } from '../../runtime/liveWorkload';
import { startWorkload, stopWorkload, useWorkload, workloadClient } from '../store/workloadStore';

export function WorkloadControl() {
  const stats = useWorkload((s) => s.stats);
  const problem = useWorkload((s) => s.problem);
  const [rate, setRate] = useState('20');
  const [keys, setKeys] = useState('50');
  const [readFraction, setReadFraction] = useState('0.5');
  const [distribution, setDistribution] = useState<KeyDistribution>('uniform');
  const running = stats?.running === true;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (running) stopWorkload();
    // Number('') is 0: an emptied field is refused with the same words as a zero.
    else startWorkload({ ratePerSec: Number(rate), keys: Number(keys), readFraction: Number(readFraction), distribution });
  };

  return (
    <section className="panel" aria-labelledby="workload-title" data-testid="workload">
      <h2 id="workload-title">Workload</h2>
      <form className="client-form" onSubmit={onSubmit}>
        <label>
          Rate (ops per simulated s)
          <input data-testid="workload-rate" type="number" step="any" value={rate} disabled={running} onChange={(e) => setRate(e.target.value)} />
        </label>
        <label>
          Keys
          <input data-testid="workload-keys" type="number" step="1" value={keys} disabled={running} onChange={(e) => setKeys(e.target.value)} />
        </label>
        <label>
          Read fraction
          <input data-testid="workload-reads" type="number" step="0.05" value={readFraction} disabled={running} onChange={(e) => setReadFraction(e.target.value)} />
        </label>
        <label>
          Distribution
          <select data-testid="workload-distribution" value={distribution} disabled={running} onChange={(e) => setDistribution(e.target.value === 'zipf' ? 'zipf' : 'uniform')}>
            <option value="uniform">uniform</option>
            <option value="zipf">zipf (a few hot keys)</option>
          </select>
        </label>
        <div className="buttons">
          <button type="submit" data-testid="workload-toggle">
            {running ? 'Stop workload' : 'Start workload'}
          </button>
        </div>
      </form>
      {problem !== null ? (
        <p className="error" role="alert" data-testid="workload-problem">
          {problem}
        </p>
      ) : null}
      {stats !== null ? (
        <p data-testid="workload-status" data-running={running} data-done={stats.done} data-failed={stats.failed} aria-live="polite">
          {running ? `Running as client “${workloadClient}”` : 'Stopped'}: <strong>{stats.done}</strong> done, <strong>{stats.failed}</strong> failed,{' '}
          {stats.outstanding} in flight, {stats.skipped} skipped (beyond {maxOutstandingDefault} in flight, or a put to a key already being put)
          {stats.lastError !== null ? <> · last failure: {stats.lastError}</> : null}
        </p>
      ) : null}
    </section>
  );
}
