// The put / get / delete form. It gathers the key, value and coordinator and calls the store's
// client; results appear in ResultList.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { nodeId } from '../../core/ids';
import type { Via } from '../../runtime/liveClient';
import { client } from '../store/clusterStore';
import { useCluster } from '../store/useCluster';

type Action = 'put' | 'get' | 'delete';

export function ClientForm() {
  const nodes = useCluster((s) => s.snapshot?.nodes ?? []);
  const [key, setKey] = useState('apple');
  const [value, setValue] = useState('green');
  const [via, setVia] = useState('any');
  const [busy, setBusy] = useState(false);

  const run = async (action: Action) => {
    const target: Via = via === 'any' ? 'any' : nodeId(via);
    setBusy(true);
    try {
      if (action === 'put') await client.put(key, value, target);
      else if (action === 'get') await client.get(key, target);
      else await client.delete(key, target);
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run('get');
  };

  return (
    <section className="panel" aria-labelledby="client-title">
      <h2 id="client-title">Client</h2>
      <form className="client-form" onSubmit={onSubmit}>
        <label>
          Key
          <input data-testid="client-key" value={key} onChange={(e) => setKey(e.target.value)} />
        </label>
        <label>
          Value
          <input data-testid="client-value" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <label>
          Coordinator
          <select data-testid="client-via" value={via} onChange={(e) => setVia(e.target.value)}>
            <option value="any">any</option>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.id}
              </option>
            ))}
          </select>
        </label>
        <div className="buttons">
          <button type="button" data-testid="client-put" disabled={busy} onClick={() => void run('put')}>
            Put
          </button>
          <button type="submit" data-testid="client-get" disabled={busy}>
            Get
          </button>
          <button type="button" data-testid="client-delete" disabled={busy} onClick={() => void run('delete')}>
            Delete
          </button>
        </div>
      </form>
    </section>
  );
}
