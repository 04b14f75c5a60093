// Disk errors and worker failures, shown as they happen: a failing disk is never silent.
import { useCluster } from '../store/useCluster';

export function Problems() {
  const problems = useCluster((s) => s.snapshot?.problems ?? []);
  if (problems.length === 0) return null;
  return (
    <section className="panel problems" role="alert" data-testid="problems">
      <h2>Problems</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ul>
    </section>
  );
}
