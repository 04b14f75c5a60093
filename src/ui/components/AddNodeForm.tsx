// "Add node": an id, a weight (capacity: weight × vnodes tokens) and a zone, then Join. The
// cluster validates (duplicate id, weight out of range, a change under way); the refusal shows
// here as text. A plain form, so it is reachable and submittable from the keyboard.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { addNode, suggestNodeId } from '../store/membershipCommands';
import { useCluster } from '../store/useCluster';

export function AddNodeForm({ onMessage }: { readonly onMessage: (message: string | null) => void }) {
  // A joined string: a selector must not build a new array on every store change.
  const ids = useCluster((s) => s.snapshot?.nodes.map((n) => n.id).join(',') ?? '').split(',');
  const [id, setId] = useState('');
  const [weight, setWeight] = useState('1');
  const [zone, setZone] = useState('');
  const suggested = suggestNodeId(ids);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const chosen = id.trim() === '' ? suggested : id.trim();
    const w = Number(weight);
    void addNode({ id: chosen, weight: weight.trim() === '' ? Number.NaN : w, ...(zone.trim() !== '' ? { zone: zone.trim() } : {}) }).then((why) => {
      onMessage(why === null ? `${chosen} is joining: the ranges it gains are streaming to it` : why);
      if (why === null) setId('');
    });
  };

  return (
    <form className="add-node" onSubmit={onSubmit} aria-label="add a node" data-testid="add-node-form">
      <label>
        Id
        <input data-testid="add-node-id" value={id} placeholder={suggested} onChange={(e) => setId(e.target.value)} size={6} />
      </label>
      <label>
        Weight
        <input data-testid="add-node-weight" type="number" inputMode="numeric" value={weight} onChange={(e) => setWeight(e.target.value)} title="Relative capacity, 1 to 16: the node takes weight × vnodes tokens" />
      </label>
      <label>
        Zone
        <input data-testid="add-node-zone" value={zone} placeholder="none" onChange={(e) => setZone(e.target.value)} size={6} />
      </label>
      <button type="submit" data-testid="add-node">
        Add node
      </button>
    </form>
  );
}
