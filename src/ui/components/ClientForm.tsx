// The client panel's form: which client, the key, the value and the coordinator; put, get and
// delete call the named client's commands. Results appear in ResultList.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { nodeId } from '../../core/ids';
import type { Via } from '../../runtime/liveClient';
import { clients, useClients } from '../store/clients';
import { useCluster } from '../store/useCluster';

type Action = 'put' | 'get' | 'delete';

export function ClientForm() {
  const nodes = useCluster((s) => s.snapshot?.nodes ?? []);
  const names = useClients((s) => s.names);
  const [name, setName] = useState(names[0] ?? 'alice');
  const [key, setKey] = useState('apple');
  const [value, setValue] = useState('green');
  const [via, setVia] = useState('any');
  const [busy, setBusy] = useState(false);

  const run = async (action: Action) => {
    const target: Via = via === 'any' ? 'any' : nodeId(via);
    setBusy(true);
    try {
      if (action === 'put') await clients.put(name, key, value, target);
      else if (action === 'get') await clients.get(name, key, target);
      else await clients.delete(name, key, target);
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
          Client
          <select data-testid="client-name" value={name} onChange={(e) => setName(e.target.value)}>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="client-add" onClick={() => clients.addClient()} title="Add another client with no context">
          + client
        </button>
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
            <option value="any">any node</option>
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
