// The client's recent results: values and vector clocks, latency, which replicas answered, and
// errors shown as errors. User keys and values are rendered as text nodes only.
import { definiteErrors } from '../../core/clientApi';
import type { ClientResult } from '../../runtime/liveClient';
import { formatClock } from '../../core/versions/vectorClock';
import { displayClock } from '../../core/versions/version';
import type { Version } from '../../core/versions/version';
import { useCluster } from '../store/useCluster';

export function ResultList() {
  const results = useCluster((s) => s.results);
  if (results.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      <ol className="results">
        {results.map((r) => (
          <ResultItem key={r.reply.reqId} result={r} />
        ))}
      </ol>
    </section>
  );
}

function ResultItem({ result }: { result: ClientResult }) {
  const { reply } = result;
  const head = `${result.op} ${JSON.stringify(result.key)} via ${result.via ?? 'nobody'} · ${result.latencyMs.toFixed(1)} ms`;
  if (!reply.ok) {
    const definite = definiteErrors.has(reply.error) ? 'definite: it did not happen' : 'indefinite: it may have happened';
    return (
      <li className="result result-error" data-testid="result" data-ok="false">
        <div className="result-head">{head}</div>
        <div>
          <strong>{reply.error}</strong> ({definite}): {reply.message}
        </div>
      </li>
    );
  }
  return (
    <li className="result" data-testid="result" data-ok="true">
      <div className="result-head">{head}</div>
      {reply.kind === 'get' ? (
        reply.versions.length === 0 ? (
          <div data-testid="result-value">not found</div>
        ) : (
          reply.versions.map((v) => <VersionLine key={`${v.dot.node}:${v.dot.counter}`} v={v} />)
        )
      ) : (
        <VersionLine v={reply.version} />
      )}
      <div className="result-meta">
        coordinator {reply.coordinator} · answered: {reply.replicas.join(', ') || 'none'}
      </div>
    </li>
  );
}

function VersionLine({ v }: { v: Version }) {
  return (
    <div className="version">
      <span data-testid="result-value">{v.deleted ? '(deleted)' : typeof v.value === 'string' ? v.value : JSON.stringify(v.value)}</span>
      <code className="clock" data-testid="result-clock">
        {formatClock(displayClock(v))}
      </code>
    </div>
  );
}
