// The clients' recent results: values and vector clocks, latency, which replicas answered, and
// errors shown as errors. A get with siblings offers "reconcile": the user edits the merged value
// and the same client writes it with the get's merged context. Keys and values are text only.
import { useState } from 'react';
import { definiteErrors } from '../../core/clientApi';
import type { ClientResult } from '../../runtime/liveClient';
import { formatClock } from '../../core/versions/vectorClock';
import type { Clock } from '../../core/versions/vectorClock';
import { displayClock } from '../../core/versions/version';
import type { Version } from '../../core/versions/version';
import { clients, useClients } from '../store/clients';
import type { NamedResult } from '../store/clients';
import { selectRequest, useSelection } from '../store/selection';

export function ResultList() {
  const results = useClients((s) => s.results);
  if (results.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      <ol className="results">
        {results.map((r) => (
          <ResultItem key={r.seq} named={r} />
        ))}
      </ol>
    </section>
  );
}

const shownValue = (v: Version) => (v.deleted ? '(deleted)' : typeof v.value === 'string' ? v.value : JSON.stringify(v.value));

function ResultItem({ named }: { named: NamedResult }) {
  const { client, result } = named;
  const { reply } = result;
  const selected = useSelection((s) => s.request === reply.reqId);
  const head = `${client}: ${result.op} ${JSON.stringify(result.key)} via ${result.via ?? 'nobody'} · ${result.latencyMs.toFixed(1)} ms`;
  const select = (
    <button type="button" className="link-button" aria-pressed={selected} onClick={() => selectRequest(selected ? null : reply.reqId)}>
      {selected ? 'unselect' : 'show on timeline'}
    </button>
  );
  if (!reply.ok) {
    const definite = definiteErrors.has(reply.error) ? 'definite: it did not happen' : 'indefinite: it may have happened';
    return (
      <li className="result result-error" data-testid="result" data-ok="false" data-error={reply.error}>
        <div className="result-head">
          {head} {select}
        </div>
        <div>
          <strong data-testid="result-error">{reply.error}</strong> ({definite}): {reply.message}
        </div>
      </li>
    );
  }
  const siblings = reply.kind === 'get' ? reply.versions : [];
  return (
    <li className={selected ? 'result result-selected' : 'result'} data-testid="result" data-ok="true">
      <div className="result-head">
        {head} {select}
      </div>
      {reply.kind === 'get' ? (
        siblings.length === 0 ? (
          <div data-testid="result-value">not found</div>
        ) : (
          siblings.map((v) => <VersionLine key={`${v.dot.node}:${v.dot.counter}`} v={v} />)
        )
      ) : (
        <VersionLine v={reply.version} />
      )}
      <div className="result-meta">
        coordinator {reply.coordinator} · answered: {reply.replicas.join(', ') || 'none'}
      </div>
      {reply.kind === 'get' && siblings.length > 1 ? (
        <Reconcile client={client} result={result} siblings={siblings} context={reply.context} />
      ) : null}
    </li>
  );
}

function Reconcile({ client, result, siblings, context }: { client: string; result: ClientResult; siblings: readonly Version[]; context: Clock }) {
  const [value, setValue] = useState(() => siblings.filter((v) => !v.deleted).map(shownValue).join(' + '));
  const [busy, setBusy] = useState(false);
  const onReconcile = async () => {
    setBusy(true);
    try {
      await clients.put(client, result.key, value, result.via ?? 'any', context);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="reconcile" data-testid="reconcile">
      <span>
        {siblings.length} siblings · merged context <code className="clock">{formatClock(context)}</code>
      </span>
      <label>
        Merged value
        <input data-testid="reconcile-value" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="button" data-testid="reconcile-put" disabled={busy} onClick={() => void onReconcile()}>
        Reconcile
      </button>
    </div>
  );
}

function VersionLine({ v }: { v: Version }) {
  return (
    <div className="version" data-testid="result-version">
      <span data-testid="result-value">{shownValue(v)}</span>
      <code className="clock" data-testid="result-clock">
        {formatClock(displayClock(v))}
      </code>
    </div>
  );
}
