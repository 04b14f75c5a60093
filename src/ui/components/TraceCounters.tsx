// Live counts from the trace: every event, and the messages dropped.
import { useCluster } from '../store/useCluster';

export function TraceCounters() {
  const total = useCluster((s) => s.traceTotal);
  const drops = useCluster((s) => s.drops);
  return (
    <p className="trace-counters">
      <span>
        <strong data-testid="trace-count">{total}</strong> trace events
      </span>
      <span>
        <strong data-testid="drop-count">{drops}</strong> dropped messages
      </span>
    </p>
  );
}
